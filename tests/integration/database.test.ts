// The migrated schema defends itself: constraints the application relies on, on both databases.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { prepareDatabase } from "@/lib/db/prepare";
import { ensureReferenceData } from "@/lib/db/reference-data";
import { academicYears, auditLog, enrolments, rolePermissions, scores, students } from "@/lib/db/schema";
import { type TestDatabase, useTestDatabase } from "../support/database";
import { databaseUrlFor, runAdminStatement } from "../support/postgres";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});

/** The database error's constraint name, whichever driver raised it. */
async function violation(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { constraint?: string; message?: string } }).cause;
    return cause?.constraint ?? cause?.message ?? String(error);
  }
  return undefined;
}

describe("schema", () => {
  it("migrates and writes reference data idempotently", async () => {
    const [before] = await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(rolePermissions);
    await migrateDatabase(t);
    await ensureReferenceData(t.db);
    const [after] = await t.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(rolePermissions);
    expect(after!.n).toBe(before!.n);
  });

  it("allows only one current academic year, and no overlapping years", async () => {
    expect(
      await violation(t.db.insert(academicYears).values({ name: "2027/2028", startsOn: "2027-09-06", endsOn: "2028-07-14", isCurrent: true })),
    ).toBe("academic_years_one_current");
    expect(await violation(t.db.insert(academicYears).values({ name: "Overlap", startsOn: "2027-01-01", endsOn: "2027-12-31" }))).toMatch(
      /academic_years_no_overlap|overlap/,
    );
  });

  it("refuses a second active enrolment for a student in the same year", async () => {
    expect(
      await violation(
        t.db.insert(enrolments).values({
          studentId: t.demo.student.studentId,
          classId: t.demo.classIds[1]!,
          academicYearId: t.demo.academicYearId,
          enrolledOn: "2026-10-01",
        }),
      ),
    ).toBe("enrolments_one_active_per_year");
  });

  it("refuses a student marked as left without the date they left", async () => {
    expect(await violation(t.db.update(students).set({ status: "withdrawn" }).where(eq(students.id, t.demo.strangerStudentId)))).toBe(
      "students_left_has_date",
    );
  });

  it("refuses a score value on an absence, and a missing value on a score", async () => {
    const [score] = await t.db.select().from(scores).limit(1);
    expect(await violation(t.db.update(scores).set({ mark: "absent" }).where(eq(scores.id, score!.id)))).toBe("scores_value_matches_mark");
    expect(await violation(t.db.update(scores).set({ value: null }).where(eq(scores.id, score!.id)))).toBe("scores_value_matches_mark");
  });

  it("keeps the audit log append-only", async () => {
    const [entry] = await t.db.select().from(auditLog).limit(1);
    expect(await violation(t.db.update(auditLog).set({ reason: "tampered" }).where(eq(auditLog.id, entry!.id)))).toMatch(/append-only/);
    expect(await violation(t.db.delete(auditLog).where(eq(auditLog.id, entry!.id)))).toMatch(/append-only/);
  });
});

describe("instances starting together", () => {
  const postgres = inject("testDatabase").kind === "postgres";
  // PGlite allows one process per data folder, so only PostgreSQL has instances to race.
  it.skipIf(!postgres)("take turns to migrate and seed a new PostgreSQL database: one seeds, none fails", async () => {
    const url = process.env.DATABASE_URL!;
    const name = `ams_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    await runAdminStatement(url, `create database ${name}`);
    const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ url: databaseUrlFor(url, name), poolMax: 3 })));
    try {
      const prepared = await Promise.all(handles.map((handle) => prepareDatabase(handle, { seedDemo: true })));
      expect(prepared.filter((p) => p.seededNow)).toHaveLength(1);
      expect(prepared.every((p) => p.hasSchool)).toBe(true);
      const [row] = await handles[0]!.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(academicYears);
      expect(row!.n).toBeGreaterThan(0);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await runAdminStatement(url, `drop database if exists ${name} with (force)`);
    }
  });
});

describe("an embedded database folder", () => {
  // PGlite does not guard its folder; two processes writing one corrupt it.
  it("is refused while another live process holds it, taken over from a dead one, and released on close", async () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ams-lock-")), "pglite");
    const lock = `${folder}.lock`;
    try {
      // The test runner's parent process is alive and is not this one.
      fs.writeFileSync(lock, String(process.ppid));
      await expect(openDatabase({ pgliteDir: folder })).rejects.toThrow(`is in use by process ${process.ppid}`);
      expect(fs.existsSync(folder)).toBe(false);

      fs.writeFileSync(lock, "2147483646");
      const first = await openDatabase({ pgliteDir: folder });
      expect(fs.readFileSync(lock, "utf8")).toBe(String(process.pid));
      await first.close();
      expect(fs.existsSync(lock)).toBe(false);
    } finally {
      fs.rmSync(path.dirname(folder), { recursive: true, force: true });
    }
  });
});
