// End-of-year promotions on the demo school: preview figures, overrides with reasons, the run's
// refusals (each saying what to do, changing nothing), the run itself, idempotence, and undo.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { DEFAULT_PROMOTION_RULES, type PromotionRules } from "@/lib/domain/promotion";
import { planPromotion } from "@/lib/domain/promotion-plan";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { computeYearResults } from "@/lib/server/promotions/compute-year-results";
import { executePromotionRun } from "@/lib/server/promotions/execute-promotion-run";
import { getPromotionPreview } from "@/lib/server/promotions/get-promotion-preview";
import { getPromotionRun, listPromotionRuns } from "@/lib/server/promotions/list-promotion-runs";
import { overridePromotionDecisions } from "@/lib/server/promotions/override-promotion-decisions";
import { savePromotionClassMap } from "@/lib/server/promotions/save-promotion-class-map";
import { savePromotionRules } from "@/lib/server/promotions/save-promotion-rules";
import { undoPromotionRun } from "@/lib/server/promotions/undo-promotion-run";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let jss1: string;
let jss3: string;
let sss3: string;

const rules = (overrides: Partial<PromotionRules> = {}): PromotionRules => ({ ...DEFAULT_PROMOTION_RULES, requiredSubjectIds: [], ...overrides });

async function conflictOf(promise: Promise<unknown>): Promise<ConflictError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConflictError);
  return error as ConflictError;
}

/** Everything the run touches, to prove a refusal or an undo left it exactly as it was. */
async function snapshot() {
  return selectRows<{ rows: unknown }>(
    t.db,
    sql`select jsonb_build_object(
          'enrolments', (select jsonb_agg(to_jsonb(e) - 'created_at' order by e.id) from enrolments e),
          'students', (select jsonb_agg(jsonb_build_object('id', s.id, 'status', s.status, 'on', s.status_changed_on, 'reason', s.status_reason) order by s.id) from students s)
        ) as rows`,
  );
}

async function levelId(code: string) {
  return (await selectRows<{ id: string }>(t.db, sql`select id from class_levels where code = ${code}`))[0]!.id;
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  jss1 = await levelId("JSS1");
  jss3 = await levelId("JSS3");
  sss3 = await levelId("SSS3");
});

describe("before the year is ready", () => {
  it("is for administrators only", async () => {
    await expect(getPromotionPreview(t.db, teacher, { classLevelId: jss1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(executePromotionRun(t.db, teacher, { classLevelId: jss1, rules: rules() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(savePromotionRules(t.db, teacher, { classLevelId: jss1, rules: rules() })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("lists what stands in the way, saying what to do, and a run changes nothing", async () => {
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    expect(preview.toYear).toBeNull();
    expect(preview.blockers).toEqual([
      "There is no academic year after 2026/2027: create it (School structure → New year) before promoting.",
      "First term's scores are not locked: lock them in Gradebook settings so results can't change under the run.",
      "Second term's scores are not locked: lock them in Gradebook settings so results can't change under the run.",
      "Third term's scores are not locked: lock them in Gradebook settings so results can't change under the run.",
    ]);
    expect(preview.students.length).toBeGreaterThan(0);
    // The first term has scores but nothing computed; the others have no scores at all.
    expect(preview.termsWithoutResults).toEqual(["First term"]);
    expect(preview.termsNotAssessed).toEqual(["Second term", "Third term"]);
    const before = await snapshot();
    const error = await conflictOf(executePromotionRun(t.db, admin, { classLevelId: jss1, rules: rules() }));
    expect(error.fieldErrors.problems).toEqual(preview.blockers);
    expect(await snapshot()).toEqual(before);
    await expect(overridePromotionDecisions(t.db, admin, { classLevelId: jss1, studentIds: [preview.students[0]!.studentId], outcome: "repeat", reason: "Parents asked", rules: rules() })).rejects.toThrow(
      "There is no academic year after 2026/2027",
    );
  });
});

describe("with the next year, locked terms and computed results", () => {
  let toYearId: string;
  beforeAll(async () => {
    const [year] = await selectRows<{ id: string }>(t.db, sql`insert into academic_years (name, starts_on, ends_on) values ('2027/2028', '2027-09-06', '2028-07-14') returning id`);
    toYearId = year!.id;
    // Next year's classes: JSS 1 and JSS 2 with the same arms; JSS 2 B small, to test capacity. No JSS 3 B, to test a missing arm.
    await t.db.execute(sql`
      insert into classes (academic_year_id, class_level_id, arm, name, capacity)
      select ${toYearId}, l.id, a.arm, l.name || ' ' || a.arm, case when l.code = 'JSS2' and a.arm = 'B' then 2 else 40 end
      from class_levels l cross join (values ('A'), ('B')) as a(arm)
      where l.code in ('JSS1', 'JSS2', 'JSS3', 'SSS1') and not (l.code = 'SSS1' and a.arm = 'B')`);
    for (const termId of t.demo.termIds) await lockTermScores(t.db, admin, { termId });
    await computeYearResults(t.db, admin, { classLevelId: jss1 });
  });

  it("previews every student once, with the first term's figures and none for later terms", async () => {
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    expect(preview.blockers).toEqual([]);
    expect(preview.toYear?.name).toBe("2027/2028");
    expect(preview.termsWithoutResults).toEqual([]);
    expect(preview.termsNotAssessed).toEqual(["Second term", "Third term"]);
    const ids = preview.students.map((s) => s.studentId);
    expect(new Set(ids).size).toBe(ids.length);
    const [count] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from enrolments e join classes c on c.id = e.class_id where c.class_level_id = ${jss1} and e.status = 'active' and e.academic_year_id = ${t.demo.academicYearId}`,
    );
    expect(ids).toHaveLength(count!.n);
    const first = preview.students[0]!;
    expect(first.record.termAverages.map((term) => term.termName)).toEqual(["First term", "Second term", "Third term"]);
    expect(first.record.termAverages[0]!.average).toMatch(/^\d+\.\d+$/);
    expect(first.record.termAverages[1]!.average).toBeNull();
    expect(first.record.subjects.length).toBeGreaterThan(3);
    expect(preview.nextYearClasses.map((c) => c.name)).toEqual(["JSS 1 A", "JSS 1 B", "JSS 2 A", "JSS 2 B"]);
  });

  it("keeps a level's rules, validated, with an audit record", async () => {
    await expect(savePromotionRules(t.db, admin, { classLevelId: jss1, rules: { ...rules(), minimumAverage: "101" } })).rejects.toBeInstanceOf(ValidationError);
    await savePromotionRules(t.db, admin, { classLevelId: jss1, rules: rules({ minimumAverage: "45" }) });
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    expect(preview).toMatchObject({ rulesSaved: true, rules: { minimumAverage: "45" } });
    const [audit] = await selectRows<{ action: string }>(t.db, sql`select action from audit_log where entity_id = ${jss1} and action = 'promotions.rules_saved'`);
    expect(audit).toBeDefined();
  });

  it("refuses a run with students over capacity or awaiting review, listing them, and changes nothing", async () => {
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    // A minimum nobody reaches: everyone "review" (the default otherwise).
    const before = await snapshot();
    const review = await conflictOf(executePromotionRun(t.db, admin, { classLevelId: jss1, rules: rules({ minimumAverage: "100" }) }));
    expect(review.fieldErrors.problems![0]).toMatch(new RegExp(`^${preview.students.length} students still need a decision \\(marked review\\): `));
    // Everyone promoted: JSS 2 B (capacity 2) overflows.
    const capacity = await conflictOf(executePromotionRun(t.db, admin, { classLevelId: jss1, rules: rules({ minimumAverage: "0" }) }));
    expect(capacity.fieldErrors.problems).toContainEqual(expect.stringMatching(/^JSS 2 B would have \d+ students, over its capacity of 2: /));
    expect(capacity.fieldErrors.allowOverCapacity).toEqual(["Confirm to fill classes beyond their capacity"]);
    expect(await snapshot()).toEqual(before);
  });

  it("records overrides with the reason and the rules' decision, idempotently, and clears them", async () => {
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    const [a, b] = preview.students;
    const input = { classLevelId: jss1, studentIds: [a!.studentId], outcome: "repeat" as const, reason: "Missed a term through illness", rules: rules({ minimumAverage: "0" }) };
    expect(await overridePromotionDecisions(t.db, admin, input)).toEqual({ changed: 1 });
    expect(await overridePromotionDecisions(t.db, admin, input)).toEqual({ changed: 0 });
    const withoutReason = await overridePromotionDecisions(t.db, admin, { ...input, reason: undefined }).catch((e: unknown) => e);
    expect((withoutReason as ValidationError).fieldErrors).toEqual({ reason: ["Give the reason for the change (at least 3 characters)"] });
    const transfer = await overridePromotionDecisions(t.db, admin, { ...input, studentIds: [b!.studentId], outcome: "transfer" }).catch((e: unknown) => e);
    expect((transfer as ValidationError).fieldErrors).toEqual({ transferDestination: ["Enter the school the student is transferring to"] });
    const wrongClass = preview.nextYearClasses.find((c) => c.name === "JSS 2 A")!;
    const wrong = await overridePromotionDecisions(t.db, admin, { ...input, targetClassId: wrongClass.id }).catch((e: unknown) => e);
    expect((wrong as ValidationError).fieldErrors).toEqual({ targetClassId: ["Choose one of next year's classes of the right level"] });
    await overridePromotionDecisions(t.db, admin, { ...input, studentIds: [b!.studentId], outcome: "transfer", transferDestination: "Kings College, Lagos", reason: "Family moved" });

    const after = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    expect(after.run?.status).toBe("draft");
    expect(after.overrides.map((o) => [o.studentId, o.outcome, o.reason])).toEqual(
      expect.arrayContaining([
        [a!.studentId, "repeat", "Missed a term through illness"],
        [b!.studentId, "transfer", "Family moved"],
      ]),
    );
    const [stored] = await selectRows<{ computedOutcome: string; computedReason: string }>(
      t.db,
      sql`select computed_outcome as "computedOutcome", computed_reason as "computedReason" from promotion_decisions where student_id = ${a!.studentId}`,
    );
    expect(stored).toMatchObject({ computedOutcome: "promote", computedReason: expect.stringMatching(/^average \d+\.\d ≥ 0/) });
    const audits = await selectRows<{ action: string; reason: string }>(t.db, sql`select action, reason from audit_log where action like 'promotions.overrid%' order by occurred_at`);
    expect(audits).toEqual([
      { action: "promotions.overridden", reason: "Missed a term through illness" },
      { action: "promotions.overridden", reason: "Family moved" },
    ]);
    // Back to the rules, then set again for the run below.
    expect(await overridePromotionDecisions(t.db, admin, { ...input, outcome: null, reason: undefined })).toEqual({ changed: 1 });
    expect((await getPromotionPreview(t.db, admin, { classLevelId: jss1 })).overrides.map((o) => o.studentId)).toEqual([b!.studentId]);
    await overridePromotionDecisions(t.db, admin, input);
  });

  it("runs once: next year's enrolments, this year's closed, the transfer recorded, parents emailed, audited", async () => {
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    const runRules = rules({ minimumAverage: "0" });
    const plan = planPromotion({ ...preview, rules: runRules, classMap: {}, overrides: preview.overrides });
    const outcome = await executePromotionRun(t.db, admin, { classLevelId: jss1, rules: runRules, allowOverCapacity: true });
    expect(outcome).toMatchObject({ status: "executed", counts: plan.counts });
    expect(plan.counts).toMatchObject({ repeat: 1, transfer: 1, review: 0 });
    expect(plan.counts.promote).toBe(preview.students.length - 2);

    const placed = await selectRows<{ level: string; n: number }>(
      t.db,
      sql`select l.code as level, count(*)::int as n from enrolments e join classes c on c.id = e.class_id join class_levels l on l.id = c.class_level_id
          where e.academic_year_id = (select id from academic_years where name = '2027/2028') and e.status = 'active' group by l.code order by l.code`,
    );
    expect(placed).toEqual([
      { level: "JSS1", n: 1 },
      { level: "JSS2", n: preview.students.length - 2 },
    ]);
    // Same arm by default.
    const [armMismatch] = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from promotion_decisions d join enrolments fe on fe.id = d.from_enrolment_id join classes fc on fc.id = fe.class_id
          join classes tc on tc.id = d.target_class_id where d.run_id = ${(outcome as { runId: string }).runId} and fc.arm <> tc.arm`,
    );
    expect(armMismatch!.n).toBe(0);
    const [transferred] = await selectRows<{ status: string; reason: string; enrolment: string }>(
      t.db,
      sql`select s.status, s.status_reason as reason, e.status as enrolment from students s join enrolments e on e.student_id = s.id
          where s.id = ${preview.students[1]!.studentId}`,
    );
    expect(transferred).toEqual({ status: "transferred", reason: "Transferred to Kings College, Lagos", enrolment: "withdrawn" });
    const [closed] = await selectRows<{ open: number }>(
      t.db,
      sql`select count(*)::int as open from enrolments e join classes c on c.id = e.class_id where c.class_level_id = ${jss1} and e.academic_year_id = ${t.demo.academicYearId} and e.status = 'active'`,
    );
    expect(closed!.open).toBe(0);
    const emails = await selectRows<{ subject: string; body: string }>(t.db, sql`select subject, text_body as body from email_outbox where idempotency_key like 'promotion:%'`);
    expect(emails.length).toBe((outcome as { emailsQueued: number }).emailsQueued);
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.some((e) => /has been promoted to JSS 2 [AB] for 2027\/2028\./.test(e.body))).toBe(true);
    const [audit] = await selectRows<{ after: { counts: unknown } }>(t.db, sql`select after from audit_log where action = 'promotions.executed'`);
    expect(audit!.after.counts).toEqual(plan.counts);

    // Again: a double click or a retry finds the run and changes nothing.
    const before = await snapshot();
    const again = await executePromotionRun(t.db, admin, { classLevelId: jss1, rules: runRules, allowOverCapacity: true });
    expect(again).toMatchObject({ status: "already_run", message: expect.stringMatching(/^JSS 1 was already promoted for 2026\/2027 by .+; nothing changed\.$/) });
    expect(await snapshot()).toEqual(before);
    await expect(overridePromotionDecisions(t.db, admin, { classLevelId: jss1, studentIds: [preview.students[2]!.studentId], outcome: "repeat", reason: "Too late", rules: runRules })).rejects.toBeInstanceOf(ConflictError);

    const [run] = await listPromotionRuns(t.db, admin);
    expect(run).toMatchObject({ levelName: "JSS 1", status: "executed", overrides: 2, counts: plan.counts });
    const detail = await getPromotionRun(t.db, admin, { runId: run!.id });
    expect(detail.decisions).toHaveLength(preview.students.length);
    expect(detail.decisions.find((d) => d.studentId === preview.students[0]!.studentId)).toMatchObject({
      computedOutcome: "promote",
      outcome: "repeat",
      targetClass: expect.stringMatching(/^JSS 1 [AB]$/),
      overrideReason: "Missed a term through illness",
    });
  });

  it("undoes exactly while the new year is untouched, and refuses once scores exist there", async () => {
    const [run] = await listPromotionRuns(t.db, admin);
    const runId = run!.id;
    // A score in the new year blocks undo.
    const [enrolment] = await selectRows<{ studentId: string; classId: string }>(
      t.db,
      sql`select d.student_id as "studentId", e.class_id as "classId" from promotion_decisions d join enrolments e on e.id = d.created_enrolment_id where d.run_id = ${runId} limit 1`,
    );
    const [term] = await selectRows<{ id: string }>(t.db, sql`insert into terms (academic_year_id, name, sequence, starts_on, ends_on) values ((select id from academic_years where name = '2027/2028'), 'First term', 1, '2027-09-06', '2027-12-10') returning id`);
    const [offering] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into subject_offerings (class_id, term_id, subject_id) values (${enrolment!.classId}, ${term!.id}, (select id from subjects where code = 'MTH')) returning id`,
    );
    await t.db.execute(sql`insert into scores (offering_id, student_id, component_id, mark) select ${offering!.id}, ${enrolment!.studentId}, ac.id, 'absent' from assessment_components ac limit 1`);
    const blocked = await conflictOf(undoPromotionRun(t.db, admin, { runId, reason: "Wrong thresholds" }));
    expect(blocked.fieldErrors.problems).toEqual(["1 of these students already have scores in 2027/2028; undoing would lose them."]);
    await t.db.execute(sql`delete from scores where offering_id = ${offering!.id}`);

    await expect(undoPromotionRun(t.db, admin, { runId, reason: "" })).rejects.toBeInstanceOf(ValidationError);
    const undone = await undoPromotionRun(t.db, admin, { runId, reason: "Wrong thresholds" });
    expect(undone.restored).toBe(run!.counts!.promote + run!.counts!.repeat + run!.counts!.transfer);
    const [state] = await selectRows<{ nextYear: number; open: number; transferred: number }>(
      t.db,
      sql`select (select count(*)::int from enrolments where academic_year_id = (select id from academic_years where name = '2027/2028')) as "nextYear",
                 (select count(*)::int from enrolments e join classes c on c.id = e.class_id where c.class_level_id = ${jss1} and e.academic_year_id = ${t.demo.academicYearId} and e.status = 'active') as open,
                 (select count(*)::int from students where status = 'transferred') as transferred`,
    );
    expect(state).toEqual({ nextYear: 0, open: run!.counts!.promote + run!.counts!.repeat + run!.counts!.transfer, transferred: 0 });
    expect((await listPromotionRuns(t.db, admin))[0]).toMatchObject({ status: "undone", undoReason: "Wrong thresholds", undoneBy: expect.any(String) });
    await expect(undoPromotionRun(t.db, admin, { runId, reason: "Again" })).rejects.toThrow("This run has already been undone.");
    // A new preview starts clean: the undone run's overrides are history, not a draft.
    expect((await getPromotionPreview(t.db, admin, { classLevelId: jss1 })).overrides).toEqual([]);
  });

  it("keeps where each class goes on the draft run, refusing a class of the wrong level", async () => {
    const preview = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    const fromA = preview.students.find((s) => s.className === "JSS 1 A")!.classId;
    const jss2b = preview.nextYearClasses.find((c) => c.name === "JSS 2 B")!.id;
    const jss1b = preview.nextYearClasses.find((c) => c.name === "JSS 1 B")!.id;
    await savePromotionClassMap(t.db, admin, { classLevelId: jss1, classMap: { [fromA]: { promote: jss2b, repeat: jss1b } }, rules: rules() });
    const saved = await getPromotionPreview(t.db, admin, { classLevelId: jss1 });
    expect(saved.run).toMatchObject({ status: "draft", classMap: { [fromA]: { promote: jss2b, repeat: jss1b } } });
    const plan = planPromotion({ ...saved, rules: rules({ minimumAverage: "0" }), classMap: saved.run!.classMap, overrides: saved.overrides });
    expect(new Set(plan.decisions.filter((d) => d.classId === fromA).map((d) => d.targetClassId))).toEqual(new Set([jss2b]));
    const wrong = await savePromotionClassMap(t.db, admin, { classLevelId: jss1, classMap: { [fromA]: { promote: jss1b } }, rules: rules() }).catch((e: unknown) => e);
    expect((wrong as ValidationError).fieldErrors).toEqual({ classMap: ["Choose next year's classes of the right level"] });
    await expect(savePromotionClassMap(t.db, teacher, { classLevelId: jss1, classMap: {}, rules: rules() })).rejects.toBeInstanceOf(ForbiddenError);
    await savePromotionClassMap(t.db, admin, { classLevelId: jss1, classMap: {}, rules: rules() });
    expect((await getPromotionPreview(t.db, admin, { classLevelId: jss1 })).run?.classMap).toEqual({});
  });

  it("names students with no class to go to, and graduates the final level", async () => {
    await computeYearResults(t.db, admin, { classLevelId: jss3 });
    const missingArm = await conflictOf(executePromotionRun(t.db, admin, { classLevelId: jss3, rules: rules({ minimumAverage: "0" }) }));
    // SSS 1 has only arm A next year: JSS 3 B's students have nowhere to go.
    expect(missingArm.fieldErrors.problems!.some((p) => /^.+ \(JSS 3 B\): no class with arm "B" next year; choose one\.$/.test(p))).toBe(true);

    await computeYearResults(t.db, admin, { classLevelId: sss3 });
    const final = await getPromotionPreview(t.db, admin, { classLevelId: sss3 });
    const result = await executePromotionRun(t.db, admin, { classLevelId: sss3, rules: rules({ minimumAverage: "0" }) });
    expect(result).toMatchObject({ status: "executed", counts: { graduate: final.students.length, promote: 0 } });
    const [graduated] = await selectRows<{ n: number; reason: string }>(
      t.db,
      sql`select count(*)::int as n, min(status_reason) as reason from students where status = 'graduated' and status_changed_on = '2027-07-16'`,
    );
    expect(graduated).toEqual({ n: final.students.length, reason: "Graduated from SSS 3, 2026/2027" });
  });
});
