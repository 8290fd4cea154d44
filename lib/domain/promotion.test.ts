import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { promotionOutcomes as storedOutcomes } from "@/lib/db/schema/promotions";
import { DEFAULT_ROUNDING, type RoundingRule } from "./grading";
import {
  capacityProblems,
  decidePromotion,
  DEFAULT_PROMOTION_RULES,
  defaultTargetClass,
  type PromotionContext,
  type PromotionOutcome,
  promotionOutcomes,
  type PromotionRules,
  promotionRulesSchema,
  type StudentYearRecord,
  summarizeDecisions,
  targetLevelFor,
} from "./promotion";

const MATHS = "0190a1b2-0000-7000-8000-000000000001";
const ENGLISH = "0190a1b2-0000-7000-8000-000000000002";
const PHYSICS = "0190a1b2-0000-7000-8000-000000000003";

type Subject = StudentYearRecord["subjects"][number];
const subject = (subjectId: string, subjectName: string, yearAverage: string | null, passMark = "40"): Subject => ({
  subjectId,
  subjectName,
  yearAverage,
  passMark,
});
const maths = (yearAverage: string | null, passMark?: string) => subject(MATHS, "Mathematics", yearAverage, passMark);
const english = (yearAverage: string | null, passMark?: string) => subject(ENGLISH, "English", yearAverage, passMark);

/** Term averages in term order (Term 1, Term 2, …); null = the term is listed but has no result. */
function record(termAverages: Array<string | null>, subjects: Subject[] = [maths("60"), english("60")]): StudentYearRecord {
  return {
    studentId: "student",
    termAverages: termAverages.map((average, index) => ({ termSequence: index + 1, termName: `Term ${index + 1}`, average })),
    subjects,
  };
}

const rules = (overrides: Partial<PromotionRules> = {}): PromotionRules => ({ ...DEFAULT_PROMOTION_RULES, minimumAverage: "50", ...overrides });
const context = (overrides: Partial<PromotionContext> = {}): PromotionContext => ({
  isFinalLevel: false,
  finalTermSequence: 3,
  rounding: DEFAULT_ROUNDING,
  ...overrides,
});
const decide = (student: StudentYearRecord, ruleOverrides: Partial<PromotionRules> = {}, contextOverrides: Partial<PromotionContext> = {}) =>
  decidePromotion(student, rules(ruleOverrides), context(contextOverrides));
const rounding = (mode: RoundingRule["mode"], places: RoundingRule["places"]): Partial<PromotionContext> => ({ rounding: { mode, places } });

/** Every field's messages from a failed parse, keyed by field, as the form would show them. */
function problemsOf(input: unknown): Record<string, string[]> {
  const result = promotionRulesSchema.safeParse(input);
  if (result.success) return {};
  const problems: Record<string, string[]> = {};
  for (const issue of result.error.issues) (problems[issue.path.map(String).join(".") || "_form"] ??= []).push(issue.message);
  return problems;
}

describe("promotionRulesSchema", () => {
  it("describes the same shape as PromotionRules", () => {
    expectTypeOf<z.output<typeof promotionRulesSchema>>().toEqualTypeOf<PromotionRules>();
  });

  it("accepts the default rules unchanged", () => {
    expect(promotionRulesSchema.parse(DEFAULT_PROMOTION_RULES)).toEqual({
      averageBasis: "year_average",
      minimumAverage: "40",
      requiredSubjectIds: [],
      maxFailedSubjects: null,
      otherwise: "review",
    });
  });

  it("stores the minimum average in its shortest form, typed or scripted", () => {
    const minimumOf = (minimumAverage: unknown) => promotionRulesSchema.parse({ ...DEFAULT_PROMOTION_RULES, minimumAverage }).minimumAverage;
    expect(minimumOf(" 50.00 ")).toBe("50");
    expect(minimumOf("47.50")).toBe("47.5");
    expect(minimumOf("50.")).toBe("50");
    expect(minimumOf(47.25)).toBe("47.25");
    expect(minimumOf("0")).toBe("0");
    expect(minimumOf("100.00")).toBe("100");
  });

  it("refuses a minimum average outside 0 to 100 or with more than 2 decimals", () => {
    const range = { minimumAverage: ["The minimum average is a number from 0 to 100"] };
    for (const minimumAverage of ["100.01", "-1", "", "fifty", "50,5", "1e2", null]) {
      expect(problemsOf({ ...DEFAULT_PROMOTION_RULES, minimumAverage }), String(minimumAverage)).toEqual(range);
    }
    expect(problemsOf({ ...DEFAULT_PROMOTION_RULES, minimumAverage: "50.125" })).toEqual({ minimumAverage: ["Use at most 2 decimal places"] });
  });

  it("reads a blank limit on failed subjects as no limit, and a typed one as a whole number", () => {
    const limitOf = (maxFailedSubjects: unknown) => promotionRulesSchema.parse({ ...DEFAULT_PROMOTION_RULES, maxFailedSubjects }).maxFailedSubjects;
    expect(limitOf("")).toBeNull();
    expect(limitOf("  ")).toBeNull();
    expect(limitOf(undefined)).toBeNull();
    expect(limitOf(null)).toBeNull();
    expect(limitOf("3")).toBe(3);
    expect(limitOf(0)).toBe(0);
    expect(limitOf(30)).toBe(30);
  });

  it("refuses a limit on failed subjects that isn't a whole number from 0 to 30", () => {
    const message = "The number of subjects a student may fail is a whole number from 0 to 30, or blank for no limit";
    for (const maxFailedSubjects of [31, -1, 2.5, "three", "2.5", true]) {
      expect(problemsOf({ ...DEFAULT_PROMOTION_RULES, maxFailedSubjects }), String(maxFailedSubjects)).toEqual({ maxFailedSubjects: [message] });
    }
  });

  it("refuses required subjects that aren't ids from the list, or are chosen twice", () => {
    expect(problemsOf({ ...DEFAULT_PROMOTION_RULES, requiredSubjectIds: ["maths"] })).toEqual({
      "requiredSubjectIds.0": ["Choose the required subjects from the list"],
    });
    expect(problemsOf({ ...DEFAULT_PROMOTION_RULES, requiredSubjectIds: [MATHS, ENGLISH, MATHS] })).toEqual({
      requiredSubjectIds: ["Each required subject can be chosen only once"],
    });
    expect(promotionRulesSchema.parse({ ...DEFAULT_PROMOTION_RULES, requiredSubjectIds: [MATHS, ENGLISH] }).requiredSubjectIds).toEqual([MATHS, ENGLISH]);
  });

  it("names every wrong field at once, in words for an administrator", () => {
    expect(problemsOf({ averageBasis: "best_term", minimumAverage: "50", requiredSubjectIds: [], maxFailedSubjects: null, otherwise: "expel" })).toEqual({
      averageBasis: ["Choose which average decides: the whole year's or the final term's"],
      otherwise: ["Choose what happens to a student who doesn't meet the rules: repeat or review"],
    });
  });
});

describe("decidePromotion: the yearly average", () => {
  it("promotes a student at or above the minimum, saying so", () => {
    expect(decide(record(["60", "62.2", "65"]))).toEqual({
      outcome: "promote",
      average: "62.4",
      failedSubjects: [],
      reasons: ["average 62.4 ≥ 50"],
    });
  });

  it("applies `otherwise` to a student below the minimum", () => {
    const student = record(["45", "46.5", "47.25"]); // mean 46.25, shown 46.3 with half up
    expect(decide(student, { otherwise: "repeat" })).toEqual({ outcome: "repeat", average: "46.3", failedSubjects: [], reasons: ["average 46.3 < 50"] });
    expect(decide(student, { otherwise: "review" }).outcome).toBe("review");
  });

  it("passes a student exactly at the minimum and fails one just below", () => {
    expect(decide(record(["50", "50", "50"]))).toMatchObject({ outcome: "promote", reasons: ["average 50.0 ≥ 50"] });
    expect(decide(record(["49.9", "49.9", "49.9"]), { otherwise: "repeat" })).toMatchObject({ outcome: "repeat", reasons: ["average 49.9 < 50"] });
    expect(decide(record(["47.5", "47.5", "47.5"]), { minimumAverage: "47.5" })).toMatchObject({ outcome: "promote", reasons: ["average 47.5 ≥ 47.5"] });
  });

  it("decides on the average as the report card shows it, so 49.96 shown as 50.0 passes a minimum of 50", () => {
    const student = record(["49.95", "49.97", "49.96"]); // exactly 49.96
    expect(decide(student, { otherwise: "repeat" })).toMatchObject({ outcome: "promote", average: "50.0", reasons: ["average 50.0 ≥ 50"] });
    // The same student under rules that show more of the figure, or cut it off, fails, and the card agrees.
    expect(decide(student, { otherwise: "repeat" }, rounding("half_up", 2))).toMatchObject({ outcome: "repeat", reasons: ["average 49.96 < 50"] });
    expect(decide(student, { otherwise: "repeat" }, rounding("down", 1))).toMatchObject({ outcome: "repeat", reasons: ["average 49.9 < 50"] });
  });

  it("fails a card reading 50.0 against a minimum of 50.05 even when the exact average reaches it", () => {
    const student = record(["50.05", "50.05", "50.05"]);
    expect(decide(student, { minimumAverage: "50.05", otherwise: "repeat" }, rounding("down", 1))).toMatchObject({
      outcome: "repeat",
      average: "50.0",
      reasons: ["average 50.0 < 50.05"],
    });
    expect(decide(student, { minimumAverage: "50.05" }, rounding("down", 2)).outcome).toBe("promote");
  });

  it("averages the exact term averages, not the rounded ones", () => {
    // Rounded first (70.0, 70.0, 70.1) they would average 70.0; exactly they average 70.05, shown 70.1.
    expect(decide(record(["70.04", "70.04", "70.07"]), { minimumAverage: "70.1" })).toMatchObject({ outcome: "promote", average: "70.1" });
  });

  it("with the year average, averages the terms that have a result and notes the ones that don't", () => {
    expect(decide(record(["60", null, "70"]))).toEqual({
      outcome: "promote",
      average: "65.0",
      failedSubjects: [],
      reasons: ["average 65.0 ≥ 50", "no result for Term 2"],
    });
    expect(decide(record(["40", "42", null]), { otherwise: "repeat" })).toMatchObject({
      outcome: "repeat",
      average: "41.0",
      reasons: ["average 41.0 < 50", "no result for Term 3"],
    });
  });

  it("with the year average, notes a final term missing from the record altogether", () => {
    expect(decide(record(["60", "70"]))).toMatchObject({ outcome: "promote", average: "65.0", reasons: ["average 65.0 ≥ 50", "no result for the final term"] });
  });

  it("with the final term, decides on the final term's average alone", () => {
    const student = record(["30", "30", "70"]);
    expect(decide(student, { otherwise: "repeat" })).toMatchObject({ outcome: "repeat", average: "43.3" });
    expect(decide(student, { averageBasis: "final_term", otherwise: "repeat" })).toMatchObject({
      outcome: "promote",
      average: "70.0",
      reasons: ["average 70.0 ≥ 50"],
    });
    expect(decide(record(["70", "70", "30"]), { averageBasis: "final_term", otherwise: "repeat" })).toMatchObject({
      outcome: "repeat",
      reasons: ["average 30.0 < 50"],
    });
  });

  it("with the final term, finds it by the school's final sequence, not by its place in the list", () => {
    const student: StudentYearRecord = {
      studentId: "student",
      termAverages: [
        { termSequence: 3, termName: "Third term", average: "72" },
        { termSequence: 1, termName: "First term", average: "20" },
        { termSequence: 2, termName: "Second term", average: "20" },
      ],
      subjects: [maths("50")],
    };
    expect(decide(student, { averageBasis: "final_term" })).toMatchObject({ outcome: "promote", average: "72.0" });
    // A school with a fourth term: this student's latest result is not the final term's.
    expect(decide(student, { averageBasis: "final_term", otherwise: "repeat" }, { finalTermSequence: 4 })).toMatchObject({
      outcome: "review",
      average: null,
      reasons: ["no result for the final term"],
    });
  });

  it("with the final term, sends a student without a final-term result to review, whatever `otherwise` says", () => {
    expect(decide(record(["80", "80", null]), { averageBasis: "final_term", otherwise: "repeat" })).toEqual({
      outcome: "review",
      average: null,
      failedSubjects: [],
      reasons: ["no result for Term 3"],
    });
  });

  it("sends a student without any term average to review, naming the missing terms", () => {
    expect(decide(record([null, null, null]), { otherwise: "repeat" })).toMatchObject({
      outcome: "review",
      average: null,
      reasons: ["no result for Term 1", "no result for Term 2", "no result for Term 3"],
    });
    expect(decide(record([]), { otherwise: "repeat" })).toMatchObject({ outcome: "review", reasons: ["no result for the final term"] });
  });

  it("never lets a student with no results at all repeat silently", () => {
    const nothing = { outcome: "review", average: null, failedSubjects: [], reasons: ["no results this year"] };
    expect(decide(record([null, null, null], [maths(null), english(null)]), { otherwise: "repeat" })).toEqual(nothing);
    expect(decide(record([], []), { otherwise: "repeat" })).toEqual(nothing);
    expect(decide(record([null, null, null], [maths(null)]), { otherwise: "repeat", requiredSubjectIds: [MATHS] })).toEqual(nothing);
  });
});

describe("decidePromotion: subjects", () => {
  const passing = ["60", "60", "60"];

  it("applies `otherwise` to a student who fails a required subject, naming it", () => {
    expect(decide(record(passing, [maths("38"), english("70")]), { requiredSubjectIds: [MATHS], otherwise: "repeat" })).toEqual({
      outcome: "repeat",
      average: "60.0",
      failedSubjects: ["Mathematics"],
      reasons: ["failed Mathematics (38.0 < 40)"],
    });
    expect(decide(record(passing, [maths("38"), english("70")]), { requiredSubjectIds: [MATHS], otherwise: "review" }).outcome).toBe("review");
  });

  it("shows the subject's figure as the report card does, and its own pass mark", () => {
    const student = record(passing, [maths("38"), english("44.5", "45")]);
    const required: Partial<PromotionRules> = { requiredSubjectIds: [MATHS, ENGLISH], otherwise: "repeat" };
    expect(decide(student, required).reasons).toEqual(["failed Mathematics (38.0 < 40)", "failed English (44.5 < 45)"]);
    // Rounded to whole numbers, English's 44.5 is 45 on the card: a pass.
    expect(decide(student, required, rounding("half_up", 0))).toMatchObject({
      failedSubjects: ["Mathematics"],
      reasons: ["failed Mathematics (38 < 40)"],
    });
  });

  it("passes a required subject exactly at its pass mark, or shown at it", () => {
    expect(decide(record(passing, [maths("40"), english("70")]), { requiredSubjectIds: [MATHS] }).outcome).toBe("promote");
    // 39.96 is 40.0 on the report card, a pass there (docs/grading-rules.md), so a pass here too.
    expect(decide(record(passing, [maths("39.96")]), { requiredSubjectIds: [MATHS], otherwise: "repeat" })).toMatchObject({
      outcome: "promote",
      failedSubjects: [],
    });
    expect(decide(record(passing, [maths("39.96")]), { requiredSubjectIds: [MATHS], otherwise: "repeat" }, rounding("down", 1))).toMatchObject({
      outcome: "repeat",
      reasons: ["failed Mathematics (39.9 < 40)"],
    });
  });

  it("lists a failed subject that isn't required without holding the student back when there is no limit", () => {
    expect(decide(record(passing, [maths("70"), english("20")]), { requiredSubjectIds: [MATHS] })).toEqual({
      outcome: "promote",
      average: "60.0",
      failedSubjects: ["English"],
      reasons: ["average 60.0 ≥ 50"],
    });
  });

  it("sends a student without a result in a required subject to review, whatever `otherwise` says", () => {
    expect(decide(record(passing, [maths(null), english("70")]), { requiredSubjectIds: [MATHS], otherwise: "repeat" })).toEqual({
      outcome: "review",
      average: "60.0",
      failedSubjects: [],
      reasons: ["no result in Mathematics"],
    });
  });

  it("counts a required subject the student doesn't take as having no result", () => {
    expect(decide(record(passing, [english("70")]), { requiredSubjectIds: [MATHS, PHYSICS], otherwise: "repeat" })).toMatchObject({
      outcome: "review",
      reasons: ["no result in 2 required subjects"],
    });
    expect(decide(record(passing, [english("70"), maths("70")]), { requiredSubjectIds: [MATHS, PHYSICS] }).reasons).toEqual([
      "no result in 1 required subject",
    ]);
  });

  it("treats a subject without a result as not assessed when it isn't required: neither failed nor counted", () => {
    expect(decide(record(passing, [maths(null), english("70")]), { maxFailedSubjects: 0, otherwise: "repeat" })).toMatchObject({
      outcome: "promote",
      failedSubjects: [],
    });
  });

  it("allows any number of failed subjects when there is no limit", () => {
    const subjects = ["A", "B", "C", "D", "E"].map((name) => subject(`id-${name}`, name, "10"));
    expect(decide(record(passing, subjects), { maxFailedSubjects: null })).toMatchObject({
      outcome: "promote",
      failedSubjects: ["A", "B", "C", "D", "E"],
    });
  });

  it("allows no failed subject at all with a limit of 0", () => {
    expect(decide(record(passing, [maths("70"), english("39")]), { maxFailedSubjects: 0, otherwise: "repeat" })).toMatchObject({
      outcome: "repeat",
      failedSubjects: ["English"],
      reasons: ["failed 1 subject (none allowed)"],
    });
    expect(decide(record(passing, [maths("70"), english("40")]), { maxFailedSubjects: 0 }).outcome).toBe("promote");
  });

  it("allows up to the limit of failed subjects, and applies `otherwise` past it", () => {
    const failing = (count: number) => Array.from({ length: 6 }, (_, index) => subject(`id-${index}`, `Subject ${index}`, index < count ? "30" : "70"));
    expect(decide(record(passing, failing(3)), { maxFailedSubjects: 3, otherwise: "repeat" }).outcome).toBe("promote");
    expect(decide(record(passing, failing(4)), { maxFailedSubjects: 3, otherwise: "repeat" })).toMatchObject({
      outcome: "repeat",
      failedSubjects: ["Subject 0", "Subject 1", "Subject 2", "Subject 3"],
      reasons: ["failed 4 subjects (at most 3 allowed)"],
    });
    expect(decide(record(passing, failing(2)), { maxFailedSubjects: 1 }).reasons).toEqual(["failed 2 subjects (at most 1 allowed)"]);
  });

  it("gives every reason a student falls short, average first", () => {
    const student = record(["40", "40", "40"], [maths("38"), english("20"), subject(PHYSICS, "Physics", "30")]);
    expect(decide(student, { requiredSubjectIds: [MATHS], maxFailedSubjects: 2, otherwise: "repeat" })).toEqual({
      outcome: "repeat",
      average: "40.0",
      failedSubjects: ["Mathematics", "English", "Physics"],
      reasons: ["average 40.0 < 50", "failed Mathematics (38.0 < 40)", "failed 3 subjects (at most 2 allowed)"],
    });
  });

  it("sends a student to review when a result is missing, even if they also fall short", () => {
    const student = record(["30", "30", "30"], [maths(null), english("20")]);
    expect(decide(student, { requiredSubjectIds: [MATHS], maxFailedSubjects: 0, otherwise: "repeat" })).toEqual({
      outcome: "review",
      average: "30.0",
      failedSubjects: ["English"],
      reasons: ["average 30.0 < 50", "no result in Mathematics", "failed 1 subject (none allowed)"],
    });
  });
});

describe("decidePromotion: the final level", () => {
  it("graduates a student who meets the rules on the final level", () => {
    expect(decide(record(["70", "70", "70"]), {}, { isFinalLevel: true })).toMatchObject({ outcome: "graduate", reasons: ["average 70.0 ≥ 50"] });
  });

  it("does not graduate a student who falls short or can't be judged", () => {
    expect(decide(record(["30", "30", "30"]), { otherwise: "repeat" }, { isFinalLevel: true }).outcome).toBe("repeat");
    expect(decide(record(["30", "30", "30"]), { otherwise: "review" }, { isFinalLevel: true }).outcome).toBe("review");
    expect(decide(record([], []), { otherwise: "repeat" }, { isFinalLevel: true }).outcome).toBe("review");
  });
});

describe("decidePromotion at the size of a large level", () => {
  it("decides 5,000 students with 10 subjects each in one pass", () => {
    // Four kinds of student in turn, so the totals show every student went through the whole rule set.
    const students = Array.from({ length: 5000 }, (_, index): StudentYearRecord => {
      const kind = index % 4;
      const figure = (offset: number) => `${50 + ((index + offset) % 50)}.${(index * 7 + offset) % 100}`;
      const subjects = Array.from({ length: 10 }, (_, position) =>
        subject(position === 0 ? MATHS : `subject-${position}`, `Subject ${position}`, kind === 3 ? null : kind === 2 && position === 0 ? "12.5" : figure(position)),
      );
      const terms = kind === 3 ? [null, null, null] : kind === 1 ? ["41.25", "38.5", "44"] : [figure(1), figure(2), figure(3)];
      return { ...record(terms, subjects), studentId: `student-${index}` };
    });
    const promotionRules = rules({ requiredSubjectIds: [MATHS], maxFailedSubjects: 3, otherwise: "repeat" });
    const decisions = students.map((student) => decidePromotion(student, promotionRules, context()));
    expect(summarizeDecisions(decisions)).toEqual({ promote: 1250, graduate: 0, repeat: 2500, review: 1250, transfer: 0, withdraw: 0 });
  });
});

describe("summarizeDecisions", () => {
  it("counts every outcome, including those a person set, with 0 for the rest", () => {
    const outcomes: PromotionOutcome[] = ["promote", "promote", "repeat", "transfer", "withdraw", "transfer", "promote"];
    expect(summarizeDecisions(outcomes.map((outcome) => ({ outcome })))).toEqual({
      promote: 3,
      graduate: 0,
      repeat: 1,
      review: 0,
      transfer: 2,
      withdraw: 1,
    });
    expect(summarizeDecisions([])).toEqual({ promote: 0, graduate: 0, repeat: 0, review: 0, transfer: 0, withdraw: 0 });
  });

  it("knows the same outcomes the database stores", () => {
    expect([...promotionOutcomes].sort()).toEqual([...storedOutcomes].sort());
  });
});

describe("where students go next year", () => {
  const levels = { classLevelId: "jss1", nextLevelId: "jss2" };

  it("sends a promoted student to the next level and a repeating one to the same level", () => {
    expect(targetLevelFor("promote", levels)).toBe("jss2");
    expect(targetLevelFor("repeat", levels)).toBe("jss1");
  });

  it("gives no level to students who leave or still await a decision", () => {
    for (const outcome of ["graduate", "transfer", "withdraw", "review"] as const) expect(targetLevelFor(outcome, levels), outcome).toBeNull();
    expect(targetLevelFor("promote", { classLevelId: "sss3", nextLevelId: null })).toBeNull();
  });

  const nextYear = [
    { id: "jss1-gold", classLevelId: "jss1", arm: "Gold", name: "JSS 1 Gold" },
    { id: "jss2-gold", classLevelId: "jss2", arm: " gold ", name: "JSS 2 Gold" },
    { id: "jss2-silver", classLevelId: "jss2", arm: "Silver", name: "JSS 2 Silver" },
  ];

  it("picks the class of the same arm in the target level, ignoring letter case and spaces", () => {
    expect(defaultTargetClass("GOLD", nextYear, "jss2")).toBe("jss2-gold");
    expect(defaultTargetClass("Silver ", nextYear, "jss2")).toBe("jss2-silver");
    expect(defaultTargetClass("Gold", nextYear, "jss1")).toBe("jss1-gold");
  });

  it("picks nothing when the target level has no class of that arm", () => {
    expect(defaultTargetClass("Bronze", nextYear, "jss2")).toBeNull();
    expect(defaultTargetClass("Gold", nextYear, "jss3")).toBeNull();
    expect(defaultTargetClass("Gold", [], "jss2")).toBeNull();
  });
});

describe("capacityProblems", () => {
  const classes = [
    { id: "gold", name: "JSS 2 Gold", capacity: 3, alreadyEnrolled: 1 },
    { id: "silver", name: "JSS 2 Silver", capacity: 2, alreadyEnrolled: 0 },
    { id: "bronze", name: "JSS 2 Bronze", capacity: 1, alreadyEnrolled: 4 },
  ];
  const to = (...ids: Array<string | null>) => ids.map((targetClassId) => ({ targetClassId }));

  it("reports a class the run would fill beyond its capacity, with how many it would have", () => {
    expect(capacityProblems(to("gold", "gold", "gold", "silver"), classes)).toEqual([{ classId: "gold", name: "JSS 2 Gold", capacity: 3, wouldHave: 4 }]);
    expect(capacityProblems(to("silver", "silver", "silver", "bronze"), classes)).toEqual([
      { classId: "silver", name: "JSS 2 Silver", capacity: 2, wouldHave: 3 },
      { classId: "bronze", name: "JSS 2 Bronze", capacity: 1, wouldHave: 5 },
    ]);
  });

  it("accepts a class filled exactly to capacity, and ignores students with no class", () => {
    expect(capacityProblems(to("gold", "gold", "silver", "silver", null, null, null), classes)).toEqual([]);
  });

  it("does not blame the run for a class that was already over and gets no one from it", () => {
    expect(capacityProblems(to("gold"), classes)).toEqual([]);
  });
});
