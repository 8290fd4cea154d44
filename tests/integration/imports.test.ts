// CSV import of students with guardians, and of educators: the dry run, the apply (a run applied
// by its background job, here called directly; the queue's own worker at the end) and refusals.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { auditLog, classes, educators, enrolments, guardians, guardianStudents, importRuns, roles, students, userRoles, users } from "@/lib/db/schema";
import { type ImportIssue, parseImportCsv } from "@/lib/domain/csv-import";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { importRunJob, JOB_DEFINITIONS } from "@/lib/jobs/definitions";
import { ensureQueues, type JobQueue, JOB_SCHEMA, openJobQueue } from "@/lib/jobs/queue";
import { startWorkers } from "@/lib/jobs/worker";
import { applyImportRun, isPermanentImportFailure, recordImportRunFailure } from "@/lib/server/imports/apply-import-run";
import { getImportTemplate } from "@/lib/server/imports/get-import-template";
import { getImportRun, type ImportRunView, listImportRuns } from "@/lib/server/imports/list-import-runs";
import { previewImport } from "@/lib/server/imports/preview-import";
import type { ImportSummary } from "@/lib/server/imports/shared";
import { startImportRun } from "@/lib/server/imports/start-import-run";
import { createGuardian } from "@/lib/server/people/create-guardian";
import { createStudent } from "@/lib/server/students/create-student";
import { autoMapColumns, type ImportKind, type ImportMode } from "@/lib/validation/imports";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type CreateStudentInput, todayIso } from "@/lib/validation/students";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let office: Actor;
let queue: JobQueue;

beforeAll(async () => {
  t = await useTestDatabase();
  admin = { ...(await t.actorFor(t.demo.adminUserId)), requestId: "req-import" };
  office = await t.actorFor(t.demo.staffUserId);
  queue = await openJobQueue(t);
  await ensureQueues(queue, JOB_DEFINITIONS);
});

afterAll(async () => {
  await queue?.stop({ graceful: false, wait: true });
});

const STUDENT_HEADER = [
  "Admission No",
  "First name",
  "Middle name",
  "Surname",
  "DOB",
  "Gender",
  "Class",
  "Guardian first name",
  "Guardian last name",
  "Guardian relationship",
  "Guardian email",
  "Guardian phone",
];

const csvOf = (header: string[], rows: string[][]) => Papa.unparse({ fields: header, data: rows });

/** The request the page sends: the file as text and the automatic column mapping. */
function request(kind: ImportKind, csv: string, mode: ImportMode = "all_or_nothing") {
  return { kind, csv, columns: autoMapColumns(kind, parseImportCsv(csv).header), mode };
}

type Applied = { applied: boolean; blocked: boolean; summary: ImportSummary; issues: ImportIssue[]; run: ImportRunView | null };

/**
 * Apply as the page does (a new check each time), then the run's job, called here rather than by a
 * worker: blocked with the fresh check's problems, or the finished run's summary.
 */
async function applyImport(db: TestDatabase["db"], actor: Actor, input: ReturnType<typeof request>, options: { chunkRows?: number } = {}): Promise<Applied> {
  const started = await startImportRun(db, actor, queue, { ...input, checkId: randomUUID(), fileName: "test.csv" });
  if (started.status === "blocked") return { applied: false, blocked: true, summary: started.check.summary, issues: started.check.issues, run: null };
  await applyImportRun(db, started.runId, options);
  const run = await getImportRun(db, actor, { runId: started.runId });
  return { applied: run.status === "done", blocked: false, summary: run.summary, issues: run.issues, run };
}

async function countImportJobs(): Promise<number> {
  const [row] = await selectRows<{ count: number }>(t.db, sql`select count(*)::int as count from ${sql.raw(JOB_SCHEMA)}.job where name = ${importRunJob.name}`);
  return row!.count;
}

function studentRow(admission: string, overrides: Partial<Record<(typeof STUDENT_HEADER)[number], string>> = {}): string[] {
  const values: Record<string, string> = {
    "Admission No": admission,
    "First name": "Tobi",
    "Middle name": "",
    Surname: "Adewale",
    DOB: "14/05/2014",
    Gender: "male",
    Class: "JSS 1 B",
    "Guardian first name": "Kemi",
    "Guardian last name": "Adewale",
    "Guardian relationship": "mother",
    "Guardian email": `kemi.${admission.toLowerCase().replace(/[^a-z0-9]/g, "")}@family.test`,
    "Guardian phone": "+234 803 111 2222",
    ...overrides,
  };
  return STUDENT_HEADER.map((h) => values[h] ?? "");
}

async function studentByAdmission(admission: string) {
  const [row] = await t.db.select().from(students).where(sql`lower(${students.admissionNumber}) = lower(${admission})`);
  return row;
}

async function classOf(studentId: string) {
  const rows = await selectRows<{ name: string }>(
    t.db,
    sql`select c.name from enrolments e join classes c on c.id = e.class_id where e.student_id = ${studentId} and e.status = 'active'`,
  );
  return rows.map((r) => r.name);
}

const messages = (result: { issues: Array<{ message: string }> }) => result.issues.map((i) => i.message);

describe("the template", () => {
  it("imports its own example row as it is, for students with their guardians", async () => {
    const template = await getImportTemplate(t.db, admin, { kind: "students" });
    expect(template.csv.startsWith("\uFEFFAdmission number,First name")).toBe(true);
    expect(template.csv).toContain("Date of birth (YYYY-MM-DD or DD/MM/YYYY)");
    const preview = await previewImport(t.db, admin, request("students", template.csv));
    expect(preview.issues).toEqual([]);
    expect(preview.summary).toMatchObject({ newRecords: 1, updatedRecords: 0, unchangedRecords: 0, newGuardians: 2, newLinks: 2, rowsWithErrors: 0 });

    const applied = await applyImport(t.db, admin, request("students", template.csv));
    expect(applied).toMatchObject({ applied: true, blocked: false });
    const student = await studentByAdmission("EXAMPLE/0001");
    expect(student).toMatchObject({ firstName: "Amina", lastName: "Bello", dateOfBirth: "2014-03-21", gender: "female", admittedOn: "2026-09-07", address: "12 Unity Road, Ibadan" });
    expect(await classOf(student!.id)).toEqual(["JSS 1 A"]);
    const family = await t.db
      .select({ firstName: guardians.firstName, relationship: guardianStudents.relationship, primary: guardianStudents.isPrimaryContact })
      .from(guardianStudents)
      .innerJoin(guardians, eq(guardians.id, guardianStudents.guardianId))
      .where(eq(guardianStudents.studentId, student!.id))
      .orderBy(guardians.firstName);
    expect(family).toEqual([
      { firstName: "Halima", relationship: "mother", primary: true },
      { firstName: "Sani", relationship: "father", primary: false },
    ]);
  });

  it("imports its own example row as it is, for educators", async () => {
    const template = await getImportTemplate(t.db, admin, { kind: "educators" });
    const applied = await applyImport(t.db, admin, request("educators", template.csv));
    expect(applied.summary).toMatchObject({ newRecords: 1, rowsWithErrors: 0 });
    const [educator] = await t.db.select().from(educators).where(eq(educators.staffNumber, "EXAMPLE-01"));
    expect(educator).toMatchObject({ title: "Mrs", firstName: "Ngozi", lastName: "Eze", email: "ngozi.eze@example.com" });
    expect(educator!.departmentId).not.toBeNull();
  });

  it("is a 404 for a kind that does not exist", async () => {
    await expect(getImportTemplate(t.db, admin, { kind: "scores" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("checking a file", () => {
  it("names the row, the column and the value of each bad cell, every one at once", async () => {
    const csv = csvOf(STUDENT_HEADER, [
      studentRow("CHK/001"),
      studentRow("CHK/002", { DOB: "31/02/2015", Gender: "boyish", "Guardian email": "not-an-email", "First name": "" }),
      studentRow("CHK/003", { Surname: "<b>Bold</b>" }),
      studentRow("chk/004", { "Guardian email": "", "Guardian phone": "" }),
    ]);
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(messages(preview)).toEqual([
      "Row 3, column First name is empty, and it is required",
      "Row 3, column DOB (Date of birth): 31/02/2015 is not a date (write it as YYYY-MM-DD or DD/MM/YYYY)",
      "Row 3, column Gender: boyish is not one of: female, male, other",
      "Row 3, column Guardian email (Guardian 1 email): not-an-email — Enter an email address like name@example.com",
      "Row 4, column Surname (Last name): <b>Bold</b> — The last name can't contain < or >",
      "Row 5, column Guardian email (Guardian 1 email) is empty: give the guardian's email or phone, so they can be recognised next time",
    ]);
    expect(preview.issues[1]).toMatchObject({ row: 3, column: 4, field: "dateOfBirth", severity: "error" });
    expect(preview.summary).toMatchObject({ newRecords: 1, rowsWithErrors: 3 });
    expect(preview.blocked).toBe(true);
    expect(preview.rows.map((r) => r.outcome)).toEqual(["new", "error", "error", "error"]);
    expect(await studentByAdmission("CHK/001")).toBeUndefined();
  });

  it("refuses a class that is not one of this year's, on the class cell", async () => {
    const csv = csvOf(STUDENT_HEADER, [studentRow("CLS/001", { Class: "JSS 9 Z" })]);
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(messages(preview)).toEqual(["Row 2, column Class: JSS 9 Z is not a class of 2026/2027: use a class name as on the School structure page"]);
    expect(preview.issues[0]).toMatchObject({ column: 6, field: "className" });
  });

  it("refuses an admission number that appears twice in the file, on every copy", async () => {
    const csv = csvOf(STUDENT_HEADER, [studentRow("DUP/001"), studentRow("DUP/002"), studentRow("dup/001")]);
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(messages(preview)).toEqual([
      "Row 2, column Admission No (Admission number): DUP/001 appears on rows 2 and 4: list each student once",
      "Row 4, column Admission No (Admission number): dup/001 appears on rows 2 and 4: list each student once",
    ]);
    expect(preview.summary).toMatchObject({ newRecords: 1, rowsWithErrors: 2 });
  });

  it("says which required column is not mapped, and reads nothing", async () => {
    const csv = csvOf(["Admission No", "First name", "Class"], [["MAP/001", "Ada", "JSS 1 A"]]);
    const error = await previewImport(t.db, admin, request("students", csv)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.columns).toEqual(["Choose the column that holds Last name (required)."]);
  });

  it("accepts a byte-order mark, semicolons and day-first dates, and warns of a class over capacity", async () => {
    const rows = Array.from({ length: 27 }, (_, i) => [`CAP/${String(i + 1).padStart(3, "0")}`, "Zainab", `Musa${i}`, "01/10/2013", "JSS 2 B"]);
    const csv = `\uFEFF${Papa.unparse({ fields: ["Admission number", "First name", "Last name", "Date of birth", "Class"], data: rows }, { delimiter: ";" })}`;
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(preview.summary).toMatchObject({ newRecords: 27, rowsWithErrors: 0, rowsWithWarnings: 1 });
    expect(messages(preview)).toEqual([
      "Row 2, column Class: JSS 2 B will have 31 students after this import, over its capacity of 30 (27 arriving from this file)",
    ]);
    expect(preview.blocked).toBe(false);
  });
});

describe("the forms' rules", () => {
  /** What the form refuses, by field: the server action answers with these same fieldErrors. */
  async function formRefuses(attempt: Promise<unknown>): Promise<Record<string, string[]>> {
    const error = await attempt.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fieldErrors;
  }
  async function admission(admissionNumber: string, overrides: Partial<CreateStudentInput> = {}): Promise<CreateStudentInput> {
    const [jss1a] = await t.db.select({ id: classes.id }).from(classes).where(eq(classes.name, "JSS 1 A"));
    return { admissionNumber, firstName: "Tobi", lastName: "Adewale", dateOfBirth: "2014-05-14", gender: "male", admittedOn: todayIso(), classId: jss1a!.id, ...overrides };
  }

  it("accepts a 25-character phone number and refuses a 31-character one, as the student form does, in its words", async () => {
    const phone25 = "+234 (0) 803 555 0101 222";
    const phone31 = "+234 (0) 803 555 0101 222 33333";
    expect([phone25.length, phone31.length]).toEqual([25, 31]);

    expect((await createStudent(t.db, office, await admission("RUL/F01", { phone: phone25 }))).id).toBeDefined();
    const refused = await formRefuses(createStudent(t.db, office, await admission("RUL/F02", { phone: phone31 })));
    expect(refused).toEqual({ phone: ["Phone numbers are at most 30 characters"] });

    const csv = csvOf([...STUDENT_HEADER, "Phone"], [
      [...studentRow("RUL/I01"), phone25],
      [...studentRow("RUL/I02"), phone31],
    ]);
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(preview.rows.map((r) => r.outcome)).toEqual(["new", "error"]);
    expect(preview.issues).toEqual([
      expect.objectContaining({ row: 3, column: STUDENT_HEADER.length, field: "phone", message: `Row 3, column Phone: ${phone31} — ${refused.phone![0]}` }),
    ]);
  });

  it("refuses markup in a guardian's name and a child too young for school in the words of the forms", async () => {
    const guardianRefused = await formRefuses(createGuardian(t.db, office, { firstName: "<i>Kemi</i>", lastName: "Adewale", phone: "+234 803 111 2222" }));
    const yearOld = `${Number(todayIso().slice(0, 4)) - 1}-01-01`;
    const studentRefused = await formRefuses(createStudent(t.db, office, await admission("RUL/F03", { dateOfBirth: yearOld })));

    const csv = csvOf([...STUDENT_HEADER, "Admitted on"], [
      [...studentRow("RUL/I03", { "Guardian first name": "<i>Kemi</i>" }), todayIso()],
      [...studentRow("RUL/I04", { DOB: yearOld }), todayIso()],
    ]);
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(messages(preview)).toEqual([
      `Row 2, column Guardian first name (Guardian 1 first name): <i>Kemi</i> — ${guardianRefused.firstName![0]}`,
      `Row 3, column DOB (Date of birth): ${yearOld} — ${studentRefused.dateOfBirth![0]}`,
    ]);
    expect(guardianRefused.firstName![0]).toBe("The first name can't contain < or >");
    expect(studentRefused.dateOfBirth![0]).toMatch(/^A student is usually 3 to 25 years old when admitted/);
  });
});

describe("applying a file", () => {
  const header = STUDENT_HEADER;
  const file = (chidi: Partial<Record<string, string>> = {}) =>
    csvOf(header, [
      studentRow("APP/001", { "First name": "Chidi", ...chidi }),
      studentRow("APP/002", { "First name": "Ada", "Guardian email": "shared.parent@family.test", "Guardian first name": "Ngozi", "Guardian last name": "Obi" }),
      studentRow("APP/003", { "First name": "Obi", "Guardian email": "shared.parent@family.test", "Guardian first name": "Ngozi", "Guardian last name": "Obi" }),
    ]);

  it("creates the students, their guardians once each, the links and the enrolments", async () => {
    const result = await applyImport(t.db, admin, request("students", file()));
    expect(result.summary).toMatchObject({ newRecords: 3, updatedRecords: 0, unchangedRecords: 0, newGuardians: 2, newLinks: 3, rowsWithErrors: 0 });
    const shared = await t.db.select().from(guardians).where(eq(guardians.email, "shared.parent@family.test"));
    expect(shared).toHaveLength(1);
    const links = await t.db.select().from(guardianStudents).where(eq(guardianStudents.guardianId, shared[0]!.id));
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.isPrimaryContact && l.relationship === "mother")).toBe(true);
    const chidi = await studentByAdmission("APP/001");
    expect(chidi).toMatchObject({ firstName: "Chidi", dateOfBirth: "2014-05-14", gender: "male", status: "active" });
    expect(await classOf(chidi!.id)).toEqual(["JSS 1 B"]);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, "student"), eq(auditLog.entityId, chidi!.id)));
    expect(audit).toEqual([expect.objectContaining({ action: "student.import_create", actorUserId: t.demo.adminUserId, requestId: "req-import" })]);
    const [run] = await t.db.select().from(auditLog).where(eq(auditLog.action, "import.students")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(run!.after).toMatchObject({ rows: 3, newRecords: 3, newGuardians: 2, newLinks: 3, mode: "all_or_nothing" });
  });

  it("changes nothing when the same file is imported again", async () => {
    const countAll = async () =>
      (await selectRows<{ n: string }>(t.db, sql`select (select count(*) from students) + (select count(*) from guardians) + (select count(*) from guardian_students) + (select count(*) from enrolments) + (select count(*) from audit_log) as n`))[0]!.n;
    const before = await countAll();
    const again = await applyImport(t.db, admin, request("students", file()));
    expect(again).toMatchObject({ applied: true });
    expect(again.summary).toMatchObject({ newRecords: 0, updatedRecords: 0, unchangedRecords: 3, newGuardians: 0, newLinks: 0 });
    expect(again.issues).toEqual([]);
    expect(await countAll()).toBe(before);
  });

  it("updates only the changed cell, with its before and after in the audit log", async () => {
    const chidi = (await studentByAdmission("APP/001"))!;
    const others = await t.db.select().from(students).where(inArray(students.admissionNumber, ["APP/002", "APP/003"]));
    const check = await previewImport(t.db, admin, request("students", file({ DOB: "2014-05-15" })));
    expect(check.rows[0]).toEqual({ row: 2, outcome: "updated", changed: ["dateOfBirth"] });
    const result = await applyImport(t.db, admin, request("students", file({ DOB: "2014-05-15" })));
    expect(result.summary).toMatchObject({ newRecords: 0, updatedRecords: 1, unchangedRecords: 2 });
    const after = (await studentByAdmission("APP/001"))!;
    expect(after).toEqual({ ...chidi, dateOfBirth: "2014-05-15", updatedAt: after.updatedAt });
    expect(await t.db.select().from(students).where(inArray(students.admissionNumber, ["APP/002", "APP/003"]))).toEqual(others);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, chidi.id), eq(auditLog.action, "student.import_update")));
    expect(audit).toMatchObject({ before: { dateOfBirth: "2014-05-14" }, after: { dateOfBirth: "2014-05-15" } });
  });

  it("leaves stored values alone where a cell is empty", async () => {
    const result = await previewImport(t.db, admin, request("students", file({ DOB: "", Gender: "" })));
    expect(result.rows[0]).toMatchObject({ outcome: "unchanged" });
  });

  it("moves a student to another class, keeping the old enrolment as history", async () => {
    const check = await previewImport(t.db, admin, request("students", file({ DOB: "2014-05-15", Class: "jss 1 a" })));
    expect(check.rows[0]).toMatchObject({ outcome: "updated", changed: ["className"] });
    const result = await applyImport(t.db, admin, request("students", file({ DOB: "2014-05-15", Class: "jss 1 a" })));
    expect(result.summary).toMatchObject({ updatedRecords: 1, unchangedRecords: 2 });
    const chidi = (await studentByAdmission("APP/001"))!;
    const history = await t.db.select({ status: enrolments.status, classId: enrolments.classId }).from(enrolments).where(eq(enrolments.studentId, chidi.id));
    const [jss1a] = await t.db.select({ id: classes.id }).from(classes).where(eq(classes.name, "JSS 1 A"));
    expect(history).toHaveLength(2);
    expect(history.find((e) => e.status === "active")?.classId).toBe(jss1a!.id);
    expect(history.filter((e) => e.status === "moved")).toHaveLength(1);
  });

  it("links an existing guardian found by email instead of creating another, and says so", async () => {
    const csv = csvOf(STUDENT_HEADER, [
      studentRow("LNK/001", { "Guardian first name": "Someone", "Guardian last name": "Else", "Guardian email": "PARENT@school.test" }),
    ]);
    const preview = await previewImport(t.db, admin, request("students", csv));
    expect(preview.summary).toMatchObject({ newRecords: 1, newGuardians: 0, newLinks: 1, rowsWithWarnings: 1 });
    expect(preview.issues[0]).toMatchObject({ severity: "warning", field: "guardian1Email" });
    expect(preview.issues[0]!.message).toMatch(/^Row 2, column Guardian email \(Guardian 1 email\): parent@school\.test already belongs to the guardian .+: the email parent@school\.test will link the student to that guardian \(their name stays .+\)$/);
    await applyImport(t.db, admin, request("students", csv));
    const student = (await studentByAdmission("LNK/001"))!;
    const [link] = await t.db.select().from(guardianStudents).where(eq(guardianStudents.studentId, student.id));
    expect(link!.guardianId).toBe(t.demo.parent.guardianId);
    expect(await t.db.select().from(guardians).where(sql`lower(${guardians.email}) = 'parent@school.test'`)).toHaveLength(1);
  });

  it("recognises a guardian without email by name and phone", async () => {
    const row = (admission: string, phone: string) =>
      studentRow(admission, { "Guardian first name": "Bayo", "Guardian last name": "Phone-Only", "Guardian email": "", "Guardian phone": phone });
    await applyImport(t.db, admin, request("students", csvOf(STUDENT_HEADER, [row("PHN/001", "0803 555 0101")])));
    const second = await applyImport(t.db, admin, request("students", csvOf(STUDENT_HEADER, [row("PHN/002", "08035550101")])));
    expect(second.summary).toMatchObject({ newRecords: 1, newGuardians: 0, newLinks: 1 });
    expect(await t.db.select().from(guardians).where(eq(guardians.lastName, "Phone-Only"))).toHaveLength(1);
  });

  it("makes a guardian the primary contact when the file says so, and clears the previous one", async () => {
    const header = [...STUDENT_HEADER, "Guardian 2 first name", "Guardian 2 last name", "Guardian 2 email", "Guardian 2 primary contact"];
    const csv = csvOf(header, [[...studentRow("APP/002", { "First name": "Ada", "Guardian email": "shared.parent@family.test", "Guardian first name": "Ngozi", "Guardian last name": "Obi" }), "Emeka", "Obi", "emeka.obi@family.test", "yes"]]);
    const result = await applyImport(t.db, admin, request("students", csv));
    expect(result.summary).toMatchObject({ updatedRecords: 1, newGuardians: 1, newLinks: 1 });
    const ada = (await studentByAdmission("APP/002"))!;
    const links = await t.db
      .select({ email: guardians.email, primary: guardianStudents.isPrimaryContact })
      .from(guardianStudents)
      .innerJoin(guardians, eq(guardians.id, guardianStudents.guardianId))
      .where(eq(guardianStudents.studentId, ada.id))
      .orderBy(guardians.email);
    expect(links).toEqual([
      { email: "emeka.obi@family.test", primary: true },
      { email: "shared.parent@family.test", primary: false },
    ]);
    const again = await applyImport(t.db, admin, request("students", csv));
    expect(again.summary).toMatchObject({ updatedRecords: 0, unchangedRecords: 1 });
  });

  it("writes nothing when any row has an error, unless asked to import the valid rows only", async () => {
    const csv = csvOf(STUDENT_HEADER, [studentRow("ALL/001"), studentRow("ALL/002", { DOB: "2099-01-01" }), studentRow("ALL/003")]);
    const blocked = await applyImport(t.db, admin, request("students", csv));
    expect(blocked).toMatchObject({ applied: false, blocked: true, summary: { newRecords: 2, rowsWithErrors: 1 } });
    expect(messages(blocked)).toEqual(["Row 3, column DOB (Date of birth): 2099-01-01 — The date of birth can't be in the future"]);
    expect(await studentByAdmission("ALL/001")).toBeUndefined();

    const partial = await applyImport(t.db, admin, request("students", csv, "valid_rows_only"));
    expect(partial).toMatchObject({ applied: true, blocked: false, summary: { newRecords: 2, rowsWithErrors: 1 } });
    expect(await studentByAdmission("ALL/001")).toBeDefined();
    expect(await studentByAdmission("ALL/002")).toBeUndefined();
    expect(await studentByAdmission("ALL/003")).toBeDefined();
    const [run] = await t.db.select().from(auditLog).where(eq(auditLog.action, "import.students")).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(run!.after).toMatchObject({ mode: "valid_rows_only", skippedRows: [3] });
  });

  it("starts one run for a double-clicked Apply of one check, with one job", async () => {
    const csv = csvOf(STUDENT_HEADER, [studentRow("DBL/001"), studentRow("DBL/002")]);
    const input = { ...request("students", csv), checkId: randomUUID() };
    const jobsBefore = await countImportJobs();
    const [first, second] = await Promise.all([startImportRun(t.db, admin, queue, input), startImportRun(t.db, admin, queue, input)]);
    expect(first.status === "started" && second.status === "started" && first.runId === second.runId).toBe(true);
    expect([first, second].map((s) => s.status === "started" && s.alreadyStarted).sort()).toEqual([false, true]);
    expect(await countImportJobs()).toBe(jobsBefore + 1);
    // A retried request after the run finished still answers with that run, not a second one.
    await applyImportRun(t.db, (first as { runId: string }).runId);
    expect(await startImportRun(t.db, admin, queue, input)).toEqual({ status: "started", runId: (first as { runId: string }).runId, alreadyStarted: true });
    expect(await t.db.select().from(importRuns).where(eq(importRuns.id, (first as { runId: string }).runId))).toHaveLength(1);
  });

  it("applies a file sent from two tabs once: the second run waits for the first's chunk, then finds nothing to do", async () => {
    const csv = csvOf(STUDENT_HEADER, [studentRow("TWC/001"), studentRow("TWC/002")]);
    const starts = await Promise.all([1, 2].map(() => startImportRun(t.db, admin, queue, { ...request("students", csv), checkId: randomUUID() })));
    const runIds = starts.map((s) => (s.status === "started" ? s.runId : ""));
    expect(new Set(runIds).size).toBe(2);
    await Promise.all(runIds.map((runId) => applyImportRun(t.db, runId)));
    const runs = await Promise.all(runIds.map((runId) => getImportRun(t.db, admin, { runId })));
    expect(runs.map((r) => r.summary.newRecords).sort()).toEqual([0, 2]);
    expect(await t.db.select().from(students).where(sql`${students.admissionNumber} like 'TWC/%'`)).toHaveLength(2);
    expect(await t.db.select().from(guardians).where(eq(guardians.email, "kemi.twc001@family.test"))).toHaveLength(1);
  });

  it("stores cells that look like spreadsheet formulas as plain text", async () => {
    const header = [...STUDENT_HEADER, "Address"];
    const csv = csvOf(header, [[...studentRow("FRM/001", { "Middle name": "=1+2", "First name": "@SUM(A1)" }), '=HYPERLINK("http://x.test","click")']]);
    await applyImport(t.db, admin, request("students", csv));
    expect(await studentByAdmission("FRM/001")).toMatchObject({ firstName: "@SUM(A1)", middleName: "=1+2", address: '=HYPERLINK("http://x.test","click")' });
  });

  it("updates educators by staff number and refuses an unknown department", async () => {
    const header = ["Staff No", "Title", "First name", "Surname", "Dept"];
    const first = csvOf(header, [["EDU-100", "Mr", "Femi", "Ade", "SCI"], ["EDU-101", "Ms", "Bisi", "Ola", "Languages"]]);
    expect((await applyImport(t.db, admin, request("educators", first))).summary).toMatchObject({ newRecords: 2 });
    const second = csvOf(header, [["edu-100", "Dr", "Femi", "Ade", "SCI"], ["EDU-101", "Ms", "Bisi", "Ola", "Cooking"]]);
    const result = await applyImport(t.db, admin, request("educators", second, "valid_rows_only"));
    expect(result.summary).toMatchObject({ newRecords: 0, updatedRecords: 1, rowsWithErrors: 1 });
    expect(messages(result)).toEqual(["Row 3, column Dept (Department): Cooking is not a department: use a code or name as on the Departments page"]);
    const [femi] = await t.db.select().from(educators).where(eq(educators.staffNumber, "EDU-100"));
    expect(femi!.title).toBe("Dr");
  });
});

describe("who may import", () => {
  const csv = () => csvOf(STUDENT_HEADER, [studentRow("DEN/001")]);

  it("refuses teachers and parents, for either kind, the template included", async () => {
    for (const userId of [t.demo.teacher.userId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(previewImport(t.db, actor, request("students", csv()))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(applyImport(t.db, actor, request("students", csv()))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getImportTemplate(t.db, actor, { kind: "students" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(applyImport(t.db, actor, request("educators", csvOf(["Staff number", "First name", "Last name"], [["X-1", "A", "B"]])))).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await studentByAdmission("DEN/001")).toBeUndefined();
  });

  it("lets the office import students but not educators", async () => {
    const result = await applyImport(t.db, office, request("students", csv()));
    expect(result.summary.newRecords).toBe(1);
    const educatorsFile = csvOf(["Staff number", "First name", "Last name"], [["OFF-1", "Office", "Attempt"]]);
    await expect(applyImport(t.db, office, request("educators", educatorsFile))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(previewImport(t.db, office, request("educators", educatorsFile))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getImportTemplate(t.db, office, { kind: "educators" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.db.select().from(educators).where(eq(educators.staffNumber, "OFF-1"))).toEqual([]);
  });
});

describe("an import run", () => {
  const rows = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => studentRow(`${prefix}/${String(i + 1).padStart(4, "0")}`));

  it("leaves no run and no job when the transaction that started it rolls back", async () => {
    const csv = csvOf(STUDENT_HEADER, rows("RBK", 2));
    const runsBefore = (await t.db.select({ id: importRuns.id }).from(importRuns)).length;
    const jobsBefore = await countImportJobs();
    const error = await t.db
      .transaction(async (tx) => {
        const started = await startImportRun(tx, admin, queue, { ...request("students", csv), checkId: randomUUID() });
        expect(started.status).toBe("started");
        throw new Error("roll back");
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("roll back");
    expect((await t.db.select({ id: importRuns.id }).from(importRuns)).length).toBe(runsBefore);
    expect(await countImportJobs()).toBe(jobsBefore);
  });

  it("records the checked rows, applies them in chunks and reaches its total, clearing the rows", async () => {
    const csv = csvOf(STUDENT_HEADER, [...rows("CNK", 24), studentRow("CNK/BAD", { DOB: "31/02/2015" })]);
    const started = await startImportRun(t.db, admin, queue, { ...request("students", csv, "valid_rows_only"), checkId: randomUUID(), fileName: "term.csv" });
    if (started.status !== "started") throw new Error("not started");
    const queued = await getImportRun(t.db, admin, { runId: started.runId });
    expect(queued).toMatchObject({ status: "queued", processed: 0, total: 24, totalRows: 25, fileName: "term.csv", startedBy: expect.any(String) });
    expect(queued.summary).toMatchObject({ newRecords: 0, rowsWithErrors: 1 });
    expect(await applyImportRun(t.db, started.runId, { chunkRows: 10 })).toEqual({ status: "done", processed: 24, total: 24 });
    const done = await getImportRun(t.db, admin, { runId: started.runId });
    expect(done).toMatchObject({ status: "done", processed: 24, total: 24, error: null, finishedAt: expect.any(String) });
    expect(done.summary).toMatchObject({ newRecords: 24, rowsWithErrors: 1, newGuardians: 24, newLinks: 24 });
    expect(done.issues.filter((i) => i.severity === "error").map((i) => i.message)).toEqual([
      "Row 26, column DOB (Date of birth): 31/02/2015 is not a date (write it as YYYY-MM-DD or DD/MM/YYYY)",
    ]);
    const [stored] = await t.db.select({ rows: importRuns.rows }).from(importRuns).where(eq(importRuns.id, started.runId));
    expect(stored!.rows).toBeNull();
    // Delivered twice (a retried job): nothing more is done.
    expect(await applyImportRun(t.db, started.runId)).toMatchObject({ status: "skipped" });
    expect(await t.db.select().from(students).where(sql`${students.admissionNumber} like 'CNK/%'`)).toHaveLength(24);
  });

  it("sums its chunks to what one transaction over the whole file writes, and to what the check showed", async () => {
    // Twin files: a guardian shared across chunk boundaries (by email, and by name and phone), an
    // update, a move, a bad cell and an unknown class, skipped as "valid rows only" asks.
    const twin = (p: string) =>
      csvOf(STUDENT_HEADER, [
        ...[1, 2, 3, 4, 5].map((n) => studentRow(`${p}/${n}`, { "Guardian email": `${p.toLowerCase()}.shared@family.test` })),
        studentRow(`${p}/6`, { "Guardian email": "", "Guardian phone": `0803 ${p === "EQA" ? "111" : "222"} 0000`, "Guardian last name": `Phone${p}` }),
        studentRow(`${p}/7`, { "Guardian email": "", "Guardian phone": `0803${p === "EQA" ? "111" : "222"}0000`, "Guardian last name": `Phone${p}` }),
        studentRow(`${p}/8`, { DOB: "2099-01-01" }),
        studentRow(`${p}/9`, { Class: "JSS 9 Z" }),
        studentRow(`${p}/10`, { "First name": "Changed" }),
        studentRow(`${p}/11`, { Class: "JSS 1 A" }),
      ]);
    for (const p of ["EQA", "EQB"]) await applyImport(t.db, admin, request("students", csvOf(STUDENT_HEADER, [studentRow(`${p}/10`), studentRow(`${p}/11`)])));
    const check = await previewImport(t.db, admin, request("students", twin("EQA"), "valid_rows_only"));
    const chunked = await applyImport(t.db, admin, request("students", twin("EQA"), "valid_rows_only"), { chunkRows: 2 });
    const whole = await applyImport(t.db, admin, request("students", twin("EQB"), "valid_rows_only"), { chunkRows: 1_000 });
    // (Warnings depend on the classes' fill after the tests above: the capacity warning.)
    expect(chunked.summary).toMatchObject({ newRecords: 7, updatedRecords: 2, unchangedRecords: 0, newGuardians: 2, newLinks: 7, rowsWithErrors: 2 });
    expect(whole.summary).toEqual(chunked.summary);
    expect(chunked.summary).toEqual(check.summary);
    expect(chunked.issues.map((i) => i.message)).toEqual(check.issues.map((i) => i.message));
    // The same audit entries, with the guardian created once, recorded on its first student.
    const audit = async (runId: string) =>
      selectRows<{ action: string; newGuardians: number }>(
        t.db,
        sql`select action, jsonb_array_length(coalesce(jsonb_path_query_array(after, '$.guardians[*].newGuardian'), '[]')) as "newGuardians"
            from audit_log where reason like ${`CSV import ${runId} %`} order by id`,
      );
    const [a, b] = await Promise.all([audit(chunked.run!.id), audit(whole.run!.id)]);
    expect(a).toEqual(b);
    expect(a.reduce((n, e) => n + e.newGuardians, 0)).toBe(2);
    expect(await t.db.select().from(guardians).where(eq(guardians.email, "eqa.shared@family.test"))).toHaveLength(1);
    expect(await t.db.select().from(guardians).where(eq(guardians.lastName, "PhoneEQA"))).toHaveLength(1);
  });

  it("stops at a failing chunk: the chunks before it stay, retries resume there, the last one fails with the reason and the row", async () => {
    // A failure inside the database for one student of the third chunk (rows 22–31).
    await t.db.execute(sql`create function refuse_student() returns trigger language plpgsql as $$
      begin if new.first_name = 'Refused' then raise exception 'the disk is full'; end if; return new; end $$`);
    await t.db.execute(sql`create trigger refuse_student before insert on students for each row execute function refuse_student()`);
    const csv = csvOf(STUDENT_HEADER, rows("MID", 40).map((row, i) => (i === 23 ? studentRow("MID/0024", { "First name": "Refused" }) : row)));
    const started = await startImportRun(t.db, admin, queue, { ...request("students", csv), checkId: randomUUID() });
    if (started.status !== "started") throw new Error("not started");

    const first = await applyImportRun(t.db, started.runId, { chunkRows: 10 }).catch((e: unknown) => e);
    expect(isPermanentImportFailure(first)).toBe(false);
    expect(await recordImportRunFailure(t.db, started.runId, first, false)).toMatch(/the disk is full/);
    expect(await getImportRun(t.db, admin, { runId: started.runId })).toMatchObject({ status: "queued", processed: 20, error: expect.stringMatching(/^Retrying after: the disk is full/) });
    expect(await t.db.select().from(students).where(sql`${students.admissionNumber} like 'MID/%'`)).toHaveLength(20);

    const last = await applyImportRun(t.db, started.runId, { chunkRows: 10 }).catch((e: unknown) => e);
    await recordImportRunFailure(t.db, started.runId, last, true);
    const failed = await getImportRun(t.db, admin, { runId: started.runId });
    expect(failed).toMatchObject({ status: "failed", processed: 20, total: 40, error: expect.stringMatching(/^Stopped at row 22: the disk is full/) });
    expect(failed.summary).toMatchObject({ newRecords: 20 });
    const [auditEntry] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "import.students"), eq(auditLog.entityId, started.runId)));
    expect(auditEntry!.after).toMatchObject({ newRecords: 20, stoppedAtRow: 22, error: failed.error });
    expect(await applyImportRun(t.db, started.runId)).toMatchObject({ status: "skipped" });

    // Once mended, the same file imported again adds only the rest: the import keys on admission numbers.
    await t.db.execute(sql`drop trigger refuse_student on students`);
    const again = await applyImport(t.db, admin, request("students", csv), { chunkRows: 10 });
    expect(again.summary).toMatchObject({ newRecords: 20, unchangedRecords: 20, newGuardians: 20 });
    expect(await t.db.select().from(students).where(sql`${students.admissionNumber} like 'MID/%'`)).toHaveLength(40);
    expect(await t.db.select().from(guardians).where(sql`${guardians.email} like 'kemi.mid%'`)).toHaveLength(40);
  });

  it("resumes a retried run after its last committed chunk and ends with the whole file's summary", async () => {
    await t.db.execute(sql`create trigger refuse_student before insert on students for each row execute function refuse_student()`);
    const csv = csvOf(STUDENT_HEADER, [...rows("RES", 30), studentRow("RES/0031", { "First name": "Refused" })]);
    const started = await startImportRun(t.db, admin, queue, { ...request("students", csv), checkId: randomUUID() });
    if (started.status !== "started") throw new Error("not started");
    const error = await applyImportRun(t.db, started.runId, { chunkRows: 10 }).catch((e: unknown) => e);
    await recordImportRunFailure(t.db, started.runId, error, false);
    expect(await getImportRun(t.db, admin, { runId: started.runId })).toMatchObject({ status: "queued", processed: 30 });
    await t.db.execute(sql`drop trigger refuse_student on students`);
    await applyImportRun(t.db, started.runId, { chunkRows: 10 });
    const done = await getImportRun(t.db, admin, { runId: started.runId });
    expect(done).toMatchObject({ status: "done", processed: 31, error: null });
    expect(done.summary).toMatchObject({ newRecords: 31, newGuardians: 31, rowsWithErrors: 0 });
  });

  it("fails at once, without retrying, when its starter may no longer import", async () => {
    const [user] = await t.db.insert(users).values({ email: `office.${randomUUID().slice(0, 8)}@school.test`, name: "Temporary Office", status: "active" }).returning({ id: users.id });
    const [staffRole] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, "staff"));
    await t.db.insert(userRoles).values({ userId: user!.id, roleId: staffRole!.id });
    const temporary = await t.actorFor(user!.id);
    const started = await startImportRun(t.db, temporary, queue, { ...request("students", csvOf(STUDENT_HEADER, rows("REV", 2))), checkId: randomUUID() });
    if (started.status !== "started") throw new Error("not started");
    await t.db.delete(userRoles).where(eq(userRoles.userId, user!.id));
    const error = await applyImportRun(t.db, started.runId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(isPermanentImportFailure(error)).toBe(true);
    await recordImportRunFailure(t.db, started.runId, error, true);
    expect(await getImportRun(t.db, admin, { runId: started.runId })).toMatchObject({ status: "failed", processed: 0, error: "Stopped at row 2: You do not have permission to import students." });
    expect(await studentByAdmission("REV/0001")).toBeUndefined();
  });

  it("is read only by those who may import its kind: the office sees students' runs, not educators'", async () => {
    const studentsRun = await applyImport(t.db, office, request("students", csvOf(STUDENT_HEADER, rows("VIS", 1))));
    const educatorsRun = await applyImport(t.db, admin, request("educators", csvOf(["Staff number", "First name", "Last name"], [["VIS-1", "Vis", "Ible"]])));
    expect(await getImportRun(t.db, office, { runId: studentsRun.run!.id })).toMatchObject({ kind: "students", status: "done" });
    await expect(getImportRun(t.db, office, { runId: educatorsRun.run!.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listImportRuns(t.db, office, { limit: 100 })).every((r) => r.kind === "students")).toBe(true);
    expect((await listImportRuns(t.db, admin, { limit: 2 })).map((r) => r.id)).toEqual([educatorsRun.run!.id, studentsRun.run!.id]);
    for (const userId of [t.demo.teacher.userId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(getImportRun(t.db, actor, { runId: studentsRun.run!.id })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listImportRuns(t.db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(getImportRun(t.db, admin, { runId: "not-an-id" })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("the queue's worker", () => {
  it("applies a started run to the end, its progress rising to the total", async () => {
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "ams-imports-"));
    try {
      const csv = csvOf(STUDENT_HEADER, Array.from({ length: 1_200 }, (_, i) => studentRow(`WRK/${String(i + 1).padStart(4, "0")}`)));
      const started = await startImportRun(t.db, admin, queue, { ...request("students", csv), checkId: randomUUID() });
      if (started.status !== "started") throw new Error("not started");
      // The jobs of the runs above were done by hand; a worker takes one a second, so they go first.
      await queue.purgeQueue(importRunJob.name);
      await queue.send(importRunJob.name, { runId: started.runId });
      await startWorkers(queue, { db: t.db, store: new LocalDiskStore(storeDir), log: { info() {}, error() {} } });
      const seen: number[] = [];
      const deadline = Date.now() + 60_000;
      let run = await getImportRun(t.db, admin, { runId: started.runId });
      while (run.status === "queued" || run.status === "running") {
        if (Date.now() > deadline) throw new Error(`Run still ${run.status} (${run.processed}/${run.total})`);
        seen.push(run.processed);
        await new Promise((resolve) => setTimeout(resolve, 100));
        run = await getImportRun(t.db, admin, { runId: started.runId });
      }
      expect(run).toMatchObject({ status: "done", processed: 1_200, total: 1_200 });
      expect(run.summary).toMatchObject({ newRecords: 1_200, newGuardians: 1_200 });
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.every((n) => n % 500 === 0)).toBe(true);
    } finally {
      await queue.offWork(importRunJob.name);
      fs.rmSync(storeDir, { recursive: true, force: true });
    }
  }, 90_000);
});
