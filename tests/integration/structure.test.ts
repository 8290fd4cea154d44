// The school's academic structure in the data layer: years and the current-year switch, terms and
// the current-term switch, departments, class levels, classes, subjects, subject offerings and the
// new-year wizard — each refusal on the field the form shows it on, and who may not change any of it.
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { academicYears, auditLog, classes, classLevels, departments, educators, offeringTeachers, subjectOfferings, subjects, terms } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import {
  createAcademicYear,
  deleteAcademicYear,
  getAcademicYear,
  listAcademicYears,
  setCurrentAcademicYear,
  updateAcademicYear,
} from "@/lib/server/school/academic-years";
import { createClassLevel, deleteClassLevel, listClassLevels, reorderClassLevels, updateClassLevel } from "@/lib/server/school/class-levels";
import { createClass, deleteClass, listClasses, updateClass } from "@/lib/server/school/classes";
import { deleteDepartment, listDepartments, updateDepartment } from "@/lib/server/school/departments";
import { getCurrentTerm } from "@/lib/server/school/get-current-term";
import { createYearFromPrevious, previewNewYear } from "@/lib/server/school/new-year";
import { violatedConstraint } from "@/lib/server/school/structure-shared";
import {
  addOffering,
  assignOfferingTeacher,
  getClassTermOfferings,
  offerSubjectsToLevel,
  removeOffering,
  unassignOfferingTeacher,
} from "@/lib/server/school/subject-offerings";
import { createSubject, deleteSubject, listSubjects, updateSubject } from "@/lib/server/school/subjects";
import { createTerm, deleteTerm, setCurrentTerm, updateTerm } from "@/lib/server/school/terms";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let levelIds: Record<string, string>;
let subjectIds: Record<string, string>;
let inactiveEducatorId: string;

beforeAll(async () => {
  t = await useTestDatabase();
  admin = { ...(await t.actorFor(t.demo.adminUserId)), requestId: "req-structure" };
  levelIds = Object.fromEntries((await t.db.select({ code: classLevels.code, id: classLevels.id }).from(classLevels)).map((l) => [l.code, l.id]));
  subjectIds = Object.fromEntries((await t.db.select({ code: subjects.code, id: subjects.id }).from(subjects)).map((s) => [s.code, s.id]));
  const [inactive] = await t.db
    .insert(educators)
    .values({ staffNumber: "STF-OLD", title: "Mr", firstName: "Retired", lastName: "Teacher", status: "inactive" })
    .returning({ id: educators.id });
  inactiveEducatorId = inactive!.id;
});

async function refusal<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** The field messages of a refusal, for asserting which field each problem lands on. */
async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error instanceof ValidationError || error instanceof ConflictError, `expected a field refusal, got ${String(error)}`).toBe(true);
  return (error as ValidationError | ConflictError).fieldErrors;
}

const auditCount = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;
const auditFor = (entityType: string, entityId: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId))).orderBy(auditLog.occurredAt);

const currentFlags = async () => ({
  years: await t.db.select({ id: academicYears.id }).from(academicYears).where(eq(academicYears.isCurrent, true)),
  terms: await t.db.select({ id: terms.id }).from(terms).where(eq(terms.isCurrent, true)),
});

describe("who may change the structure", () => {
  it("refuses teachers, office staff and parents every change, and writes nothing", async () => {
    const year = t.demo.academicYearId;
    const term = t.demo.termIds[0]!;
    const klass = t.demo.classIds[0]!;
    const calls: Array<(actor: Actor) => Promise<unknown>> = [
      (a) => createAcademicYear(t.db, a, { name: "2040/2041", startsOn: "2040-09-03", endsOn: "2041-07-12" }),
      (a) => updateAcademicYear(t.db, a, { id: year, name: "Hacked", startsOn: "2026-09-07", endsOn: "2027-07-16" }),
      (a) => setCurrentAcademicYear(t.db, a, { id: year }),
      (a) => deleteAcademicYear(t.db, a, { id: year }),
      (a) => createTerm(t.db, a, { academicYearId: year, name: "Extra", sequence: 4, startsOn: "2027-07-01", endsOn: "2027-07-10" }),
      (a) => updateTerm(t.db, a, { id: term, name: "Hacked", sequence: 1, startsOn: "2026-09-07", endsOn: "2026-12-11" }),
      (a) => setCurrentTerm(t.db, a, { id: t.demo.termIds[1]! }),
      (a) => deleteTerm(t.db, a, { id: term }),
      (a) => updateDepartment(t.db, a, { id: klass, code: "HAX", name: "Hackers", headEducatorId: null }),
      (a) => deleteDepartment(t.db, a, { id: klass }),
      (a) => createClassLevel(t.db, a, { code: "HAX", name: "Hackers", nextLevelId: null, isFinal: false }),
      (a) => updateClassLevel(t.db, a, { id: levelIds.JSS1!, code: "JSS1", name: "Hacked", nextLevelId: null, isFinal: false }),
      (a) => reorderClassLevels(t.db, a, { levelIds: Object.values(levelIds) }),
      (a) => deleteClassLevel(t.db, a, { id: levelIds.JSS1! }),
      (a) => createClass(t.db, a, { academicYearId: year, classLevelId: levelIds.JSS1!, arm: "Z", capacity: 30 }),
      (a) => updateClass(t.db, a, { id: klass, classLevelId: levelIds.JSS1!, arm: "A", capacity: 1 }),
      (a) => deleteClass(t.db, a, { id: klass }),
      (a) => createSubject(t.db, a, { code: "HAX", name: "Hacking", kind: "core", creditUnits: "1" }),
      (a) => updateSubject(t.db, a, { id: subjectIds.MTH!, code: "MTH", name: "Maths", kind: "core", creditUnits: "9" }),
      (a) => deleteSubject(t.db, a, { id: subjectIds.MUS! }),
      (a) => addOffering(t.db, a, { classId: klass, termId: term, subjectId: subjectIds.MUS! }),
      (a) => removeOffering(t.db, a, { offeringId: klass }),
      (a) => assignOfferingTeacher(t.db, a, { offeringId: klass, educatorId: t.demo.teacher.educatorId }),
      (a) => unassignOfferingTeacher(t.db, a, { offeringId: klass, educatorId: t.demo.teacher.educatorId }),
      (a) => offerSubjectsToLevel(t.db, a, { termId: term, classLevelId: levelIds.JSS1!, subjectIds: [subjectIds.MUS!] }),
      (a) => previewNewYear(t.db, a, { sourceYearId: year, name: "2040/2041", startsOn: "2040-09-03", endsOn: "2041-07-12" }),
      (a) => createYearFromPrevious(t.db, a, { sourceYearId: year, name: "2040/2041", startsOn: "2040-09-03", endsOn: "2041-07-12" }),
    ];
    const before = await auditCount();
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      for (const call of calls) await refusal(call(actor), ForbiddenError);
    }
    expect(await auditCount()).toBe(before);
    expect(await t.db.select().from(academicYears)).toHaveLength(1);
  });

  it("lets office staff read the structure but not teachers or parents", async () => {
    const staff = await t.actorFor(t.demo.staffUserId);
    expect((await listAcademicYears(t.db, staff)).map((y) => y.name)).toEqual(["2026/2027"]);
    for (const userId of [t.demo.teacher.userId, t.demo.parent.userId]) {
      await refusal(listSubjects(t.db, await t.actorFor(userId)), ForbiddenError);
    }
  });
});

describe("academic years", () => {
  it("creates a year, audits it, and treats a double submit as one year", async () => {
    const created = await createAcademicYear(t.db, admin, { name: " 2030/2031 ", startsOn: "2030-09-02", endsOn: "2031-07-18" });
    expect(created).toMatchObject({ name: "2030/2031", startsOn: "2030-09-02", endsOn: "2031-07-18", isCurrent: false });
    const again = await createAcademicYear(t.db, admin, { name: "2030/2031", startsOn: "2030-09-02", endsOn: "2031-07-18" });
    expect(again.id).toBe(created.id);
    const audit = await auditFor("academic_year", created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "academic_year.create", actorUserId: t.demo.adminUserId, requestId: "req-structure", after: created });
  });

  it("puts an end date that is not after the start on the end date", async () => {
    const errors = await fieldErrorsOf(createAcademicYear(t.db, admin, { name: "Backwards", startsOn: "2032-09-01", endsOn: "2032-08-01" }));
    expect(errors).toEqual({ endsOn: ["The end date must be after the start date"] });
  });

  it("puts dates overlapping another year on both dates, naming that year, and a taken name on the name", async () => {
    const overlap = await fieldErrorsOf(createAcademicYear(t.db, admin, { name: "2027/2028", startsOn: "2027-07-01", endsOn: "2028-07-01" }));
    expect(Object.keys(overlap).sort()).toEqual(["endsOn", "startsOn"]);
    expect(overlap.startsOn![0]).toContain("2026/2027");
    const taken = await fieldErrorsOf(createAcademicYear(t.db, admin, { name: "2026/2027", startsOn: "2035-09-01", endsOn: "2036-07-01" }));
    expect(taken).toEqual({ name: ["A year called 2026/2027 already exists"] });
  });

  it("is backed by the database: overlapping years and a second current year or term are refused even without the app", async () => {
    const overlap = await t.db.insert(academicYears).values({ name: "Rogue", startsOn: "2026-10-01", endsOn: "2026-11-01" }).catch((e: unknown) => e);
    expect(violatedConstraint(overlap)).toBe("academic_years_no_overlap");
    const twoCurrent = await t.db.insert(academicYears).values({ name: "Rogue", startsOn: "2090-09-01", endsOn: "2091-07-01", isCurrent: true }).catch((e: unknown) => e);
    expect(violatedConstraint(twoCurrent)).toBe("academic_years_one_current");
    const secondTerm = await t.db.update(terms).set({ isCurrent: true }).where(eq(terms.id, t.demo.termIds[1]!)).catch((e: unknown) => e);
    expect(violatedConstraint(secondTerm)).toBe("terms_one_current");
  });

  it("refuses new dates that would leave one of the year's terms outside, naming the term", async () => {
    const errors = await fieldErrorsOf(updateAcademicYear(t.db, admin, { id: t.demo.academicYearId, name: "2026/2027", startsOn: "2026-09-07", endsOn: "2027-06-30" }));
    expect(Object.keys(errors)).toEqual(["endsOn"]);
    expect(errors.endsOn![0]).toMatch(/^Third term .* would fall outside the year/);
  });

  it("renames a year with the before and after in the audit log; the same values again change nothing", async () => {
    const year = await createAcademicYear(t.db, admin, { name: "2031/32", startsOn: "2031-09-01", endsOn: "2032-07-16" });
    const renamed = await updateAcademicYear(t.db, admin, { id: year.id, name: "2031/2032", startsOn: "2031-09-01", endsOn: "2032-07-16" });
    expect(renamed.name).toBe("2031/2032");
    await updateAcademicYear(t.db, admin, { id: year.id, name: "2031/2032", startsOn: "2031-09-01", endsOn: "2032-07-16" });
    const audit = await auditFor("academic_year", year.id);
    expect(audit.map((a) => a.action)).toEqual(["academic_year.create", "academic_year.update"]);
    expect(audit[1]).toMatchObject({ before: { name: "2031/32" }, after: { name: "2031/2032" } });
  });

  it("switches the current year in one step: the old one stops being current and the new year's first term becomes current", async () => {
    const next = await createAcademicYear(t.db, admin, { name: "2033/2034", startsOn: "2033-09-05", endsOn: "2034-07-14" });
    const first = await createTerm(t.db, admin, { academicYearId: next.id, name: "First term", sequence: 1, startsOn: "2033-09-05", endsOn: "2033-12-09" });
    await createTerm(t.db, admin, { academicYearId: next.id, name: "Second term", sequence: 2, startsOn: "2034-01-09", endsOn: "2034-03-31" });

    const switched = await setCurrentAcademicYear(t.db, admin, { id: next.id });
    expect(switched).toMatchObject({ yearName: "2033/2034", termName: "First term", changed: true });
    expect(await currentFlags()).toEqual({ years: [{ id: next.id }], terms: [{ id: first.id }] });
    expect(await getCurrentTerm(t.db)).toMatchObject({ academicYearId: next.id, termId: first.id });
    const [audit] = await auditFor("academic_year", next.id).then((rows) => rows.filter((r) => r.action === "academic_year.set_current"));
    expect(audit).toMatchObject({
      before: { yearId: t.demo.academicYearId, termId: t.demo.termIds[0] },
      after: { yearId: next.id, termId: first.id },
    });

    // Asking again is no change; switching back restores the demo year with its first term.
    expect((await setCurrentAcademicYear(t.db, admin, { id: next.id })).changed).toBe(false);
    await setCurrentAcademicYear(t.db, admin, { id: t.demo.academicYearId });
    expect(await currentFlags()).toEqual({ years: [{ id: t.demo.academicYearId }], terms: [{ id: t.demo.termIds[0] }] });
  });

  it("deletes only a year nothing uses, and otherwise names what uses it", async () => {
    const current = await refusal(deleteAcademicYear(t.db, admin, { id: t.demo.academicYearId }), ConflictError);
    expect(current.message).toContain("is the current year");

    const used = await createAcademicYear(t.db, admin, { name: "2036/2037", startsOn: "2036-09-01", endsOn: "2037-07-17" });
    await createClass(t.db, admin, { academicYearId: used.id, classLevelId: levelIds.JSS1!, arm: "A", capacity: 30 });
    await createTerm(t.db, admin, { academicYearId: used.id, name: "First term", sequence: 1, startsOn: "2036-09-01", endsOn: "2036-12-12" });
    await createTerm(t.db, admin, { academicYearId: used.id, name: "Second term", sequence: 2, startsOn: "2037-01-05", endsOn: "2037-03-27" });
    const refused = await refusal(deleteAcademicYear(t.db, admin, { id: used.id }), ConflictError);
    expect(refused.fieldErrors).toEqual({ _form: ["2 terms and 1 class use this year"] });

    const demoYear = await refusal(
      (async () => {
        await setCurrentAcademicYear(t.db, admin, { id: used.id });
        try {
          await deleteAcademicYear(t.db, admin, { id: t.demo.academicYearId });
        } finally {
          await setCurrentAcademicYear(t.db, admin, { id: t.demo.academicYearId });
        }
      })(),
      ConflictError,
    );
    expect(demoYear.fieldErrors._form![0]).toBe(`3 terms, 12 classes, ${t.demo.studentCount} enrolments and ${t.demo.studentCount} elective choices use this year`);

    const empty = await createAcademicYear(t.db, admin, { name: "2038/2039", startsOn: "2038-09-06", endsOn: "2039-07-15" });
    await deleteAcademicYear(t.db, admin, { id: empty.id });
    expect(await t.db.select().from(academicYears).where(eq(academicYears.id, empty.id))).toEqual([]);
    expect((await auditFor("academic_year", empty.id)).map((a) => a.action)).toEqual(["academic_year.create", "academic_year.delete"]);
  });
});

describe("terms", () => {
  let yearId: string;
  beforeAll(async () => {
    yearId = (await createAcademicYear(t.db, admin, { name: "2034/2035", startsOn: "2034-09-04", endsOn: "2035-07-13" })).id;
    await createTerm(t.db, admin, { academicYearId: yearId, name: "First term", sequence: 1, startsOn: "2034-09-04", endsOn: "2034-12-08" });
  });

  it("keeps a term's dates inside its year, on the date that falls outside", async () => {
    const errors = await fieldErrorsOf(createTerm(t.db, admin, { academicYearId: yearId, name: "Summer", sequence: 3, startsOn: "2035-04-20", endsOn: "2035-08-01" }));
    expect(errors).toEqual({ endsOn: ["Terms of 2034/2035 fall between 4 Sep 2034 to 13 Jul 2035"] });
  });

  it("refuses overlapping terms on both dates, naming the other term", async () => {
    const errors = await fieldErrorsOf(createTerm(t.db, admin, { academicYearId: yearId, name: "Second term", sequence: 2, startsOn: "2034-12-01", endsOn: "2035-03-27" }));
    expect(errors).toEqual({
      startsOn: ["These dates overlap First term (4 Sep 2034 to 8 Dec 2034)"],
      endsOn: ["These dates overlap First term (4 Sep 2034 to 8 Dec 2034)"],
    });
  });

  it("refuses a number already used, and numbers out of date order, on the number", async () => {
    const taken = await fieldErrorsOf(createTerm(t.db, admin, { academicYearId: yearId, name: "Second term", sequence: 1, startsOn: "2035-01-05", endsOn: "2035-03-27" }));
    expect(taken.sequence![0]).toBe("First term is already term 1 of 2034/2035");
    await createTerm(t.db, admin, { academicYearId: yearId, name: "Third term", sequence: 3, startsOn: "2035-04-20", endsOn: "2035-07-13" });
    const outOfOrder = await fieldErrorsOf(createTerm(t.db, admin, { academicYearId: yearId, name: "Second term", sequence: 4, startsOn: "2035-01-05", endsOn: "2035-03-27" }));
    expect(outOfOrder.sequence![0]).toMatch(/^Number the terms in date order: Third term \(term 3\) starts after these dates/);
    const bad = await fieldErrorsOf(createTerm(t.db, admin, { academicYearId: yearId, name: "", sequence: 9, startsOn: "", endsOn: "2035-01-01" }));
    expect(Object.keys(bad).sort()).toEqual(["name", "sequence", "startsOn"]);
  });

  it("switches the current term within the current year, one current term at a time, and refuses other years' terms", async () => {
    const [first, second] = t.demo.termIds;
    const otherYear = await t.db.select({ id: terms.id }).from(terms).where(eq(terms.academicYearId, yearId)).limit(1);
    const refused = await refusal(setCurrentTerm(t.db, admin, { id: otherYear[0]!.id }), ConflictError);
    expect(refused.message).toContain("Make 2034/2035 current first");

    const switched = await setCurrentTerm(t.db, admin, { id: second! });
    expect(switched).toMatchObject({ termName: "Second term", changed: true });
    expect((await currentFlags()).terms).toEqual([{ id: second }]);
    const [audit] = await auditFor("term", second!);
    expect(audit).toMatchObject({ action: "term.set_current", before: { termId: first }, after: { termId: second } });
    await setCurrentTerm(t.db, admin, { id: first! });
    expect((await currentFlags()).terms).toEqual([{ id: first }]);
  });

  it("deletes only a term nothing uses, and never the current one", async () => {
    const [first, second] = t.demo.termIds;
    const current = await refusal(deleteTerm(t.db, admin, { id: first! }), ConflictError);
    expect(current.message).toContain("is the current term");
    const used = await refusal(deleteTerm(t.db, admin, { id: second! }), ConflictError);
    expect(used.fieldErrors).toEqual({ _form: ["144 subject offerings use this term"] });
    const placed = await createTerm(t.db, admin, { academicYearId: yearId, name: "Second term", sequence: 2, startsOn: "2035-01-05", endsOn: "2035-03-27" });
    await deleteTerm(t.db, admin, { id: placed.id });
    expect((await auditFor("term", placed.id)).map((a) => a.action)).toEqual(["term.create", "term.delete"]);
  });
});

describe("departments", () => {
  it("renames a department and sets its head, auditing before and after", async () => {
    const [languages] = await t.db.select().from(departments).where(eq(departments.code, "LAN"));
    const updated = await updateDepartment(t.db, admin, { id: languages!.id, code: "lang", name: "Languages and Literature", headEducatorId: t.demo.otherTeacher.educatorId });
    expect(updated).toMatchObject({ code: "LANG", name: "Languages and Literature", headEducatorId: t.demo.otherTeacher.educatorId });
    const [audit] = await auditFor("department", languages!.id);
    expect(audit).toMatchObject({ action: "department.update", before: { code: "LAN", headEducatorId: null }, after: { code: "LANG" } });
    const listed = (await listDepartments(t.db, admin)).find((d) => d.id === languages!.id);
    expect(listed?.headEducatorId).toBe(t.demo.otherTeacher.educatorId);
  });

  it("refuses an inactive head, and a code another department uses, on their fields", async () => {
    const [humanities] = await t.db.select().from(departments).where(eq(departments.code, "HUM"));
    const inactive = await fieldErrorsOf(updateDepartment(t.db, admin, { id: humanities!.id, code: "HUM", name: "Humanities", headEducatorId: inactiveEducatorId }));
    expect(inactive.headEducatorId![0]).toContain("Mr Retired Teacher is no longer active");
    const clash = await fieldErrorsOf(updateDepartment(t.db, admin, { id: humanities!.id, code: "sci", name: "Humanities", headEducatorId: null }));
    expect(clash).toEqual({ code: ["The code SCI is already used by Sciences"] });
  });

  it("deletes only a department no subject or teacher belongs to", async () => {
    const [sciences] = await t.db.select().from(departments).where(eq(departments.code, "SCI"));
    const refused = await refusal(deleteDepartment(t.db, admin, { id: sciences!.id }), ConflictError);
    expect(refused.fieldErrors._form![0]).toMatch(/^4 subjects and \d+ teachers use this department$/);
    const [empty] = await t.db.insert(departments).values({ code: "EMP", name: "Empty" }).returning({ id: departments.id });
    await deleteDepartment(t.db, admin, { id: empty!.id });
    expect(await t.db.select().from(departments).where(eq(departments.id, empty!.id))).toEqual([]);
  });
});

describe("class levels", () => {
  it("refuses a final level with a next level, on the next level", async () => {
    const errors = await fieldErrorsOf(createClassLevel(t.db, admin, { code: "SSS4", name: "SSS 4", nextLevelId: levelIds.JSS1!, isFinal: true }));
    expect(errors).toEqual({ nextLevelId: ["A final (graduating) level has no next level"] });
  });

  it("refuses next-level links that go round in a circle, naming the circle", async () => {
    const errors = await fieldErrorsOf(updateClassLevel(t.db, admin, { id: levelIds.SSS3!, code: "SSS3", name: "SSS 3", nextLevelId: levelIds.JSS1!, isFinal: false }));
    expect(errors.nextLevelId![0]).toBe("Promotions would go round in a circle: SSS 3 → JSS 1 → JSS 2 → JSS 3 → SSS 1 → SSS 2 → SSS 3");
    const self = await fieldErrorsOf(updateClassLevel(t.db, admin, { id: levelIds.JSS2!, code: "JSS2", name: "JSS 2", nextLevelId: levelIds.JSS2!, isFinal: false }));
    expect(self).toEqual({ nextLevelId: ["A level can't promote into itself"] });
  });

  it("adds a level at the end, reorders the levels, and relinks them in the new order", async () => {
    const nursery = await createClassLevel(t.db, admin, { code: "NUR", name: "Nursery", nextLevelId: levelIds.JSS1!, isFinal: false });
    expect(nursery.sequence).toBe(7);
    const order = [nursery.id, ...["JSS1", "JSS2", "JSS3", "SSS1", "SSS2", "SSS3"].map((code) => levelIds[code]!)];
    const reordered = await reorderClassLevels(t.db, admin, { levelIds: order, relink: true });
    expect(reordered.map((l) => l.name)).toEqual(["Nursery", "JSS 1", "JSS 2", "JSS 3", "SSS 1", "SSS 2", "SSS 3"]);
    expect(reordered.at(-1)).toMatchObject({ isFinal: true, nextLevelId: null });
    expect(reordered.slice(0, -1).every((l, i) => l.nextLevelId === order[i + 1] && !l.isFinal)).toBe(true);
    const stale = await refusal(reorderClassLevels(t.db, admin, { levelIds: order.slice(1) }), ConflictError);
    expect(stale.fieldErrors).toEqual({ levelIds: ["Give every level exactly once"] });

    // A level that another promotes into, or that has classes, stays.
    const feeder = await refusal(deleteClassLevel(t.db, admin, { id: levelIds.JSS1! }), ConflictError);
    expect(feeder.fieldErrors._form![0]).toBe("Nursery promotes into this level; change its next level first");
    const back = await reorderClassLevels(t.db, admin, { levelIds: [...order.slice(1), nursery.id], relink: true });
    expect(back.map((l) => l.name)).toEqual(["JSS 1", "JSS 2", "JSS 3", "SSS 1", "SSS 2", "SSS 3", "Nursery"]);
    await updateClassLevel(t.db, admin, { id: levelIds.SSS3!, code: "SSS3", name: "SSS 3", nextLevelId: null, isFinal: true });
    await deleteClassLevel(t.db, admin, { id: nursery.id });
    expect((await listClassLevels(t.db, admin)).map((l) => l.name)).toEqual(["JSS 1", "JSS 2", "JSS 3", "SSS 1", "SSS 2", "SSS 3"]);
  });
});

describe("classes", () => {
  const year = () => t.demo.academicYearId;

  it("names a new class after its level and arm unless told otherwise", async () => {
    const created = await createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.JSS1!, arm: "c", name: "", capacity: "25" });
    expect(created).toMatchObject({ name: "JSS 1 C", arm: "C", capacity: 25, classTeacherId: null });
    const again = await createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.JSS1!, arm: "C", capacity: 25 });
    expect(again.id).toBe(created.id);
    expect((await listClasses(t.db, admin, year())).map((c) => c.name)).toContain("JSS 1 C");
  });

  it("refuses a taken arm, no places, and a class teacher who already has a class this year, each on its field", async () => {
    const errors = await fieldErrorsOf(
      createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.JSS1!, arm: "A", capacity: 0, classTeacherId: t.demo.teacher.educatorId }),
    );
    expect(errors).toEqual({ capacity: ["A class needs at least 1 place"] });
    const clashes = await fieldErrorsOf(
      createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.JSS1!, arm: "A", capacity: 35, classTeacherId: t.demo.teacher.educatorId }),
    );
    expect(Object.keys(clashes).sort()).toEqual(["arm", "classTeacherId"]);
    expect(clashes.arm).toEqual(["JSS 1 already has an arm A in 2026/2027: JSS 1 A"]);
    expect(clashes.classTeacherId![0]).toMatch(/is already class teacher of JSS 1 A this year/);
    const inactive = await fieldErrorsOf(createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.JSS2!, arm: "D", capacity: 30, classTeacherId: inactiveEducatorId }));
    expect(inactive.classTeacherId![0]).toContain("no longer active");
  });

  it("refuses fewer places than students enrolled, giving the count", async () => {
    const jss1a = t.demo.classIds[0]!;
    const errors = await fieldErrorsOf(updateClass(t.db, admin, { id: jss1a, classLevelId: levelIds.JSS1!, arm: "A", name: "JSS 1 A", capacity: 3, classTeacherId: t.demo.teacher.educatorId }));
    expect(errors).toEqual({ capacity: ["4 students are enrolled in JSS 1 A; the class needs at least 4 places"] });
    const ok = await updateClass(t.db, admin, { id: jss1a, classLevelId: levelIds.JSS1!, arm: "A", name: "JSS 1 A", capacity: 4, classTeacherId: t.demo.teacher.educatorId });
    expect(ok.capacity).toBe(4);
    const [audit] = await auditFor("class", jss1a);
    expect(audit).toMatchObject({ action: "class.update", before: { capacity: 30 }, after: { capacity: 4 } });
  });

  it("moves a class teacher to a new class only when they have no other class that year", async () => {
    const created = await createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.JSS2!, arm: "C", capacity: 30 });
    const errors = await fieldErrorsOf(updateClass(t.db, admin, { id: created.id, classLevelId: levelIds.JSS2!, arm: "C", capacity: 30, classTeacherId: t.demo.teacher.educatorId }));
    expect(Object.keys(errors)).toEqual(["classTeacherId"]);
    expect(errors.classTeacherId![0]).toContain("JSS 1 A");
  });

  it("deletes only a class nothing uses", async () => {
    const refused = await refusal(deleteClass(t.db, admin, { id: t.demo.classIds[1]! }), ConflictError);
    expect(refused.fieldErrors._form).toEqual(["4 enrolments and 36 subject offerings use this class"]);
    const spare = await createClass(t.db, admin, { academicYearId: year(), classLevelId: levelIds.SSS3!, arm: "Z", capacity: 10 });
    await deleteClass(t.db, admin, { id: spare.id });
    expect(await t.db.select().from(classes).where(eq(classes.id, spare.id))).toEqual([]);
  });
});

describe("subjects", () => {
  it("requires credit units above zero, on the credit units", async () => {
    const missing = await fieldErrorsOf(createSubject(t.db, admin, { code: "GEO", name: "Geography", kind: "core", creditUnits: "" }));
    expect(missing).toEqual({ creditUnits: ["Give the credit units: results weigh each subject by them"] });
    const zero = await fieldErrorsOf(createSubject(t.db, admin, { code: "GEO", name: "Geography", kind: "core", creditUnits: "0" }));
    expect(zero).toEqual({ creditUnits: ["Credit units must be more than 0"] });
  });

  it("refuses a code another subject uses whatever its case, naming that subject", async () => {
    const errors = await fieldErrorsOf(createSubject(t.db, admin, { code: "mth", name: "Further Mathematics", kind: "elective", creditUnits: "2" }));
    expect(errors).toEqual({ code: ["The code MTH is already used by Mathematics"] });
  });

  it("creates, edits and deletes an unused subject, with audit records", async () => {
    const [humanities] = await t.db.select({ id: departments.id }).from(departments).where(eq(departments.code, "HUM"));
    const created = await createSubject(t.db, admin, { code: "geo", name: "Geography", departmentId: humanities!.id, kind: "elective", creditUnits: "1.5" });
    expect(created).toMatchObject({ code: "GEO", creditUnits: "1.5", kind: "elective" });
    const edited = await updateSubject(t.db, admin, { id: created.id, code: "GEO", name: "Geography", departmentId: "", kind: "core", creditUnits: 2 });
    expect(edited).toMatchObject({ departmentId: null, kind: "core", creditUnits: "2.0" });
    await deleteSubject(t.db, admin, { id: created.id });
    expect((await auditFor("subject", created.id)).map((a) => a.action)).toEqual(["subject.create", "subject.update", "subject.delete"]);
  });

  it("keeps a subject that classes are offered", async () => {
    const refused = await refusal(deleteSubject(t.db, admin, { id: subjectIds.MUS! }), ConflictError);
    expect(refused.fieldErrors._form![0]).toMatch(/^36 class offerings and \d+ students?'s? elective choices? use this subject$/);
  });
});

describe("subject offerings", () => {
  let drama: string;
  beforeAll(async () => {
    drama = (await createSubject(t.db, admin, { code: "DRA", name: "Drama", kind: "elective", creditUnits: "1" })).id;
  });

  it("offers a subject to a class for a term with its teacher, once however often it is submitted", async () => {
    const [jss1a, first] = [t.demo.classIds[0]!, t.demo.termIds[0]!];
    const offered = await addOffering(t.db, admin, { classId: jss1a, termId: first, subjectId: drama, teacherIds: [t.demo.otherTeacher.educatorId] });
    expect(offered).toMatchObject({ created: true, teacherIds: [t.demo.otherTeacher.educatorId] });
    const again = await addOffering(t.db, admin, { classId: jss1a, termId: first, subjectId: drama, teacherIds: [t.demo.otherTeacher.educatorId] });
    expect(again).toMatchObject({ id: offered.id, created: false });
    expect(await auditFor("subject_offering", offered.id)).toHaveLength(1);

    await assignOfferingTeacher(t.db, admin, { offeringId: offered.id, educatorId: t.demo.teacher.educatorId });
    expect((await assignOfferingTeacher(t.db, admin, { offeringId: offered.id, educatorId: t.demo.teacher.educatorId })).changed).toBe(false);
    const page = await getClassTermOfferings(t.db, admin, { classId: jss1a, termId: first });
    expect(page?.offerings.find((o) => o.id === offered.id)?.teachers.map((x) => x.id).sort()).toEqual(
      [t.demo.teacher.educatorId, t.demo.otherTeacher.educatorId].sort(),
    );
    expect(page?.available.map((s) => s.code)).not.toContain("DRA");
    await unassignOfferingTeacher(t.db, admin, { offeringId: offered.id, educatorId: t.demo.otherTeacher.educatorId });
    expect(await t.db.select().from(offeringTeachers).where(eq(offeringTeachers.offeringId, offered.id))).toEqual([
      expect.objectContaining({ educatorId: t.demo.teacher.educatorId }),
    ]);
    const actions = (await auditFor("subject_offering", offered.id)).map((a) => a.action);
    expect(actions).toEqual(["subject_offering.create", "subject_offering.assign_teacher", "subject_offering.unassign_teacher"]);

    await removeOffering(t.db, admin, { offeringId: offered.id });
    expect(await t.db.select().from(subjectOfferings).where(eq(subjectOfferings.id, offered.id))).toEqual([]);
  });

  it("refuses a term of another year, an inactive teacher, and removing a subject with scores, on their fields", async () => {
    const otherYear = await createAcademicYear(t.db, admin, { name: "2042/2043", startsOn: "2042-09-01", endsOn: "2043-07-14" });
    const otherTerm = await createTerm(t.db, admin, { academicYearId: otherYear.id, name: "First term", sequence: 1, startsOn: "2042-09-01", endsOn: "2042-12-12" });
    const wrongYear = await fieldErrorsOf(addOffering(t.db, admin, { classId: t.demo.classIds[0]!, termId: otherTerm.id, subjectId: drama }));
    expect(wrongYear).toEqual({ termId: ["Choose a term of 2026/2027"] });
    const inactive = await fieldErrorsOf(addOffering(t.db, admin, { classId: t.demo.classIds[0]!, termId: t.demo.termIds[0]!, subjectId: drama, teacherIds: [inactiveEducatorId] }));
    expect(inactive.teacherIds![0]).toContain("no longer active");

    const [scored] = await selectRows<{ id: string }>(
      t.db,
      sql`select so.id from subject_offerings so where so.class_id = ${t.demo.classIds[0]} and so.term_id = ${t.demo.termIds[0]} and so.subject_id = ${subjectIds.MTH}`,
    );
    const refused = await fieldErrorsOf(removeOffering(t.db, admin, { offeringId: scored!.id }));
    expect(refused.offeringId![0]).toMatch(/^\d+ scores use Mathematics in JSS 1 A$/);
    await refusal(removeOffering(t.db, admin, { offeringId: otherYear.id }), NotFoundError);
  });

  it("offers subjects to every class of a level for a term in one go, and adds nothing the second time", async () => {
    const second = t.demo.termIds[1]!;
    const first = await offerSubjectsToLevel(t.db, admin, { termId: second, classLevelId: levelIds.JSS2!, subjectIds: [drama, subjectIds.MTH!] });
    // JSS 2 has arms A and B from the demo and C from the classes tests; Mathematics is already offered to A and B.
    expect(first).toMatchObject({ classes: 3, created: 4, alreadyOffered: 2 });
    const again = await offerSubjectsToLevel(t.db, admin, { termId: second, classLevelId: levelIds.JSS2!, subjectIds: [drama, subjectIds.MTH!] });
    expect(again).toMatchObject({ created: 0, alreadyOffered: 6 });
    const audit = (await auditFor("term", second)).filter((a) => a.action === "subject_offering.offer_to_level");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ classLevelId: levelIds.JSS2, subjectIds: [drama, subjectIds.MTH] });
    const none = await fieldErrorsOf(offerSubjectsToLevel(t.db, admin, { termId: second, classLevelId: levelIds.SSS3!, subjectIds: [] }));
    expect(none).toEqual({ subjectIds: ["Choose at least one subject"] });
  });
});

describe("the new-year wizard", () => {
  const input = () => ({ sourceYearId: t.demo.academicYearId, name: "2027/2028", startsOn: "2027-09-06", endsOn: "2028-07-14" });

  it("previews exactly what it then creates, in one go, and creates nothing the second time", async () => {
    // A class teacher who has left is not carried into the new year.
    const [sss3b] = await t.db.select({ teacher: classes.classTeacherId }).from(classes).where(eq(classes.id, t.demo.classIds[11]!));
    await t.db.update(educators).set({ status: "inactive" }).where(eq(educators.id, sss3b!.teacher!));

    const [source] = await selectRows<{ offerings: number; assignments: number; dropped: number; classes: number }>(
      t.db,
      sql`select (select count(*)::int from subject_offerings so join terms t on t.id = so.term_id where t.academic_year_id = ${t.demo.academicYearId}) as offerings,
                 (select count(*)::int from offering_teachers ot join subject_offerings so on so.id = ot.offering_id join terms t on t.id = so.term_id
                   join educators e on e.id = ot.educator_id where t.academic_year_id = ${t.demo.academicYearId} and e.status = 'active') as assignments,
                 (select count(*)::int from offering_teachers ot join subject_offerings so on so.id = ot.offering_id join terms t on t.id = so.term_id
                   join educators e on e.id = ot.educator_id where t.academic_year_id = ${t.demo.academicYearId} and e.status <> 'active') as dropped,
                 (select count(*)::int from classes where academic_year_id = ${t.demo.academicYearId}) as classes`,
    );
    const preview = await previewNewYear(t.db, admin, input());
    expect(preview).toMatchObject({ alreadyExists: false, shiftDays: 364 });
    expect(preview.counts).toEqual({
      terms: 3,
      classes: source!.classes,
      classTeachers: source!.classes - 3, // JSS 1 C and JSS 2 C have none; SSS 3 B's has left
      classTeachersLeftBlank: 1,
      offerings: source!.offerings,
      teacherAssignments: source!.assignments,
      teacherAssignmentsDropped: source!.dropped,
    });
    expect(preview.terms.map((term) => [term.name, term.startsOn, term.endsOn])).toEqual([
      ["First term", "2027-09-06", "2027-12-10"],
      ["Second term", "2028-01-10", "2028-03-30"],
      ["Third term", "2028-04-17", "2028-07-14"],
    ]);
    expect(await t.db.select().from(academicYears).where(eq(academicYears.name, "2027/2028"))).toEqual([]);

    const result = await createYearFromPrevious(t.db, admin, input());
    expect(result.created).toBe(true);
    expect(result.counts).toEqual(preview.counts);
    const [copied] = await selectRows<{ terms: number; classes: number; teachers: number; offerings: number; assignments: number; current: number }>(
      t.db,
      sql`select (select count(*)::int from terms where academic_year_id = ${result.yearId}) as terms,
                 (select count(*)::int from classes where academic_year_id = ${result.yearId}) as classes,
                 (select count(class_teacher_id)::int from classes where academic_year_id = ${result.yearId}) as teachers,
                 (select count(*)::int from subject_offerings so join terms t on t.id = so.term_id where t.academic_year_id = ${result.yearId}) as offerings,
                 (select count(*)::int from offering_teachers ot join subject_offerings so on so.id = ot.offering_id join terms t on t.id = so.term_id
                   where t.academic_year_id = ${result.yearId}) as assignments,
                 (select count(*)::int from terms where academic_year_id = ${result.yearId} and is_current) as current`,
    );
    expect(copied).toEqual({
      terms: 3,
      classes: preview.counts.classes,
      teachers: preview.counts.classTeachers,
      offerings: preview.counts.offerings,
      assignments: preview.counts.teacherAssignments,
      current: 0,
    });
    // The demo teacher keeps JSS 1 A and their Mathematics classes in the new year.
    const [mentor] = await selectRows<{ name: string }>(
      t.db,
      sql`select name from classes where academic_year_id = ${result.yearId} and class_teacher_id = ${t.demo.teacher.educatorId}`,
    );
    expect(mentor?.name).toBe("JSS 1 A");
    const [audit] = await auditFor("academic_year", result.yearId);
    expect(audit).toMatchObject({ action: "academic_year.create_from_previous", before: null, after: { copiedFrom: t.demo.academicYearId, counts: result.counts } });

    const before = await auditCount();
    const second = await createYearFromPrevious(t.db, admin, input());
    expect(second).toMatchObject({ created: false, yearId: result.yearId, message: "2027/2028 already exists, so nothing was copied." });
    expect(await auditCount()).toBe(before);
    expect((await getAcademicYear(t.db, admin, result.yearId))?.terms).toHaveLength(3);
    expect((await previewNewYear(t.db, admin, input())).alreadyExists).toBe(true);
    expect((await currentFlags()).years).toEqual([{ id: t.demo.academicYearId }]);
  });

  it("refuses new dates that overlap a year or leave a shifted term outside, on the dates", async () => {
    const overlap = await fieldErrorsOf(previewNewYear(t.db, admin, { ...input(), name: "2028/2029", startsOn: "2028-07-01", endsOn: "2029-07-13" }));
    expect(overlap.startsOn![0]).toContain("These dates overlap 2027/2028");
    const short = await fieldErrorsOf(createYearFromPrevious(t.db, admin, { ...input(), name: "2028/2029", startsOn: "2028-09-04", endsOn: "2029-06-01" }));
    expect(short).toEqual({ endsOn: ["Third term would end on 13 Jul 2029, after the year ends"] });
    expect(await t.db.select().from(academicYears).where(eq(academicYears.name, "2028/2029"))).toEqual([]);
  });
});
