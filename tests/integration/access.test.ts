// Who can read what: the scope rules of the data layer, proved from both sides.
import { beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { getMyChildren } from "@/lib/server/family/get-my-children";
import { getSchoolOverview } from "@/lib/server/school/get-school-overview";
import { getStudent } from "@/lib/server/students/get-student";
import { listStudents } from "@/lib/server/students/list-students";
import { getTeachingAssignments } from "@/lib/server/teaching/get-teaching-assignments";
import type { Actor } from "@/lib/auth/policy";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor, office: Actor, teacher: Actor, parent: Actor, student: Actor;

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  office = await t.actorFor(t.demo.staffUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  student = await t.actorFor(t.demo.student.userId);
});

describe("school overview", () => {
  it("gives an administrator the school's real counts", async () => {
    const overview = await getSchoolOverview(t.db, admin);
    expect(overview.schoolName).toBe("Greenfield Academy");
    expect(overview.counts).toMatchObject({ activeStudents: t.demo.studentCount, teachers: 25, classes: 12, subjects: 12 });
    expect(overview.current).toMatchObject({ academicYearName: "2026/2027", termName: "First term" });
    expect(overview.levels.map((l) => l.name)).toEqual(["JSS 1", "JSS 2", "JSS 3", "SSS 1", "SSS 2", "SSS 3"]);
    expect(overview.levels.reduce((sum, l) => sum + l.students, 0)).toBe(t.demo.studentCount);
  });

  it("is refused to teachers, parents and students", async () => {
    for (const actor of [teacher, parent, student]) {
      await expect(getSchoolOverview(t.db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});

describe("student list", () => {
  it("shows administrators and office staff every student, paged and sorted by name", async () => {
    for (const actor of [admin, office]) {
      const page1 = await listStudents(t.db, actor, { pageSize: 10 });
      expect(page1.total).toBe(t.demo.studentCount);
      expect(page1.rows).toHaveLength(10);
      const page2 = await listStudents(t.db, actor, { pageSize: 10, page: 2 });
      expect(page2.rows[0]!.id).not.toBe(page1.rows[0]!.id);
    }
  });

  it("finds a student by admission number or full name", async () => {
    const all = await listStudents(t.db, admin, { pageSize: 100 });
    const target = all.rows[7]!;
    const byNumber = await listStudents(t.db, admin, { search: target.admissionNumber.toLowerCase() });
    expect(byNumber.rows.map((r) => r.id)).toContain(target.id);
    const byName = await listStudents(t.db, admin, { search: target.name });
    expect(byName.rows.map((r) => r.id)).toContain(target.id);
  });

  it("treats % and _ in a search as literal characters", async () => {
    const result = await listStudents(t.db, admin, { search: "%" });
    expect(result.total).toBe(0);
  });

  it("reports the total even past the last page", async () => {
    const result = await listStudents(t.db, admin, { page: 999, pageSize: 100 });
    expect(result.rows).toHaveLength(0);
    expect(result.total).toBe(t.demo.studentCount);
  });

  it("shows a teacher only the students of the classes they teach", async () => {
    const result = await listStudents(t.db, teacher, { pageSize: 100 });
    const classes = new Set(result.rows.map((r) => r.className));
    expect(result.total).toBeGreaterThan(0);
    expect(result.total).toBeLessThan(t.demo.studentCount);
    expect([...classes].every((name) => name?.startsWith("JSS"))).toBe(true);
    expect(result.rows.map((r) => r.id)).not.toContain(t.demo.strangerStudentId);
  });

  it("shows a parent only their own children and a student only themself", async () => {
    const forParent = await listStudents(t.db, parent, { pageSize: 100 });
    expect(forParent.rows.map((r) => r.id).sort()).toEqual([...t.demo.parent.studentIds].sort());
    const forStudent = await listStudents(t.db, student, { pageSize: 100 });
    expect(forStudent.rows.map((r) => r.id)).toEqual([t.demo.student.studentId]);
  });

  it("rejects a page size out of range with a field error", async () => {
    await expect(listStudents(t.db, admin, { pageSize: 5000 })).rejects.toMatchObject({
      fieldErrors: { pageSize: [expect.any(String)] },
    });
  });
});

describe("student profile", () => {
  it("lets a parent read their own child, with the child's guardians", async () => {
    const child = await getStudent(t.db, parent, { studentId: t.demo.parent.studentIds[1]! });
    expect(child.id).toBe(t.demo.parent.studentIds[1]);
    expect(child.guardians.some((g) => g.isPrimaryContact)).toBe(true);
  });

  it("answers 'not found' when a parent asks for another family's child", async () => {
    await expect(getStudent(t.db, parent, { studentId: t.demo.strangerStudentId })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers 'not found' when a teacher asks for a student they do not teach", async () => {
    await expect(getStudent(t.db, teacher, { studentId: t.demo.strangerStudentId })).rejects.toBeInstanceOf(NotFoundError);
    const own = await getStudent(t.db, teacher, { studentId: t.demo.student.studentId });
    expect(own.className).toBe("JSS 1 A");
  });

  it("answers 'not found' when a student asks for their sibling", async () => {
    const sibling = t.demo.parent.studentIds.find((id) => id !== t.demo.student.studentId)!;
    await expect(getStudent(t.db, student, { studentId: sibling })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rejects an id that is not a UUID as a validation error on the field", async () => {
    const error = await getStudent(t.db, admin, { studentId: "1 or 1=1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.studentId).toBeDefined();
  });
});

describe("home page data", () => {
  it("lists only the demo teacher's own Mathematics classes this term", async () => {
    const mine = await getTeachingAssignments(t.db, teacher);
    expect(mine.subjects.length).toBe(t.demo.teacher.classIds.length);
    expect(new Set(mine.subjects.map((s) => s.subjectName))).toEqual(new Set(["Mathematics"]));
    expect(mine.subjects.every((s) => s.students === 4)).toBe(true);
    expect(mine.formClasses.map((c) => c.className)).toEqual(["JSS 1 A"]);
    const colleague = await getTeachingAssignments(t.db, await t.actorFor(t.demo.otherTeacher.userId));
    const overlap = colleague.subjects.filter((s) => mine.subjects.some((m) => m.offeringId === s.offeringId));
    expect(overlap).toEqual([]);
  });

  it("refuses teaching assignments to someone who does not teach", async () => {
    await expect(getTeachingAssignments(t.db, parent)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("shows a teacher account with no staff record nothing, and says why", async () => {
    const unlinked = { ...teacher, educatorId: null };
    const assignments = await getTeachingAssignments(t.db, unlinked);
    expect(assignments).toMatchObject({ subjects: [], formClasses: [], profileMissing: true });
  });

  it("gives a parent their two children and a student only themself", async () => {
    expect((await getMyChildren(t.db, parent)).map((c) => c.id).sort()).toEqual([...t.demo.parent.studentIds].sort());
    expect((await getMyChildren(t.db, student)).map((c) => c.id)).toEqual([t.demo.student.studentId]);
    await expect(getMyChildren(t.db, teacher)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
