// Builds one migrated, seeded database per test run; each test file then gets its own copy of it:
// a PGlite dump loaded into memory, or, with DATABASE_URL set, a PostgreSQL database cloned from a template.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../lib/db/client";
import type { PGlite } from "@electric-sql/pglite";
import { prepareDatabase } from "../../lib/db/prepare";
import { seedDemoSchool, type DemoSchool } from "../../lib/db/seed";
import { databaseNames, databaseUrlFor, runAdminStatement } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "pglite"; dumpPath: string; demo: DemoSchool } | { kind: "postgres"; template: string; scratchPrefix: string; demo: DemoSchool };
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `ams_test_template_${process.pid}`;
    await runAdminStatement(url, `drop database if exists ${template} with (force)`);
    await runAdminStatement(url, `create database ${template}`);
    const handle = await openDatabase({ url: databaseUrlFor(url, template), poolMax: 2 });
    const demo = await seed(handle);
    await handle.close();
    // Every test file's database is named with this prefix, so the teardown finds them all: a file's
    // own clean-up can be skipped (a timeout, a crash, a hook that never ran).
    const scratchPrefix = `ams_test_${process.pid}_`;
    project.provide("testDatabase", { kind: "postgres", template, scratchPrefix, demo });
    return async () => {
      for (const name of await databaseNames(url, scratchPrefix)) await runAdminStatement(url, `drop database if exists ${name} with (force)`);
      await runAdminStatement(url, `drop database if exists ${template} with (force)`);
    };
  }
  const handle = await openDatabase({});
  const demo = await seed(handle);
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  await handle.close();
  const dumpPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ams-test-")), "template.tar");
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("testDatabase", { kind: "pglite", dumpPath, demo });
  return () => fs.rmSync(path.dirname(dumpPath), { recursive: true, force: true });
}

async function seed(handle: Awaited<ReturnType<typeof openDatabase>>): Promise<DemoSchool> {
  await prepareDatabase(handle, { seedDemo: false });
  // Four students per class keeps each copy small while every scope rule still has people on both sides.
  return seedDemoSchool(handle.db, { studentsPerClass: 4 });
}
