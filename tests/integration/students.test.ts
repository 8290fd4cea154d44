// Student records end to end in the data layer: admission, edits, status and class changes with
// their history, bulk actions (all or nothing), electives, guardian links, who may read what, the
// list's filters and stable sorting, and the CSV export through its route handler.
import { and, count, eq, sql } from "drizzle-orm";
import Papa from "papaparse";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog, classes, enrolments, guardians, guardianStudents, students, subjects } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { addGuardianLink } from "@/lib/server/students/add-guardian-link";
import { bulkChangeStudentStatus } from "@/lib/server/students/bulk-change-student-status";
import { bulkMoveStudentClass } from "@/lib/server/students/bulk-move-student-class";
import { changeStudentStatus } from "@/lib/server/students/change-student-status";
import { createStudent } from "@/lib/server/students/create-student";
import { findGuardians } from "@/lib/server/students/find-guardians";
import { getStudent } from "@/lib/server/students/get-student";
import { getStudentFormOptions } from "@/lib/server/students/get-student-form-options";
import { listStudents, type StudentListRow } from "@/lib/server/students/list-students";
import { moveStudentClass } from "@/lib/server/students/move-student-class";
import { removeGuardianLink } from "@/lib/server/students/remove-guardian-link";
import { setElectives } from "@/lib/server/students/set-electives";
import { setPrimaryGuardian } from "@/lib/server/students/set-primary-guardian";
import { updateStudent } from "@/lib/server/students/update-student";
import { type CreateStudentInput, type StudentListInput, todayIso } from "@/lib/validation/students";
import { type TestDatabase, useTestDatabase } from "../support/database";

// The export is tested through its route handler; the session and database it would read from the
// request are supplied here.
const request = vi.hoisted(() => ({ actor: null as Actor | null, db: null as unknown }));
vi.mock("@/lib/db", () => ({ getDb: async () => request.db }));
vi.mock("@/lib/auth/session", async () => {
  const { UnauthenticatedError } = await import("@/lib/errors");
  return {
    getActor: async () => request.actor,
    requireActor: async () => {
      if (!request.actor) throw new UnauthenticatedError();
      return request.actor;
    },
  };
});
const { GET: exportRoute } = await import("@/app/api/students/export/route");

let t: TestDatabase;
let admin: Actor, office: Actor, teacher: Actor, parent: Actor, student: Actor;
/** Class ids of the current year by name ("JSS 1 A" …), and names by id. */
let classId: Record<string, string>;
let elective: Record<"French" | "Fine Art" | "Music", string>;
let core: { mathematics: string };

beforeAll(async () => {
  t = await useTestDatabase();
  request.db = t.db;
  admin = await t.actorFor(t.demo.adminUserId);
  office = { ...(await t.actorFor(t.demo.staffUserId)), requestId: "req-students" };
  teacher = await t.actorFor(t.demo.teacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  student = await t.actorFor(t.demo.student.userId);
  const classRows = await t.db.select({ id: classes.id, name: classes.name }).from(classes);
  classId = Object.fromEntries(classRows.map((c) => [c.name, c.id]));
  const subjectRows = await t.db.select({ id: subjects.id, name: subjects.name }).from(subjects);
  const subjectId = Object.fromEntries(subjectRows.map((s) => [s.name, s.id]));
  elective = { French: subjectId.French!, "Fine Art": subjectId["Fine Art"]!, Music: subjectId.Music! };
  core = { mathematics: subjectId.Mathematics! };
});

async function expectError<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

let serial = 0;
/** A valid new student; each call gets its own admission number. */
function newStudent(overrides: Partial<CreateStudentInput> = {}): CreateStudentInput {
  serial += 1;
  return {
    admissionNumber: `TST/2026/${String(serial).padStart(4, "0")}`,
    firstName: "Chiamaka",
    middleName: "",
    lastName: `Testcase${serial}`,
    dateOfBirth: "2014-03-21",
    gender: "female",
    email: "",
    phone: "",
    address: "",
    departmentId: "",
    admittedOn: "2026-09-07",
    classId: classId["JSS 1 B"]!,
    ...overrides,
  };
}

const activeEnrolments = (classIdValue: string) =>
  t.db
    .select({ n: count() })
    .from(enrolments)
    .where(and(eq(enrolments.classId, classIdValue), eq(enrolments.status, "active")))
    .then(([row]) => row!.n);

/** Makes a class exactly full, or leaves it `room` places short. */
async function fillClass(name: string, room = 0) {
  const id = classId[name]!;
  await t.db.update(classes).set({ capacity: (await activeEnrolments(id)) + room }).where(eq(classes.id, id));
  return id;
}

const auditOf = (studentId: string, action: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityId, studentId), eq(auditLog.action, action)));

async function allPages(actor: Actor, input: StudentListInput, pageSize = 5): Promise<StudentListRow[]> {
  const rows: StudentListRow[] = [];
  for (let page = 1; ; page++) {
    const list = await listStudents(t.db, actor, { ...input, page, pageSize });
    rows.push(...list.rows);
    if (page * pageSize >= list.total) return rows;
  }
}

describe("admitting a student", () => {
  it("saves the student with a place in a class of this year, audited, and shows them in the list", async () => {
    const input = newStudent({ middleName: "Ada", email: "Chiamaka@Example.com", phone: "+234 803 111 2222", address: "4 Palm Close, Ibadan" });
    const created = await createStudent(t.db, office, input);
    expect(created).toMatchObject({ admissionNumber: input.admissionNumber, className: "JSS 1 B" });
    const profile = await getStudent(t.db, office, { studentId: created.id });
    expect(profile).toMatchObject({ middleName: "Ada", email: "chiamaka@example.com", status: "active", className: "JSS 1 B", classId: classId["JSS 1 B"] });
    expect(profile.enrolments).toEqual([expect.objectContaining({ className: "JSS 1 B", status: "active", enrolledOn: "2026-09-07", leftOn: null })]);
    const [audit] = await auditOf(created.id, "student.created");
    expect(audit).toMatchObject({ actorUserId: t.demo.staffUserId, requestId: "req-students" });
    expect(audit!.after).toMatchObject({ admissionNumber: input.admissionNumber, className: "JSS 1 B" });
    const found = await listStudents(t.db, office, { search: input.admissionNumber });
    expect(found.rows.map((r) => r.id)).toEqual([created.id]);
  });

  it("treats the same admission sent twice (a double click) as one student", async () => {
    const input = newStudent();
    const first = await createStudent(t.db, office, input);
    const again = await createStudent(t.db, office, { ...input, admissionNumber: input.admissionNumber.toLowerCase() });
    expect(again.id).toBe(first.id);
    const [{ n }] = (await t.db.select({ n: count() }).from(students).where(sql`lower(${students.admissionNumber}) = lower(${input.admissionNumber})`)) as [{ n: number }];
    expect(n).toBe(1);
    expect(await auditOf(first.id, "student.created")).toHaveLength(1);
  });

  it("names who already has an admission number, whatever its case, on the number field", async () => {
    const holder = await getStudent(t.db, office, { studentId: t.demo.student.studentId });
    const error = await expectError(createStudent(t.db, office, newStudent({ admissionNumber: holder.admissionNumber.toLowerCase() })), ConflictError);
    expect(error.fieldErrors).toEqual({ admissionNumber: [`${holder.admissionNumber} is already used by ${holder.firstName} ${holder.lastName}`] });
  });

  it("puts every bad field's message on that field at once", async () => {
    const inTwoYears = `${Number(todayIso().slice(0, 4)) + 2}${todayIso().slice(4)}`;
    const error = await expectError(
      createStudent(
        t.db,
        office,
        newStudent({
          admissionNumber: "GFA#1",
          firstName: "",
          lastName: "<b>Bold</b>",
          dateOfBirth: inTwoYears,
          gender: "unknown" as "female",
          email: "not-an-email",
          phone: "call me",
          address: "x".repeat(301),
          departmentId: "sciences",
          admittedOn: inTwoYears,
          classId: "",
        }),
      ),
      ValidationError,
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(
      ["address", "admissionNumber", "admittedOn", "classId", "dateOfBirth", "departmentId", "email", "firstName", "gender", "lastName", "phone"].sort(),
    );
    expect(error.fieldErrors.dateOfBirth).toEqual(["The date of birth can't be in the future"]);
    expect(error.fieldErrors.classId).toEqual(["Choose a class"]);
  });

  it("refuses a date of birth that is no plausible school age, and an admission before birth", async () => {
    const baby = await expectError(createStudent(t.db, office, newStudent({ dateOfBirth: "2025-01-01" })), ValidationError);
    expect(baby.fieldErrors.dateOfBirth?.[0]).toMatch(/3 to 25 years old/);
    const grown = await expectError(createStudent(t.db, office, newStudent({ dateOfBirth: "1980-01-01" })), ValidationError);
    expect(grown.fieldErrors.dateOfBirth?.[0]).toMatch(/check the year/);
    const early = await expectError(createStudent(t.db, office, newStudent({ dateOfBirth: "2014-03-21", admittedOn: "2014-01-01" })), ValidationError);
    expect(early.fieldErrors.admittedOn).toEqual(["The admission date is before the date of birth"]);
  });

  it("refuses a full class on the class field, and a class or department that does not exist", async () => {
    const full = await fillClass("JSS 2 A");
    const before = await activeEnrolments(full);
    const error = await expectError(createStudent(t.db, office, newStudent({ classId: full })), ConflictError);
    expect(error.fieldErrors).toEqual({ classId: [`JSS 2 A is full (${before} of ${before})`] });
    expect(await activeEnrolments(full)).toBe(before);

    const noClass = await expectError(createStudent(t.db, office, newStudent({ classId: crypto.randomUUID() })), ValidationError);
    expect(noClass.fieldErrors.classId).toEqual(["Choose a class of this year (2026/2027)"]);
    const noDepartment = await expectError(createStudent(t.db, office, newStudent({ departmentId: crypto.randomUUID() })), ValidationError);
    expect(noDepartment.fieldErrors.departmentId).toBeDefined();
  });

  it("is refused to teachers, parents and students, and writes nothing", async () => {
    const input = newStudent();
    for (const actor of [teacher, parent, student]) await expectError(createStudent(t.db, actor, input), ForbiddenError);
    expect(await t.db.select().from(students).where(eq(students.admissionNumber, input.admissionNumber))).toEqual([]);
  });
});

describe("editing a student", () => {
  it("writes and audits only the fields that changed", async () => {
    const created = await createStudent(t.db, office, newStudent({ phone: "0803 000 0000" }));
    const { classId: _c, ...details } = newStudent();
    const original = await getStudent(t.db, office, { studentId: created.id });
    const input = {
      ...details,
      studentId: created.id,
      admissionNumber: original.admissionNumber,
      firstName: "Chiamaka",
      lastName: original.lastName,
      phone: "0803 000 0000",
      address: "7 New Road",
    };
    const result = await updateStudent(t.db, office, input);
    expect(result.changed).toEqual(["address"]);
    const [audit] = await auditOf(created.id, "student.updated");
    expect(audit).toMatchObject({ before: { address: null }, after: { address: "7 New Road" } });

    expect((await updateStudent(t.db, office, input)).changed).toEqual([]);
    expect(await auditOf(created.id, "student.updated")).toHaveLength(1);
  });

  it("refuses another student's admission number and bad fields, on their fields", async () => {
    const a = await createStudent(t.db, office, newStudent());
    const b = newStudent();
    const created = await createStudent(t.db, office, b);
    const { classId: _c, ...details } = b;
    const taken = await expectError(updateStudent(t.db, office, { ...details, studentId: created.id, admissionNumber: a.admissionNumber }), ConflictError);
    expect(taken.fieldErrors.admissionNumber).toEqual([`${a.admissionNumber} is already used by ${a.name}`]);
    const bad = await expectError(updateStudent(t.db, office, { ...details, studentId: created.id, dateOfBirth: "2099-01-01", gender: "" as "female" }), ValidationError);
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["dateOfBirth", "gender"]);
  });

  it("is refused to a teacher, even for a student they teach", async () => {
    const own = await getStudent(t.db, teacher, { studentId: t.demo.student.studentId });
    await expectError(
      updateStudent(t.db, teacher, {
        studentId: own.id,
        admissionNumber: own.admissionNumber,
        firstName: "Hacked",
        lastName: own.lastName,
        dateOfBirth: own.dateOfBirth!,
        gender: "female",
        admittedOn: own.admittedOn!,
      }),
      ForbiddenError,
    );
    expect((await getStudent(t.db, office, { studentId: own.id })).firstName).toBe(own.firstName);
  });
});

describe("status changes", () => {
  it("closes the class place of a student who withdraws, hides them from the default list and keeps them readable as archived", async () => {
    const created = await createStudent(t.db, office, newStudent({ classId: classId["JSS 3 A"] }));
    const result = await changeStudentStatus(t.db, office, { studentId: created.id, status: "withdrawn", date: todayIso(), reason: "Family moved abroad" });
    expect(result).toEqual({ changed: true, status: "withdrawn" });

    const profile = await getStudent(t.db, office, { studentId: created.id });
    expect(profile).toMatchObject({ status: "withdrawn", statusChangedOn: todayIso(), statusReason: "Family moved abroad", className: null, classId: null });
    expect(profile.enrolments).toEqual([expect.objectContaining({ className: "JSS 3 A", status: "withdrawn", leftOn: todayIso() })]);

    expect((await listStudents(t.db, office, { search: created.admissionNumber })).total).toBe(0);
    const archived = await listStudents(t.db, office, { search: created.admissionNumber, status: "archived" });
    expect(archived.rows.map((r) => r.id)).toEqual([created.id]);
    expect((await listStudents(t.db, office, { search: created.admissionNumber, status: "all" })).total).toBe(1);

    const [audit] = await auditOf(created.id, "student.status_changed");
    expect(audit).toMatchObject({ reason: "Family moved abroad", before: { status: "active", className: "JSS 3 A" }, after: { status: "withdrawn" } });
    // A double submit changes nothing more.
    expect(await changeStudentStatus(t.db, office, { studentId: created.id, status: "withdrawn", date: todayIso(), reason: "Family moved abroad" })).toEqual({
      changed: false,
      status: "withdrawn",
    });
    expect(await auditOf(created.id, "student.status_changed")).toHaveLength(1);
  });

  it("requires a date and a reason, refuses a future date or one before the student joined the class", async () => {
    const created = await createStudent(t.db, office, newStudent());
    const missing = await expectError(changeStudentStatus(t.db, office, { studentId: created.id, status: "transferred", date: "", reason: " " }), ValidationError);
    expect(Object.keys(missing.fieldErrors).sort()).toEqual(["date", "reason"]);
    const future = await expectError(changeStudentStatus(t.db, office, { studentId: created.id, status: "transferred", date: "2099-01-01", reason: "New school" }), ValidationError);
    expect(future.fieldErrors.date).toEqual(["The date can't be in the future"]);
    const early = await expectError(changeStudentStatus(t.db, office, { studentId: created.id, status: "transferred", date: "2026-01-05", reason: "New school" }), ConflictError);
    expect(early.fieldErrors.date?.[0]).toMatch(/joined JSS 1 B on 2026-09-07/);
    expect((await getStudent(t.db, office, { studentId: created.id })).status).toBe("active");
  });

  it("refuses a second leaving status, and brings a student back only into a class with room, keeping the history", async () => {
    const created = await createStudent(t.db, office, newStudent({ classId: classId["JSS 1 A"] }));
    await changeStudentStatus(t.db, office, { studentId: created.id, status: "graduated", date: todayIso(), reason: "Completed the course" });
    const twice = await expectError(changeStudentStatus(t.db, office, { studentId: created.id, status: "withdrawn", date: todayIso(), reason: "Changed mind" }), ConflictError);
    expect(twice.fieldErrors.status?.[0]).toMatch(/already left the school \(graduated\)/);

    const noClass = await expectError(changeStudentStatus(t.db, office, { studentId: created.id, status: "active", date: todayIso(), reason: "Back again" }), ValidationError);
    expect(noClass.fieldErrors.classId).toEqual(["Choose the class they return to"]);
    const full = await fillClass("SSS 1 B");
    const noRoom = await expectError(
      changeStudentStatus(t.db, office, { studentId: created.id, status: "active", date: todayIso(), reason: "Back again", classId: full }),
      ConflictError,
    );
    expect(noRoom.fieldErrors.classId?.[0]).toMatch(/^SSS 1 B is full/);

    await changeStudentStatus(t.db, office, { studentId: created.id, status: "active", date: todayIso(), reason: "Back again", classId: classId["JSS 1 B"] });
    const profile = await getStudent(t.db, office, { studentId: created.id });
    expect(profile).toMatchObject({ status: "active", className: "JSS 1 B" });
    expect(profile.enrolments.map((e) => [e.className, e.status])).toEqual([
      ["JSS 1 B", "active"],
      ["JSS 1 A", "completed"],
    ]);
    expect(await auditOf(created.id, "student.reactivated")).toHaveLength(1);
  });

  it("is refused to teachers and parents", async () => {
    for (const actor of [teacher, parent]) {
      await expectError(
        changeStudentStatus(t.db, actor, { studentId: t.demo.student.studentId, status: "withdrawn", date: todayIso(), reason: "Not allowed" }),
        ForbiddenError,
      );
    }
  });
});

describe("moving class", () => {
  it("closes the old place as moved and opens a new one, so the history shows both", async () => {
    const created = await createStudent(t.db, office, newStudent({ classId: classId["JSS 1 B"] }));
    expect(await moveStudentClass(t.db, office, { studentId: created.id, classId: classId["JSS 2 B"]!, reason: "Parents asked" })).toEqual({
      changed: true,
      className: "JSS 2 B",
    });
    const profile = await getStudent(t.db, office, { studentId: created.id });
    expect(profile.className).toBe("JSS 2 B");
    expect(profile.enrolments.map((e) => [e.className, e.status, e.leftOn])).toEqual([
      ["JSS 2 B", "active", null],
      ["JSS 1 B", "moved", todayIso()],
    ]);
    const [audit] = await auditOf(created.id, "student.class_moved");
    expect(audit).toMatchObject({ before: { className: "JSS 1 B" }, after: { className: "JSS 2 B" }, reason: "Parents asked" });
  });

  it("changes nothing when the class is the one they are in", async () => {
    const created = await createStudent(t.db, office, newStudent());
    expect(await moveStudentClass(t.db, office, { studentId: created.id, classId: classId["JSS 1 B"]! })).toEqual({ changed: false, className: "JSS 1 B" });
    expect((await getStudent(t.db, office, { studentId: created.id })).enrolments).toHaveLength(1);
  });

  it("refuses a full class and a student who has left, on the class field", async () => {
    const created = await createStudent(t.db, office, newStudent());
    const full = await fillClass("SSS 2 A");
    const error = await expectError(moveStudentClass(t.db, office, { studentId: created.id, classId: full }), ConflictError);
    expect(error.fieldErrors.classId?.[0]).toMatch(/^SSS 2 A is full \(\d+ of \d+\)$/);
    expect((await getStudent(t.db, office, { studentId: created.id })).className).toBe("JSS 1 B");

    await changeStudentStatus(t.db, office, { studentId: created.id, status: "transferred", date: todayIso(), reason: "Moved town" });
    const left = await expectError(moveStudentClass(t.db, office, { studentId: created.id, classId: classId["JSS 2 B"]! }), ConflictError);
    expect(left.fieldErrors.classId?.[0]).toMatch(/has left the school/);
  });

  it("is refused to a teacher", async () => {
    await expectError(moveStudentClass(t.db, teacher, { studentId: t.demo.student.studentId, classId: classId["JSS 1 B"]! }), ForbiddenError);
  });
});

describe("bulk actions", () => {
  it("assigns a class to all the selected students, leaving those already in it as they are", async () => {
    const a = await createStudent(t.db, office, newStudent({ classId: classId["JSS 1 B"] }));
    const b = await createStudent(t.db, office, newStudent({ classId: classId["JSS 3 B"] }));
    const result = await bulkMoveStudentClass(t.db, office, { studentIds: [a.id, b.id], classId: classId["JSS 3 B"]! });
    expect(result).toEqual({ moved: 1, unchanged: 1, className: "JSS 3 B" });
    expect((await getStudent(t.db, office, { studentId: a.id })).enrolments.map((e) => e.status)).toEqual(["active", "moved"]);
  });

  it("moves nobody when one selected student can't move, and names each one that can't", async () => {
    const a = await createStudent(t.db, office, newStudent());
    const b = await createStudent(t.db, office, newStudent());
    const gone = await createStudent(t.db, office, newStudent());
    await changeStudentStatus(t.db, office, { studentId: gone.id, status: "withdrawn", date: todayIso(), reason: "Left" });
    const error = await expectError(
      bulkMoveStudentClass(t.db, office, { studentIds: [a.id, b.id, gone.id, crypto.randomUUID()], classId: classId["JSS 3 B"]! }),
      ConflictError,
    );
    expect(error.message).toMatch(/Nothing was changed: 2 of the 4/);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["studentIds.2", "studentIds.3"]);
    expect(error.fieldErrors["studentIds.2"]?.[0]).toMatch(new RegExp(`${gone.name} \\(${gone.admissionNumber.replace(/\//g, "\\/")}\\) has left`));
    for (const id of [a.id, b.id]) expect((await getStudent(t.db, office, { studentId: id })).className).toBe("JSS 1 B");
  });

  it("moves nobody when the class has no room for them all", async () => {
    const a = await createStudent(t.db, office, newStudent());
    const b = await createStudent(t.db, office, newStudent());
    const target = await fillClass("SSS 3 A", 1);
    const error = await expectError(bulkMoveStudentClass(t.db, office, { studentIds: [a.id, b.id], classId: target }), ConflictError);
    expect(error.fieldErrors.classId?.[0]).toMatch(/^SSS 3 A has room for 1 more \(\d+ of \d+\), not 2$/);
    expect((await getStudent(t.db, office, { studentId: a.id })).className).toBe("JSS 1 B");
  });

  it("changes the status of every selected student, or of none when one can't change", async () => {
    const a = await createStudent(t.db, office, newStudent());
    const b = await createStudent(t.db, office, newStudent());
    const graduated = await createStudent(t.db, office, newStudent());
    await changeStudentStatus(t.db, office, { studentId: graduated.id, status: "graduated", date: todayIso(), reason: "Done" });

    const error = await expectError(
      bulkChangeStudentStatus(t.db, office, { studentIds: [a.id, graduated.id, b.id], status: "withdrawn", date: todayIso(), reason: "Fees" }),
      ConflictError,
    );
    expect(Object.keys(error.fieldErrors)).toEqual(["studentIds.1"]);
    expect((await getStudent(t.db, office, { studentId: a.id })).status).toBe("active");

    const result = await bulkChangeStudentStatus(t.db, office, { studentIds: [a.id, b.id], status: "withdrawn", date: todayIso(), reason: "Fees" });
    expect(result).toEqual({ changed: 2, unchanged: 0 });
    for (const id of [a.id, b.id]) {
      expect((await getStudent(t.db, office, { studentId: id })).status).toBe("withdrawn");
      expect(await auditOf(id, "student.status_changed")).toHaveLength(1);
    }
  });

  it("needs at least one student, and is refused to teachers", async () => {
    const none = await expectError(bulkMoveStudentClass(t.db, office, { studentIds: [], classId: classId["JSS 1 B"]! }), ValidationError);
    expect(none.fieldErrors.studentIds).toEqual(["Select at least one student"]);
    await expectError(
      bulkChangeStudentStatus(t.db, teacher, { studentIds: [t.demo.student.studentId], status: "withdrawn", date: todayIso(), reason: "No" }),
      ForbiddenError,
    );
  });
});

describe("electives", () => {
  it("sets this year's electives, audited, and shows them on the profile", async () => {
    const created = await createStudent(t.db, office, newStudent());
    expect(await setElectives(t.db, office, { studentId: created.id, subjectIds: [elective.French, elective.Music] })).toEqual({
      changed: true,
      subjects: ["French", "Music"],
    });
    expect(await setElectives(t.db, office, { studentId: created.id, subjectIds: [elective.Music] })).toEqual({ changed: true, subjects: ["Music"] });
    expect((await setElectives(t.db, office, { studentId: created.id, subjectIds: [elective.Music] })).changed).toBe(false);
    const profile = await getStudent(t.db, office, { studentId: created.id });
    expect(profile.electives.map((e) => [e.name, e.yearName])).toEqual([["Music", "2026/2027"]]);
    const audits = await auditOf(created.id, "student.electives_set");
    expect(audits.map((a) => a.after)).toEqual([
      { year: "2026/2027", subjects: ["French", "Music"] },
      { year: "2026/2027", subjects: ["Music"] },
    ]);
  });

  it("refuses core subjects, and dropping an elective the student already has scores in", async () => {
    const created = await createStudent(t.db, office, newStudent());
    const coreError = await expectError(setElectives(t.db, office, { studentId: created.id, subjectIds: [core.mathematics] }), ValidationError);
    expect(coreError.fieldErrors.subjectIds).toEqual(["Mathematics is a core subject: everyone in the class takes it"]);

    // Demo students have first-term scores in their elective.
    const scored = await getStudent(t.db, office, { studentId: t.demo.student.studentId });
    const current = scored.electives.filter((e) => e.yearName === "2026/2027");
    expect(current).toHaveLength(1);
    const dropError = await expectError(setElectives(t.db, office, { studentId: scored.id, subjectIds: [] }), ConflictError);
    expect(dropError.fieldErrors.subjectIds?.[0]).toMatch(new RegExp(`^${current[0]!.name} can't be dropped`));
    await expectError(setElectives(t.db, teacher, { studentId: scored.id, subjectIds: [] }), ForbiddenError);
  });
});

describe("guardian links", () => {
  async function guardianRecord(firstName: string) {
    const [row] = await t.db
      .insert(guardians)
      .values({ firstName, lastName: "Linktest", email: `${firstName.toLowerCase()}.linktest@family.test`, phone: "+234 809 000 0000" })
      .returning({ id: guardians.id });
    return row!.id;
  }
  const primaries = (studentId: string) =>
    t.db
      .select({ guardianId: guardianStudents.guardianId })
      .from(guardianStudents)
      .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.isPrimaryContact, true)));

  it("links guardians, keeps exactly one primary contact, and asks before removing the last one", async () => {
    const created = await createStudent(t.db, office, newStudent());
    const mother = await guardianRecord("Ngozi");
    const father = await guardianRecord("Emeka");
    expect(await addGuardianLink(t.db, office, { studentId: created.id, guardianId: mother, relationship: "mother" })).toMatchObject({
      changed: true,
      isPrimaryContact: true,
    });
    await addGuardianLink(t.db, office, { studentId: created.id, guardianId: father, relationship: "father" });
    expect(await primaries(created.id)).toEqual([{ guardianId: mother }]);
    // Submitted twice: already done. With another relationship: a mistake, on the field.
    expect((await addGuardianLink(t.db, office, { studentId: created.id, guardianId: father, relationship: "father" })).changed).toBe(false);
    const clash = await expectError(addGuardianLink(t.db, office, { studentId: created.id, guardianId: father, relationship: "guardian" }), ConflictError);
    expect(clash.fieldErrors.guardianId?.[0]).toMatch(/already linked .* \(father\)/);

    await setPrimaryGuardian(t.db, office, { studentId: created.id, guardianId: father });
    expect(await primaries(created.id)).toEqual([{ guardianId: father }]);

    // Removing the primary contact passes the role on.
    expect(await removeGuardianLink(t.db, office, { studentId: created.id, guardianId: father })).toEqual({
      changed: true,
      newPrimaryContact: { guardianId: mother, name: "Ngozi Linktest" },
    });
    expect(await primaries(created.id)).toEqual([{ guardianId: mother }]);

    const last = await expectError(removeGuardianLink(t.db, office, { studentId: created.id, guardianId: mother }), ConflictError);
    expect(last.fieldErrors.confirm?.[0]).toMatch(/only parent or guardian/);
    expect((await removeGuardianLink(t.db, office, { studentId: created.id, guardianId: mother, confirm: true })).changed).toBe(true);
    expect((await getStudent(t.db, office, { studentId: created.id })).guardians).toEqual([]);
    expect(await auditOf(created.id, "guardian.unlinked")).toHaveLength(2);
  });

  it("finds guardians to link by name, email or phone, for the office only", async () => {
    await guardianRecord("Funmilayo");
    expect((await findGuardians(t.db, office, { search: "funmilayo" })).map((g) => g.name)).toEqual(["Funmilayo Linktest"]);
    await expectError(findGuardians(t.db, teacher, { search: "funmilayo" }), ForbiddenError);
  });

  it("is refused to teachers and parents", async () => {
    const someone = await guardianRecord("Bola");
    const linksBefore = await t.db.select().from(guardianStudents).where(eq(guardianStudents.studentId, t.demo.student.studentId));
    expect(linksBefore.length).toBeGreaterThan(0);
    for (const actor of [teacher, parent]) {
      await expectError(addGuardianLink(t.db, actor, { studentId: t.demo.student.studentId, guardianId: someone, relationship: "guardian" }), ForbiddenError);
      await expectError(setPrimaryGuardian(t.db, actor, { studentId: t.demo.student.studentId, guardianId: t.demo.parent.guardianId }), ForbiddenError);
      await expectError(removeGuardianLink(t.db, actor, { studentId: t.demo.student.studentId, guardianId: t.demo.parent.guardianId, confirm: true }), ForbiddenError);
    }
    expect(await t.db.select().from(guardianStudents).where(eq(guardianStudents.studentId, t.demo.student.studentId))).toEqual(linksBefore);
  });
});

describe("the student's page, by who reads it", () => {
  let coParent: string;
  beforeAll(async () => {
    // Give the demo child a second guardian whose details are theirs alone.
    const [row] = await t.db
      .insert(guardians)
      .values({ firstName: "Second", lastName: "Carer", email: "second.carer@family.test", phone: "+234 801 222 3333" })
      .returning({ id: guardians.id });
    coParent = row!.id;
    await addGuardianLink(t.db, office, { studentId: t.demo.student.studentId, guardianId: coParent, relationship: "guardian" });
  });

  it("shows the office the history, electives and every guardian's contact details", async () => {
    const profile = await getStudent(t.db, office, { studentId: t.demo.student.studentId });
    expect(profile.enrolments.length).toBeGreaterThan(0);
    expect(profile.electives.length).toBeGreaterThan(0);
    const carer = profile.guardians.find((g) => g.guardianId === coParent)!;
    expect(carer).toMatchObject({ phone: "+234 801 222 3333", email: "second.carer@family.test", contactHidden: false });
  });

  it("shows a parent their child's page with their own contact details, but not the other guardian's", async () => {
    const profile = await getStudent(t.db, parent, { studentId: t.demo.student.studentId });
    const self = profile.guardians.find((g) => g.guardianId === t.demo.parent.guardianId)!;
    expect(self.contactHidden).toBe(false);
    expect(self.email).toBe("parent@school.test");
    const carer = profile.guardians.find((g) => g.guardianId === coParent)!;
    expect(carer).toMatchObject({ name: "Second Carer", relationship: "guardian", phone: null, email: null, contactHidden: true });
  });

  it("shows a student their guardians' names and not their contact details", async () => {
    const profile = await getStudent(t.db, student, { studentId: t.demo.student.studentId });
    expect(profile.guardians.length).toBeGreaterThan(1);
    expect(profile.guardians.every((g) => g.contactHidden && g.phone === null && g.email === null)).toBe(true);
  });

  it("shows a teacher the guardians' contact details of a student they teach", async () => {
    const profile = await getStudent(t.db, teacher, { studentId: t.demo.student.studentId });
    expect(profile.guardians.find((g) => g.guardianId === coParent)?.phone).toBe("+234 801 222 3333");
  });

  it("is not found for a parent asking about another family's child, or a teacher about a student they don't teach", async () => {
    await expectError(getStudent(t.db, parent, { studentId: t.demo.strangerStudentId }), NotFoundError);
    await expectError(getStudent(t.db, teacher, { studentId: t.demo.strangerStudentId }), NotFoundError);
    for (const staff of [office, admin]) expect((await getStudent(t.db, staff, { studentId: t.demo.strangerStudentId })).id).toBe(t.demo.strangerStudentId);
  });

  it("offers the forms this year's classes with how full they are, to staff only", async () => {
    const options = await getStudentFormOptions(t.db, office);
    expect(options.yearName).toBe("2026/2027");
    expect(options.classes.map((c) => c.name).slice(0, 3)).toEqual(["JSS 1 A", "JSS 1 B", "JSS 2 A"]);
    expect(options.electives.map((s) => s.name)).toEqual(["Fine Art", "French", "Music"]);
    await expectError(getStudentFormOptions(t.db, parent), ForbiddenError);
  });
});

describe("the student list", () => {
  const everySort = ["name", "admissionNumber", "class", "status"] as const;

  it.each(everySort.flatMap((sort) => (["asc", "desc"] as const).map((direction) => [sort, direction] as const)))(
    "sorted by %s %s, pages neither repeat nor skip a student",
    async (sort, direction) => {
      const paged = await allPages(office, { sort, direction, status: "all" });
      const whole = await listStudents(t.db, office, { sort, direction, status: "all", pageSize: 100 });
      expect(whole.total).toBeLessThanOrEqual(100);
      expect(paged.map((r) => r.id)).toEqual(whole.rows.map((r) => r.id));
      expect(new Set(paged.map((r) => r.id)).size).toBe(paged.length);
    },
  );

  it("sorts by class in school order, with students without a class last either way", async () => {
    const options = await getStudentFormOptions(t.db, office);
    const order = new Map(options.classes.map((c, i) => [c.name, i]));
    const rank = (r: StudentListRow) => (r.className === null ? Number.POSITIVE_INFINITY : order.get(r.className)!);
    const ascending = (await listStudents(t.db, office, { sort: "class", status: "all", pageSize: 100 })).rows;
    expect(ascending.map(rank)).toEqual([...ascending.map(rank)].sort((a, b) => a - b));
    const descending = (await listStudents(t.db, office, { sort: "class", direction: "desc", status: "all", pageSize: 100 })).rows;
    const enrolled = descending.filter((r) => r.className !== null);
    expect(enrolled.map(rank)).toEqual([...enrolled.map(rank)].sort((a, b) => b - a));
    expect(descending.at(-1)!.className).toBeNull();
  });

  it("sorts by admission number either way", async () => {
    const asc = (await listStudents(t.db, office, { sort: "admissionNumber", pageSize: 100 })).rows.map((r) => r.admissionNumber.toLowerCase());
    expect(asc).toEqual([...asc].sort());
    const desc = (await listStudents(t.db, office, { sort: "admissionNumber", direction: "desc", pageSize: 100 })).rows.map((r) => r.admissionNumber.toLowerCase());
    expect(desc).toEqual([...desc].sort().reverse());
  });

  it("filters by class, level, gender and status", async () => {
    const byClass = await listStudents(t.db, office, { classId: classId["JSS 1 A"], pageSize: 100 });
    expect(byClass.total).toBeGreaterThan(0);
    expect(byClass.rows.every((r) => r.className === "JSS 1 A")).toBe(true);
    const options = await getStudentFormOptions(t.db, office);
    const sss1 = options.levels.find((l) => l.name === "SSS 1")!;
    const byLevel = await listStudents(t.db, office, { levelId: sss1.id, pageSize: 100 });
    expect(new Set(byLevel.rows.map((r) => r.className))).toEqual(new Set(["SSS 1 A", "SSS 1 B"]));
    const girls = await listStudents(t.db, office, { gender: "female", pageSize: 100 });
    expect(girls.rows.every((r) => r.gender === "female")).toBe(true);
    const archived = await listStudents(t.db, office, { status: "archived", pageSize: 100 });
    expect(archived.total).toBeGreaterThan(0);
    expect(archived.rows.every((r) => r.status !== "active")).toBe(true);
    const withdrawn = await listStudents(t.db, office, { status: "withdrawn", pageSize: 100 });
    expect(withdrawn.rows.every((r) => r.status === "withdrawn")).toBe(true);
    const active = await listStudents(t.db, office, { pageSize: 100 });
    expect(active.rows.every((r) => r.status === "active")).toBe(true);
    const all = await listStudents(t.db, office, { status: "all", pageSize: 5 });
    expect(all.total).toBe(active.total + archived.total);
  });

  it("keeps a teacher's list to their own classes whatever the filters", async () => {
    const strangerClass = await listStudents(t.db, teacher, { classId: classId["SSS 3 B"], status: "all" });
    expect(strangerClass.total).toBe(0);
    const own = await listStudents(t.db, teacher, { classId: classId["JSS 1 A"] });
    expect(own.rows.map((r) => r.id)).toContain(t.demo.student.studentId);
  });

  it("rejects unknown sorts and filters as field errors", async () => {
    const error = await expectError(listStudents(t.db, office, { sort: "password" as "name", status: "deleted" as "all", classId: "x" }), ValidationError);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["classId", "sort", "status"]);
  });
});

describe("CSV export", () => {
  async function download(actor: Actor | null, query: string) {
    request.actor = actor;
    try {
      return await exportRoute(new Request(`http://localhost:3000/api/students/export?${query}`));
    } finally {
      request.actor = null;
    }
  }
  const parse = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, "").trimEnd(), { header: false }).data;

  it("holds every row of the filtered list, all pages, in the list's order", async () => {
    const response = await download(office, `class=${classId["JSS 1 A"]}&sort=admissionNumber&dir=desc`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="students-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // The byte-order mark that makes Excel read UTF-8 (text() would silently drop it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("Admission number,Last name,First name")).toBe(true);
    const [header, ...rows] = parse(text);
    expect(header).toHaveLength(11);
    const list = await allPages(office, { classId: classId["JSS 1 A"], sort: "admissionNumber", direction: "desc" });
    expect(rows.map((r) => r[0])).toEqual(list.map((r) => r.admissionNumber));
    expect(rows.every((r) => r[4] === "JSS 1 A")).toBe(true);
  });

  it("quotes commas, quotes and line breaks, and defuses cells a spreadsheet would run as formulas", async () => {
    const created = await createStudent(
      t.db,
      office,
      newStudent({
        admissionNumber: "CSV/0001",
        firstName: '=HYPERLINK("http://evil.test","Click")',
        lastName: 'O"Brien, Jr',
        middleName: "@SUM(1+1)",
        phone: "+234 802 000 1234",
        email: "-quote@example.com",
      }),
    );
    const text = await (await download(office, "q=CSV%2F0001")).text();
    const [, row, ...rest] = parse(text);
    expect(rest).toEqual([]);
    expect(row).toEqual([
      "CSV/0001",
      'O"Brien, Jr',
      `'=HYPERLINK("http://evil.test","Click")`,
      "'@SUM(1+1)",
      "JSS 1 B",
      "active",
      "female",
      "2014-03-21",
      "2026-09-07",
      "'-quote@example.com",
      "'+234 802 000 1234",
    ]);
    expect(text).toContain('"O""Brien, Jr"');
    expect(created.id).toBeDefined();
  });

  it("is refused to parents and students, and to signed-out visitors; a bad filter is a 422", async () => {
    expect((await download(parent, "")).status).toBe(403);
    expect((await download(student, "")).status).toBe(403);
    expect((await download(null, "")).status).toBe(401);
    const bad = await download(office, "sort=password");
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: { sort: [expect.any(String)] } });
  });

  it("gives a teacher only the students they teach", async () => {
    const [, ...rows] = parse(await (await download(teacher, "status=all")).text());
    const list = await allPages(teacher, { status: "all" }, 100);
    expect(rows.map((r) => r[0]).sort()).toEqual(list.map((r) => r.admissionNumber).sort());
    expect(rows.length).toBeLessThan(t.demo.studentCount);
  });

  // Last: it adds many students that the list tests above don't expect.
  it("streams thousands of rows in batches, none repeated or lost", async () => {
    const yearStart = "2026-09-07";
    await t.db.execute(sql`
      insert into students (admission_number, first_name, last_name, gender, date_of_birth, admitted_on)
      select 'BULK/' || lpad(n::text, 5, '0'), 'Bulk', 'Student ' || lpad(n::text, 5, '0'), 'other', '2013-01-01', ${yearStart}
      from generate_series(1, 1200) n`);
    const response = await download(office, "q=BULK%2F&sort=admissionNumber");
    expect(response.headers.get("x-total-count")).toBe("1200");
    const [, ...rows] = parse(await response.text());
    expect(rows).toHaveLength(1200);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 1200 }, (_, i) => `BULK/${String(i + 1).padStart(5, "0")}`));
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "student.exported"), sql`${auditLog.after}->>'rows' = '1200'`));
    expect(audit?.actorUserId).toBe(t.demo.staffUserId);
  });
});
