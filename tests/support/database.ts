// Gives each integration test file its own database, copied from the one the global setup seeded.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "@/lib/db/client";
import type { DemoSchool } from "@/lib/db/seed";
import type { Actor } from "@/lib/auth/policy";
import { loadActor } from "@/lib/server/auth/load-actor";
import { migrateDatabase } from "@/lib/db/migrate";
import { ensureReferenceData } from "@/lib/db/reference-data";
import { databaseUrlFor, runAdminStatement } from "./postgres";

export type TestDatabase = DatabaseHandle & { demo: DemoSchool; actorFor(userId: string): Promise<Actor> };

/** A migrated database with reference data and no school, for tests of seeding itself. */
export async function useEmptyDatabase(): Promise<DatabaseHandle> {
  const handle = inject("testDatabase").kind === "pglite" ? await openDatabase({}) : await openScratchDatabase();
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  afterAll(() => handle.close());
  return handle;
}

async function openScratchDatabase(template?: string): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL!;
  const source = inject("testDatabase");
  // Named for the run, so the global teardown drops it even if this file's clean-up never runs.
  const prefix = source.kind === "postgres" ? source.scratchPrefix : "ams_test_";
  const name = `${prefix}${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await runAdminStatement(url, `create database ${name}${template ? ` template ${template}` : ""}`);
  const opened = await openDatabase({ url: databaseUrlFor(url, name), poolMax: 4 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await runAdminStatement(url, `drop database if exists ${name} with (force)`);
    },
  };
}

export async function useTestDatabase(): Promise<TestDatabase> {
  const source = inject("testDatabase");
  let handle: DatabaseHandle;
  if (source.kind === "pglite") {
    handle = await openDatabase({ pgliteLoadDataDir: new Blob([fs.readFileSync(source.dumpPath)]) });
  } else {
    handle = await openScratchDatabase(source.template);
  }
  afterAll(() => handle.close());
  return {
    ...handle,
    demo: source.demo,
    async actorFor(userId: string) {
      const actor = await loadActor(handle.db, userId);
      if (!actor) throw new Error(`No active user ${userId} in the test database`);
      return actor;
    },
  };
}
