// End-of-year promotion rules: whether each student of a class level is promoted, repeats, graduates or
// needs a person's decision, and where they go next. The preview page recomputes every decision in the
// browser as the administrator changes the thresholds, and the server runs the same function when it
// saves or executes a run, so this imports nothing but zod and the exact-decimal helpers.
import { z } from "zod";
import { compare, type Fraction, parseDecimal, toPlainString } from "./decimal";
import { applyRounding, cumulativeAverage, type RoundingRule } from "./grading";

// ---------------------------------------------------------------------------------------------
// Outcomes

/** The same list as the promotion_decisions check constraint; transfer and withdraw are only ever set by a person. */
export const promotionOutcomes = ["promote", "repeat", "graduate", "review", "transfer", "withdraw"] as const;
export type PromotionOutcome = (typeof promotionOutcomes)[number];
/** What the rules themselves can decide. */
export type ComputedOutcome = Extract<PromotionOutcome, "promote" | "graduate" | "repeat" | "review">;

// ---------------------------------------------------------------------------------------------
// Rules

export const averageBases = ["year_average", "final_term"] as const;
export const otherwiseOutcomes = ["repeat", "review"] as const;
/** Also the most required subjects a run can name: no level teaches more subjects than this. */
export const MAX_FAILED_SUBJECTS_LIMIT = 30;

export type PromotionRules = {
  /** "year_average": the mean of the term averages the student has; "final_term": the last term's average only. */
  averageBasis: (typeof averageBases)[number];
  /** A decimal from 0 to 100, at most 2 places, written without trailing zeros ("50", "47.5"). */
  minimumAverage: string;
  /** Subjects whose year average must reach that subject's pass mark. */
  requiredSubjectIds: string[];
  /** How many subjects a student may fail and still be promoted; null = no limit. */
  maxFailedSubjects: number | null;
  /** What happens to a student who has results but doesn't meet the rules. */
  otherwise: (typeof otherwiseOutcomes)[number];
};

/** The minimum matches the default pass mark, and a person looks at every student who falls short. */
export const DEFAULT_PROMOTION_RULES: Readonly<PromotionRules> = Object.freeze({
  averageBasis: "year_average",
  minimumAverage: "40",
  requiredSubjectIds: [],
  maxFailedSubjects: null,
  otherwise: "review",
});

const MINIMUM_AVERAGE_MESSAGE = "The minimum average is a number from 0 to 100";
const MAX_FAILED_MESSAGE = `The number of subjects a student may fail is a whole number from 0 to ${MAX_FAILED_SUBJECTS_LIMIT}, or blank for no limit`;

/** Typed as a string in forms, a number from scripts; stored in its shortest form so "50.00" and "50" are one rule. */
const minimumAverageSchema = z
  .union([z.string(), z.number()], { error: MINIMUM_AVERAGE_MESSAGE })
  .transform((value, ctx) => {
    // A dot only: the rules are stored as JSON and read back by parseDecimal, which knows no comma.
    const match = /^(\d+)(?:\.(\d*))?$/.exec(String(value).trim());
    const whole = match?.[1];
    if (!match || whole === undefined) {
      ctx.addIssue({ code: "custom", message: MINIMUM_AVERAGE_MESSAGE });
      return z.NEVER;
    }
    const places = (match[2] ?? "").replace(/0+$/, "");
    const minimum = parseDecimal(`${whole}.${places || "0"}`);
    if (compare(minimum, parseDecimal("100")) > 0) {
      ctx.addIssue({ code: "custom", message: MINIMUM_AVERAGE_MESSAGE });
      return z.NEVER;
    }
    if (places.length > 2) {
      ctx.addIssue({ code: "custom", message: "Use at most 2 decimal places" });
      return z.NEVER;
    }
    return toPlainString(minimum);
  });

/** A blank box means no limit; a form sends "3", a script 3. */
const maxFailedSubjectsSchema = z.preprocess(
  (value) => {
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") return value;
    return value.trim() === "" ? null : Number(value.trim());
  },
  z
    .number({ error: MAX_FAILED_MESSAGE })
    .int(MAX_FAILED_MESSAGE)
    .min(0, MAX_FAILED_MESSAGE)
    .max(MAX_FAILED_SUBJECTS_LIMIT, MAX_FAILED_MESSAGE)
    .nullable(),
);

export const promotionRulesSchema = z.object({
  averageBasis: z.enum(averageBases, { error: "Choose which average decides: the whole year's or the final term's" }),
  minimumAverage: minimumAverageSchema,
  requiredSubjectIds: z
    .array(z.uuid({ error: "Choose the required subjects from the list" }), { error: "Choose the required subjects from the list" })
    .max(MAX_FAILED_SUBJECTS_LIMIT, `Choose at most ${MAX_FAILED_SUBJECTS_LIMIT} required subjects`)
    .refine((ids) => new Set(ids).size === ids.length, "Each required subject can be chosen only once"),
  maxFailedSubjects: maxFailedSubjectsSchema,
  otherwise: z.enum(otherwiseOutcomes, { error: "Choose what happens to a student who doesn't meet the rules: repeat or review" }),
});
export type PromotionRulesInput = z.input<typeof promotionRulesSchema>;

// ---------------------------------------------------------------------------------------------
// Deciding

export type StudentYearRecord = {
  studentId: string;
  /** One entry per term of the year; average null = no result that term. */
  termAverages: Array<{ termSequence: number; termName: string; average: string | null }>;
  /** The year figure of each subject the student takes; yearAverage null = no scores this year (not assessed, not failed). */
  subjects: Array<{ subjectId: string; subjectName: string; yearAverage: string | null; passMark: string }>;
};

export type PromotionContext = {
  isFinalLevel: boolean;
  /** The highest term sequence the school defines for the year, whether or not this student has a result in it. */
  finalTermSequence: number;
  rounding: RoundingRule;
};

export type PromotionDecision = {
  outcome: ComputedOutcome;
  /** The yearly average as the report card shows it (rounded once with the school's rule); null when there is none. */
  average: string | null;
  /** Names of every subject below its pass mark, required or not. */
  failedSubjects: string[];
  /** Short phrases for the preview table: the failures when the rules aren't met, otherwise why they are. */
  reasons: string[];
};

const countOf = (count: number, singular: string): string => `${count} ${count === 1 ? singular : `${singular}s`}`;
/** Thresholds are shown as the administrator typed them ("50", "40.5"), without padding zeros. */
const shownThreshold = (value: Fraction): string => toPlainString(value);

// The preview decides thousands of students per keystroke and parsing a decimal is most of the cost, so the
// few distinct pass marks and minimums are parsed once. Capped so odd input can't grow it without bound.
const parsedThresholds = new Map<string, Fraction>();
function threshold(text: string): Fraction {
  let value = parsedThresholds.get(text);
  if (value === undefined) {
    if (parsedThresholds.size >= 1000) parsedThresholds.clear();
    value = parseDecimal(text);
    parsedThresholds.set(text, value);
  }
  return value;
}

/** A figure applyRounding wrote with exactly `places` decimals, read back without parsing ("46.2" → 462/10). */
const roundedValue = (shown: string, scale: bigint): Fraction => ({ n: BigInt(shown.replace(".", "")), d: scale });

/**
 * The exact yearly average by the chosen basis, and notes about terms without a result. With "final_term"
 * a missing final term leaves no average at all; with "year_average" the terms that exist still make one,
 * and the notes tell the administrator it rests on fewer terms.
 */
function yearlyAverage(
  terms: StudentYearRecord["termAverages"],
  basis: PromotionRules["averageBasis"],
  finalTermSequence: number,
): { exact: Fraction | null; notes: string[] } {
  const finalTerm = terms.find((term) => term.termSequence === finalTermSequence);
  if (basis === "final_term") {
    if (finalTerm?.average != null) return { exact: parseDecimal(finalTerm.average), notes: [] };
    return { exact: null, notes: [`no result for ${finalTerm?.termName ?? "the final term"}`] };
  }
  const notes = terms.filter((term) => term.average === null).map((term) => `no result for ${term.termName}`);
  if (!finalTerm) notes.push("no result for the final term");
  const exact = cumulativeAverage(terms.map((term) => (term.average === null ? null : parseDecimal(term.average))));
  return { exact, notes };
}

/**
 * Decides one student by `rules` (expects rules that passed promotionRulesSchema).
 *
 * Every comparison uses the figure as rounded for the report card, not the exact fraction behind it. The
 * gradebook already decides a subject pass on the rounded total (docs/grading-rules.md), and parents and
 * staff only ever see rounded figures: comparing exactly would have a student whose card reads 50.0 (from
 * 49.96) repeat "for an average below 50", and with rounding down, one whose card reads 50.0 (from 50.05)
 * pass a minimum of 50.05. With the rounded figure, the number in the reason, on the card and in the
 * decision always agree.
 *
 * A student the rules can't judge (no results, no final-term result when that decides, or no result in a
 * required subject) is always "review": a person decides, whatever `otherwise` says.
 */
export function decidePromotion(record: StudentYearRecord, rules: PromotionRules, context: PromotionContext): PromotionDecision {
  const hasTermResult = record.termAverages.some((term) => term.average !== null);
  const hasSubjectResult = record.subjects.some((subject) => subject.yearAverage !== null);
  if (!hasTermResult && !hasSubjectResult) return { outcome: "review", average: null, failedSubjects: [], reasons: ["no results this year"] };

  let cannotJudge = false;
  let fallsShort = false;
  const failures: string[] = [];

  const { exact, notes } = yearlyAverage(record.termAverages, rules.averageBasis, context.finalTermSequence);
  const minimum = threshold(rules.minimumAverage);
  const scale = 10n ** BigInt(context.rounding.places);
  let average: string | null = null;
  let meetsAverage = "";
  if (exact === null) {
    // The notes name the missing terms: whichever basis, no average means at least one is missing.
    cannotJudge = true;
    failures.push(...notes);
  } else {
    average = applyRounding(exact, context.rounding);
    const below = compare(roundedValue(average, scale), minimum) < 0;
    const phrase = `average ${average} ${below ? "<" : "≥"} ${shownThreshold(minimum)}`;
    if (below) {
      fallsShort = true;
      failures.push(phrase, ...notes);
    } else {
      meetsAverage = phrase;
    }
  }

  const required = new Set(rules.requiredSubjectIds);
  const requiredSeen = new Set<string>();
  const failedSubjects: string[] = [];
  for (const subject of record.subjects) {
    const isRequired = required.has(subject.subjectId);
    if (isRequired) requiredSeen.add(subject.subjectId);
    if (subject.yearAverage === null) {
      if (isRequired) {
        cannotJudge = true;
        failures.push(`no result in ${subject.subjectName}`);
      }
      continue;
    }
    const shown = applyRounding(parseDecimal(subject.yearAverage), context.rounding);
    const passMark = threshold(subject.passMark);
    if (compare(roundedValue(shown, scale), passMark) >= 0) continue;
    failedSubjects.push(subject.subjectName);
    if (isRequired) {
      fallsShort = true;
      failures.push(`failed ${subject.subjectName} (${shown} < ${shownThreshold(passMark)})`);
    }
  }
  // A required subject the student doesn't take has no result either; the record carries no name for it.
  const notTaken = required.size - requiredSeen.size;
  if (notTaken > 0) {
    cannotJudge = true;
    failures.push(`no result in ${countOf(notTaken, "required subject")}`);
  }

  const limit = rules.maxFailedSubjects;
  if (limit !== null && failedSubjects.length > limit) {
    fallsShort = true;
    failures.push(`failed ${countOf(failedSubjects.length, "subject")} (${limit === 0 ? "none allowed" : `at most ${limit} allowed`})`);
  }

  if (cannotJudge) return { outcome: "review", average, failedSubjects, reasons: failures };
  if (fallsShort) return { outcome: rules.otherwise, average, failedSubjects, reasons: failures };
  return { outcome: context.isFinalLevel ? "graduate" : "promote", average, failedSubjects, reasons: [meetsAverage, ...notes] };
}

/** How many students have each outcome, every outcome present (0 when none), for the preview's totals. */
export function summarizeDecisions(decisions: ReadonlyArray<{ outcome: PromotionOutcome }>): Record<PromotionOutcome, number> {
  const counts: Record<PromotionOutcome, number> = { promote: 0, graduate: 0, repeat: 0, review: 0, transfer: 0, withdraw: 0 };
  for (const { outcome } of decisions) counts[outcome]++;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Where students go next year

/** The level a student moves into: the next level when promoted (null from the final level), the same level
 *  when repeating, and none for outcomes that leave the school or still await a decision. */
export function targetLevelFor(
  outcome: PromotionOutcome,
  levels: { classLevelId: string; nextLevelId: string | null },
): string | null {
  if (outcome === "promote") return levels.nextLevelId;
  if (outcome === "repeat") return levels.classLevelId;
  return null;
}

const armKey = (arm: string): string => arm.trim().toLowerCase();

/** Next year's class in `targetLevelId` with the student's current arm ("JSS 1 Gold" → "JSS 2 gold"), or null. */
export function defaultTargetClass(
  fromArm: string,
  nextYearClasses: ReadonlyArray<{ id: string; classLevelId: string; arm: string; name: string }>,
  targetLevelId: string,
): string | null {
  const wanted = armKey(fromArm);
  return nextYearClasses.find((candidate) => candidate.classLevelId === targetLevelId && armKey(candidate.arm) === wanted)?.id ?? null;
}

export type CapacityProblem = { classId: string; name: string; capacity: number; wouldHave: number };

/** Classes this run would fill beyond their capacity. A class that gets no one from this run is not reported,
 *  even if already over: the run didn't cause it and can't fix it. */
export function capacityProblems(
  assignments: ReadonlyArray<{ targetClassId: string | null }>,
  classes: ReadonlyArray<{ id: string; name: string; capacity: number; alreadyEnrolled: number }>,
): CapacityProblem[] {
  const incoming = new Map<string, number>();
  for (const { targetClassId } of assignments) {
    if (targetClassId !== null) incoming.set(targetClassId, (incoming.get(targetClassId) ?? 0) + 1);
  }
  const problems: CapacityProblem[] = [];
  for (const { id, name, capacity, alreadyEnrolled } of classes) {
    const arriving = incoming.get(id) ?? 0;
    const wouldHave = alreadyEnrolled + arriving;
    if (arriving > 0 && wouldHave > capacity) problems.push({ classId: id, name, capacity, wouldHave });
  }
  return problems;
}
