// Gradebook settings in the data layer: assessment schemes (weights, codes, scopes, and the scores
// already entered against a scheme), grade scales and their bands, the term locks on the settings
// page — each refusal on the field the form shows it on, every change audited, and who may not.
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { assessmentComponents, assessmentSchemes, auditLog, classLevels, gradeBands, gradeScales, subjects } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { deleteAssessmentScheme } from "@/lib/server/gradebook-settings/delete-assessment-scheme";
import { deleteGradeScale } from "@/lib/server/gradebook-settings/delete-grade-scale";
import { getAssessmentScheme } from "@/lib/server/gradebook-settings/get-assessment-scheme";
import { getGradeScale } from "@/lib/server/gradebook-settings/get-grade-scale";
import { listGradebookSettings } from "@/lib/server/gradebook-settings/list-gradebook-settings";
import { listSettingChoices } from "@/lib/server/gradebook-settings/list-setting-choices";
import { saveAssessmentScheme } from "@/lib/server/gradebook-settings/save-assessment-scheme";
import { saveGradeScale } from "@/lib/server/gradebook-settings/save-grade-scale";
import { setTermScoreLock } from "@/lib/server/gradebook-settings/set-term-score-lock";
import type { AssessmentSchemeInput, GradeBandInput, GradeScaleInput, SchemeComponentInput } from "@/lib/validation/gradebook-settings";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let levelIds: Record<string, string>;
let subjectIds: Record<string, string>;
let defaultSchemeId: string;
let defaultScaleId: string;

beforeAll(async () => {
  t = await useTestDatabase();
  admin = { ...(await t.actorFor(t.demo.adminUserId)), requestId: "req-gradebook-settings" };
  levelIds = Object.fromEntries((await t.db.select({ code: classLevels.code, id: classLevels.id }).from(classLevels)).map((l) => [l.code, l.id]));
  subjectIds = Object.fromEntries((await t.db.select({ code: subjects.code, id: subjects.id }).from(subjects)).map((s) => [s.code, s.id]));
  const [scheme] = await selectRows<{ id: string }>(
    t.db,
    sql`select id from assessment_schemes where class_level_id is null and subject_id is null and term_id is null`,
  );
  defaultSchemeId = scheme!.id;
  defaultScaleId = (await t.db.select({ id: gradeScales.id }).from(gradeScales))[0]!.id;
});

async function refusal<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

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

// The demo school's default scheme, as seeded: CA1 15, CA2 15, ASG 10, EXM 60.
const seededComponents: SchemeComponentInput[] = [
  { code: "CA1", name: "First test", maxScore: "15", weight: "15" },
  { code: "CA2", name: "Second test", maxScore: "15", weight: "15" },
  { code: "ASG", name: "Assignment", maxScore: "10", weight: "10" },
  { code: "EXM", name: "Examination", maxScore: "60", weight: "60" },
];
const defaultScheme = (changes: Partial<AssessmentSchemeInput> = {}): AssessmentSchemeInput => ({
  id: defaultSchemeId,
  name: "School default",
  classLevelId: null,
  subjectId: null,
  termId: null,
  components: seededComponents,
  ...changes,
});
const withComponent = (code: string, changes: Partial<SchemeComponentInput>) => seededComponents.map((c) => (c.code === code ? { ...c, ...changes } : c));

const componentsOf = (schemeId: string) =>
  t.db
    .select({ id: assessmentComponents.id, code: assessmentComponents.code, maxScore: assessmentComponents.maxScore, weight: assessmentComponents.weight })
    .from(assessmentComponents)
    .where(eq(assessmentComponents.schemeId, schemeId))
    .orderBy(assessmentComponents.sequence);

/** Offerings holding scores against the default scheme, and the scores of one of its components. */
async function defaultSchemeUse(code?: string) {
  const [row] = await selectRows<{ offerings: number; scores: number; highest: string | null }>(
    t.db,
    sql`select count(distinct s.offering_id)::int as offerings, count(*)::int as scores, max(s.value)::text as highest
        from scores s join assessment_components ac on ac.id = s.component_id
        where ac.scheme_id = ${defaultSchemeId} ${code ? sql`and ac.code = ${code}` : sql``}`,
  );
  return row!;
}

describe("who may change the gradebook settings", () => {
  it("refuses teachers and office staff every use case, and writes nothing", async () => {
    const calls: Array<(actor: Actor) => Promise<unknown>> = [
      (a) => listGradebookSettings(t.db, a),
      (a) => listSettingChoices(t.db, a),
      (a) => getAssessmentScheme(t.db, a, { id: defaultSchemeId }),
      (a) => getGradeScale(t.db, a, { id: defaultScaleId }),
      (a) => saveAssessmentScheme(t.db, a, defaultScheme({ id: null, name: "Hacked", classLevelId: levelIds.JSS1 })),
      (a) => saveAssessmentScheme(t.db, a, defaultScheme({ name: "Hacked" })),
      (a) => deleteAssessmentScheme(t.db, a, { id: defaultSchemeId }),
      (a) => saveGradeScale(t.db, a, { name: "Hacked", classLevelId: levelIds.JSS1, passMark: "0", roundingMode: "down", roundingPlaces: 0, bands: [] }),
      (a) => saveGradeScale(t.db, a, { id: defaultScaleId, name: "Hacked", passMark: "0", roundingMode: "down", roundingPlaces: 0, bands: [] }),
      (a) => deleteGradeScale(t.db, a, { id: defaultScaleId }),
      (a) => lockTermScores(t.db, a, { termId: t.demo.termIds[0]! }),
      (a) => setTermScoreLock(t.db, a, { termId: t.demo.termIds[0]!, locked: true }),
    ];
    const before = await auditCount();
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId]) {
      const actor = await t.actorFor(userId);
      for (const call of calls) await refusal(call(actor), ForbiddenError);
    }
    expect(await auditCount()).toBe(before);
    expect(await t.db.select({ name: assessmentSchemes.name }).from(assessmentSchemes)).toEqual([{ name: "School default" }]);
  });
});

describe("assessment schemes: the components", () => {
  const newScheme = (components: SchemeComponentInput[]): AssessmentSchemeInput => ({
    name: "JSS 1 tests",
    classLevelId: levelIds.JSS1,
    components,
  });

  it("refuses weights that don't add up to 100, saying the actual sum on the components list", async () => {
    const errors = await fieldErrorsOf(
      saveAssessmentScheme(
        t.db,
        admin,
        newScheme([
          { code: "CA", name: "Test", maxScore: "20", weight: "25" },
          { code: "EX", name: "Exam", maxScore: "70", weight: "70" },
        ]),
      ),
    );
    expect(errors).toEqual({ components: ["The weights add up to 95; they must add up to 100"] });
  });

  it("puts a repeated code (in any case), a blank name and a zero maximum on the exact component's field", async () => {
    const errors = await fieldErrorsOf(
      saveAssessmentScheme(
        t.db,
        admin,
        newScheme([
          { code: "CA", name: "Test", maxScore: "20", weight: "30" },
          { code: "ca", name: " ", maxScore: "0", weight: "70" },
        ]),
      ),
    );
    expect(errors).toEqual({
      "components.1.code": ['Another component already uses the code "ca"'],
      "components.1.name": ["A name is 1 to 60 characters"],
      "components.1.maxScore": ["The maximum score must be a number above 0, up to 1000"],
    });
    expect(await t.db.select().from(assessmentSchemes).where(eq(assessmentSchemes.name, "JSS 1 tests"))).toEqual([]);
  });
});

describe("assessment schemes: scopes", () => {
  it("creates a scheme for a level, audits it, says how many of its classes stay pinned to another scheme, and a double submit is one scheme", async () => {
    const input: AssessmentSchemeInput = {
      name: "JSS 1 continuous assessment",
      classLevelId: levelIds.JSS1,
      subjectId: "",
      termId: "",
      components: [
        { code: "CA", name: "Continuous assessment", maxScore: "40", weight: "40" },
        { code: "EXM", name: "Examination", maxScore: "100", weight: "60.00" },
      ],
    };
    const created = await saveAssessmentScheme(t.db, admin, input);
    expect(created).toMatchObject({ name: "JSS 1 continuous assessment", created: true, changed: true });
    const [pinned] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from subject_offerings so join classes c on c.id = so.class_id
          where c.class_level_id = ${levelIds.JSS1} and so.assessment_scheme_id = ${defaultSchemeId}`,
    );
    expect(pinned!.n).toBeGreaterThan(0);
    expect(created.notice).toBe(
      `${pinned!.n} classes in this scheme's scope already have scores against another scheme and keep it; this scheme applies to classes whose scores haven't been started.`,
    );
    expect((await componentsOf(created.id)).map(({ code, maxScore, weight }) => ({ code, maxScore, weight }))).toEqual([
      { code: "CA", maxScore: "40.00", weight: "40.00" },
      { code: "EXM", maxScore: "100.00", weight: "60.00" },
    ]);
    const [audit] = await auditFor("assessment_scheme", created.id);
    expect(audit).toMatchObject({
      action: "assessment_scheme.create",
      actorUserId: t.demo.adminUserId,
      requestId: "req-gradebook-settings",
      after: { name: "JSS 1 continuous assessment", classLevelId: levelIds.JSS1, scope: "JSS 1, any subject, any term", components: [{ code: "CA" }, { code: "EXM" }] },
    });

    const again = await saveAssessmentScheme(t.db, admin, input);
    expect(again).toMatchObject({ id: created.id, created: false, changed: false });
    expect(await auditFor("assessment_scheme", created.id)).toHaveLength(1);
  });

  it("refuses a second scheme for the same scope, naming the scheme that has it, on the scope", async () => {
    const errors = await fieldErrorsOf(
      saveAssessmentScheme(t.db, admin, {
        name: "Another JSS 1 scheme",
        classLevelId: levelIds.JSS1,
        components: [{ code: "EXM", name: "Examination", maxScore: "100", weight: "100" }],
      }),
    );
    expect(errors).toEqual({
      scope: ['"JSS 1 continuous assessment" already applies to JSS 1, any subject, any term; edit that scheme, or choose a different level, subject or term'],
    });
  });

  it("lets an unused scheme change scope and components freely, keeping its components' ids, then deletes it with an audit record", async () => {
    const created = await saveAssessmentScheme(t.db, admin, {
      name: "Mathematics, JSS 2",
      classLevelId: levelIds.JSS2,
      subjectId: subjectIds.MTH,
      components: [
        { code: "T1", name: "Test", maxScore: "30", weight: "30" },
        { code: "EX", name: "Exam", maxScore: "70", weight: "70" },
      ],
    });
    const [t1] = await componentsOf(created.id);
    const moved = await saveAssessmentScheme(t.db, admin, {
      id: created.id,
      name: "Mathematics, JSS 3",
      classLevelId: levelIds.JSS3,
      subjectId: subjectIds.MTH,
      components: [
        { code: "EX", name: "Exam", maxScore: "60", weight: "60" },
        { code: "t1", name: "Test one", maxScore: "40", weight: "40" },
      ],
    });
    expect(moved).toMatchObject({ changed: true });
    const after = await componentsOf(created.id);
    expect(after.map((c) => c.code)).toEqual(["EX", "t1"]);
    expect(after[1]!.id).toBe(t1!.id);

    await deleteAssessmentScheme(t.db, admin, { id: created.id });
    expect(await t.db.select().from(assessmentSchemes).where(eq(assessmentSchemes.id, created.id))).toEqual([]);
    const audit = await auditFor("assessment_scheme", created.id);
    expect(audit.map((a) => a.action)).toEqual(["assessment_scheme.create", "assessment_scheme.update", "assessment_scheme.delete"]);
    expect(audit[1]).toMatchObject({ before: { name: "Mathematics, JSS 2", classLevelId: levelIds.JSS2 }, after: { name: "Mathematics, JSS 3", classLevelId: levelIds.JSS3 } });
    expect(audit[2]).toMatchObject({ before: { name: "Mathematics, JSS 3", components: [{ code: "EX" }, { code: "t1" }] }, after: null });
  });

  it("refuses a scope chosen from nothing that exists, on that choice", async () => {
    const errors = await fieldErrorsOf(
      saveAssessmentScheme(t.db, admin, {
        name: "Ghost",
        termId: "0190a0a0-0000-7000-8000-000000000000",
        components: [{ code: "EXM", name: "Examination", maxScore: "100", weight: "100" }],
      }),
    );
    expect(errors).toEqual({ termId: ["Choose a term from the list"] });
  });
});

describe("assessment schemes: a scheme with scores entered against it", () => {
  it("needs a confirmation to change weights, saying how many classes have scores and what happens to their totals", async () => {
    const { offerings } = await defaultSchemeUse();
    expect(offerings).toBeGreaterThan(0);
    const before = await componentsOf(defaultSchemeId);
    const changed = withComponent("CA1", { weight: "20" }).map((c) => (c.code === "EXM" ? { ...c, weight: "55" } : c));

    const errors = await fieldErrorsOf(saveAssessmentScheme(t.db, admin, defaultScheme({ components: changed })));
    expect(errors).toEqual({
      confirmInUse: [`${offerings} classes already have scores against this scheme; their totals will be recomputed with the new weights.`],
    });
    expect(await componentsOf(defaultSchemeId)).toEqual(before);

    const saved = await saveAssessmentScheme(t.db, admin, defaultScheme({ components: changed, confirmInUse: true }));
    expect(saved.changed).toBe(true);
    const after = await componentsOf(defaultSchemeId);
    // Scores point at component ids: the same codes keep the same rows.
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(after.map((c) => c.weight)).toEqual(["20.00", "15.00", "10.00", "55.00"]);
    const audit = (await auditFor("assessment_scheme", defaultSchemeId)).at(-1)!;
    expect(audit).toMatchObject({
      action: "assessment_scheme.update",
      before: { components: [{ code: "CA1", weight: "15" }, { code: "CA2" }, { code: "ASG" }, { code: "EXM", weight: "60" }] },
      after: { components: [{ code: "CA1", weight: "20" }, { code: "CA2" }, { code: "ASG" }, { code: "EXM", weight: "55" }] },
    });

    // Back to the seeded weights for the tests below (confirmed again: it is just as much a change).
    await saveAssessmentScheme(t.db, admin, defaultScheme({ confirmInUse: true }));
    expect((await componentsOf(defaultSchemeId)).map((c) => c.weight)).toEqual(["15.00", "15.00", "10.00", "60.00"]);
  });

  it("names a new component and a new maximum in the warning", async () => {
    const components = [
      ...withComponent("EXM", { weight: "50" }).map((c) => (c.code === "CA1" ? { ...c, maxScore: "20" } : c)),
      { code: "PRJ", name: "Project", maxScore: "10", weight: "10" },
    ];
    const errors = await fieldErrorsOf(saveAssessmentScheme(t.db, admin, defaultScheme({ components })));
    expect(Object.keys(errors)).toEqual(["confirmInUse"]);
    expect(errors.confirmInUse![0]).toContain("CA1 out of 20 instead of 15");
    expect(errors.confirmInUse![0]).toContain("PRJ will be empty for every student");
  });

  it("renames a component and reorders the list without asking: totals don't change", async () => {
    const before = await auditCount();
    const [ca1, ca2, asg, exm] = seededComponents;
    const result = await saveAssessmentScheme(t.db, admin, defaultScheme({ components: [exm!, { ...ca1!, name: "Test one" }, ca2!, asg!] }));
    expect(result.changed).toBe(true);
    expect((await componentsOf(defaultSchemeId)).map((c) => c.code)).toEqual(["EXM", "CA1", "CA2", "ASG"]);
    expect(await auditCount()).toBe(before + 1);
    await saveAssessmentScheme(t.db, admin, defaultScheme());
  });

  it("refuses to remove a component that has scores, naming it and how many, even when confirmed", async () => {
    const { scores } = await defaultSchemeUse("ASG");
    expect(scores).toBeGreaterThan(0);
    const components = seededComponents.filter((c) => c.code !== "ASG").map((c) => (c.code === "EXM" ? { ...c, weight: "70" } : c));
    const errors = await fieldErrorsOf(saveAssessmentScheme(t.db, admin, defaultScheme({ components, confirmInUse: true })));
    expect(errors).toEqual({ components: [`ASG (Assignment) can't be removed: ${scores} scores have been entered against it`] });
    expect((await componentsOf(defaultSchemeId)).map((c) => c.code)).toEqual(["CA1", "CA2", "ASG", "EXM"]);
  });

  it("refuses a maximum below a stored score, naming the component, the highest score and the new maximum", async () => {
    const { highest } = await defaultSchemeUse("EXM");
    const newMax = String(Math.floor(Number(highest)) - 1);
    const errors = await fieldErrorsOf(saveAssessmentScheme(t.db, admin, defaultScheme({ components: withComponent("EXM", { maxScore: newMax }), confirmInUse: true })));
    expect(errors).toEqual({ "components.3.maxScore": [`EXM already has a score of ${Number(highest)}, above the new maximum of ${newMax}`] });
    expect((await componentsOf(defaultSchemeId))[3]!.maxScore).toBe("60.00");
  });

  it("refuses to change what an in-use scheme applies to", async () => {
    const errors = await fieldErrorsOf(saveAssessmentScheme(t.db, admin, defaultScheme({ subjectId: subjectIds.MTH })));
    expect(Object.keys(errors)).toEqual(["scope"]);
    expect(errors.scope![0]).toMatch(/^\d+ classes already have scores against this scheme, so what it applies to can't change/);
  });

  it("refuses to delete a scheme in use, with the count", async () => {
    const { offerings, scores } = await defaultSchemeUse();
    const error = await refusal(deleteAssessmentScheme(t.db, admin, { id: defaultSchemeId }), ConflictError);
    expect(error.message).toBe(`"School default" can't be deleted: ${offerings} classes use it (${scores} scores entered).`);
    expect(await t.db.select().from(assessmentSchemes).where(eq(assessmentSchemes.id, defaultSchemeId))).toHaveLength(1);
  });

  it("shows the scheme's use on its edit page and in the settings list", async () => {
    const { offerings, scores } = await defaultSchemeUse();
    const detail = await getAssessmentScheme(t.db, admin, { id: defaultSchemeId });
    expect(detail).toMatchObject({ inUse: true, usage: `${offerings} classes already have scores against this scheme`, scope: "every level, subject and term (the school default)" });
    expect(detail.components.map((c) => [c.code, c.maxScore, c.weight])).toEqual([
      ["CA1", "15", "15"],
      ["CA2", "15", "15"],
      ["ASG", "10", "10"],
      ["EXM", "60", "60"],
    ]);
    const listed = (await listGradebookSettings(t.db, admin)).schemes.find((s) => s.id === defaultSchemeId);
    expect(listed).toMatchObject({ isSchoolDefault: true, offerings, scores });
    await refusal(getAssessmentScheme(t.db, admin, { id: "0190a0a0-0000-7000-8000-000000000000" }), NotFoundError);
  });
});

describe("grade scales", () => {
  const band = (letter: string, minScore: string, points: string, remark = `Grade ${letter}`): GradeBandInput => ({ letter, minScore, points, remark });
  const jss1Scale = (bands: GradeBandInput[], changes: Partial<GradeScaleInput> = {}): GradeScaleInput => ({
    name: "JSS 1 grading",
    classLevelId: levelIds.JSS1,
    passMark: "45",
    roundingMode: "half_even",
    roundingPlaces: "0",
    bands,
    ...changes,
  });
  const storedBands = (scaleId: string) =>
    t.db
      .select({ letter: gradeBands.letter, minScore: gradeBands.minScore, maxScore: gradeBands.maxScore, points: gradeBands.points })
      .from(gradeBands)
      .where(eq(gradeBands.scaleId, scaleId))
      .orderBy(gradeBands.minScore);

  it("stores each band with the upper bound that leaves no gap below the next band up, and audits it", async () => {
    const created = await saveGradeScale(t.db, admin, jss1Scale([band("B", "55", "3"), band("A", "70.5", "4"), band("F", "0", "0")]));
    expect(created).toMatchObject({ created: true, changed: true });
    expect(await storedBands(created.id)).toEqual([
      { letter: "F", minScore: "0.00", maxScore: "54.99", points: "0.00" },
      { letter: "B", minScore: "55.00", maxScore: "70.49", points: "3.00" },
      { letter: "A", minScore: "70.50", maxScore: "100.00", points: "4.00" },
    ]);
    const [scale] = await t.db.select().from(gradeScales).where(eq(gradeScales.id, created.id));
    expect(scale).toMatchObject({ passMark: "45.00", roundingMode: "half_even", roundingPlaces: 0, classLevelId: levelIds.JSS1 });
    const [audit] = await auditFor("grade_scale", created.id);
    expect(audit).toMatchObject({ action: "grade_scale.create", after: { name: "JSS 1 grading", bands: [{ letter: "A", maxScore: "100.00" }, { letter: "B" }, { letter: "F" }] } });

    // Saving again replaces the bands together, with the before and after in the audit log.
    await saveGradeScale(t.db, admin, jss1Scale([band("A", "75", "4"), band("P", "40", "1"), band("F", "0", "0")], { id: created.id }));
    expect((await storedBands(created.id)).map((b) => [b.letter, b.minScore, b.maxScore])).toEqual([
      ["F", "0.00", "39.99"],
      ["P", "40.00", "74.99"],
      ["A", "75.00", "100.00"],
    ]);
    const update = (await auditFor("grade_scale", created.id)).at(-1)!;
    expect(update).toMatchObject({ action: "grade_scale.update", before: { bands: [{ letter: "A", minScore: "70.5" }, { letter: "B" }, { letter: "F" }] }, after: { bands: [{ letter: "A", minScore: "75" }, { letter: "P" }, { letter: "F" }] } });
    expect(await getGradeScale(t.db, admin, { id: created.id })).toMatchObject({ passMark: "45", roundingPlaces: 0, bands: [{ letter: "A", minScore: "75", maxScore: "100.00" }, { letter: "P" }, { letter: "F" }] });
  });

  it("refuses two bands starting at the same minimum, on the second band's minimum", async () => {
    const errors = await fieldErrorsOf(saveGradeScale(t.db, admin, jss1Scale([band("A", "70", "4"), band("B", "70.00", "3"), band("F", "0", "0")], { classLevelId: levelIds.JSS2, name: "Overlap" })));
    expect(errors).toEqual({ "bands.1.minScore": ["Another band already starts at 70"] });
  });

  it("refuses a lowest band that doesn't start at 0, on that band's minimum", async () => {
    const errors = await fieldErrorsOf(saveGradeScale(t.db, admin, jss1Scale([band("A", "70", "4"), band("F", "10", "0")], { classLevelId: levelIds.JSS2, name: "Gap" })));
    expect(errors).toEqual({ "bands.1.minScore": ["The lowest band must start at 0 so every total gets a grade"] });
    expect(await t.db.select().from(gradeScales).where(eq(gradeScales.name, "Gap"))).toEqual([]);
  });

  it("allows one school-wide scale and one scale per level, saying so on the level", async () => {
    const bands = [band("P", "50", "1"), band("F", "0", "0")];
    const level = await fieldErrorsOf(saveGradeScale(t.db, admin, jss1Scale(bands, { name: "Second JSS 1 scale" })));
    expect(level).toEqual({ classLevelId: ['JSS 1 already has its own scale, "JSS 1 grading"; edit that one, or choose another level'] });
    const schoolWide = await fieldErrorsOf(saveGradeScale(t.db, admin, jss1Scale(bands, { name: "Second school scale", classLevelId: "" })));
    expect(schoolWide).toEqual({ classLevelId: ['There is already a school-wide scale, "School grading"; edit it, or choose a class level for this one'] });
    const name = await fieldErrorsOf(saveGradeScale(t.db, admin, jss1Scale(bands, { name: "school grading", classLevelId: levelIds.SSS1 })));
    expect(name).toEqual({ name: ['Another grade scale is already called "School grading"'] });
  });

  it("keeps a scale for every level: the school-wide one can't go while it's the only one, nor while levels depend on it", async () => {
    // The seed's school-wide scale plus the JSS 1 scale made above: deleting the school-wide one strands every other level.
    const stranded = await refusal(deleteGradeScale(t.db, admin, { id: defaultScaleId }), ConflictError);
    expect(stranded.message).toMatch(/^"School grading" can't be deleted: JSS 2, JSS 3, SSS 1, SSS 2, SSS 3 would be left with no grade scale\.$/);

    const [jss1] = await t.db.select({ id: gradeScales.id }).from(gradeScales).where(eq(gradeScales.classLevelId, levelIds.JSS1!));
    await deleteGradeScale(t.db, admin, { id: jss1!.id });
    expect(await t.db.select().from(gradeBands).where(eq(gradeBands.scaleId, jss1!.id))).toEqual([]);
    expect((await auditFor("grade_scale", jss1!.id)).at(-1)).toMatchObject({ action: "grade_scale.delete", before: { name: "JSS 1 grading", bands: [{ letter: "A" }, { letter: "P" }, { letter: "F" }] } });

    const only = await refusal(deleteGradeScale(t.db, admin, { id: defaultScaleId }), ConflictError);
    expect(only.message).toBe('"School grading" can\'t be deleted: it is the only grade scale, and every total needs one to get a grade.');
    expect(await t.db.select().from(gradeScales)).toHaveLength(1);
  });
});

describe("the settings page", () => {
  it("locks a term's scores, and unlocks them only with a reason, each in the audit log", async () => {
    const termId = t.demo.termIds[1]!;
    expect(await setTermScoreLock(t.db, admin, { termId, locked: true })).toEqual({ locked: true });
    const errors = await fieldErrorsOf(setTermScoreLock(t.db, admin, { termId, locked: false, reason: " ok " }));
    expect(errors).toEqual({ reason: ["Give a reason for unlocking the term (at least 5 characters)"] });
    expect(await setTermScoreLock(t.db, admin, { termId, locked: false, reason: "Late coursework from JSS 2" })).toEqual({ locked: false });
    const audit = await auditFor("term", termId);
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["scores.term_locked", null],
      ["scores.term_unlocked", "Late coursework from JSS 2"],
    ]);
  });

  it("lists the schemes, the scales and the current year's terms with their lock state", async () => {
    await setTermScoreLock(t.db, admin, { termId: t.demo.termIds[0]!, locked: true });
    const settings = await listGradebookSettings(t.db, admin);
    expect(settings.schemes[0]).toMatchObject({ name: "School default", isSchoolDefault: true, components: [{ code: "CA1", weight: "15" }, { code: "CA2" }, { code: "ASG" }, { code: "EXM" }] });
    expect(settings.scales).toEqual([
      expect.objectContaining({ name: "School grading", level: null, passMark: "40", roundingMode: "half_up", bands: expect.arrayContaining([{ letter: "A", minScore: "70", maxScore: "100.00" }]) }),
    ]);
    expect(settings.terms.map((term) => term.id)).toEqual(t.demo.termIds);
    expect(settings.terms[0]!.lockedAt).not.toBeNull();
    expect(settings.terms.slice(1).every((term) => term.lockedAt === null)).toBe(true);
    const choices = await listSettingChoices(t.db, admin);
    expect(choices.levels.map((l) => l.name)).toEqual(["JSS 1", "JSS 2", "JSS 3", "SSS 1", "SSS 2", "SSS 3"]);
    expect(choices.terms[0]!.name).toBe("First term 2026/2027");
  });
});
