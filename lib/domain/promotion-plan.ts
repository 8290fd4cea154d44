// A level's whole promotion, planned: each student's decision by the rules, the administrator's
// overrides on top, where each student goes next year, and what stands in the way of running it.
// Pure, so the preview page plans in the browser on every keystroke and the run plans the same way.
import type { RoundingRule } from "./grading";
import {
  type CapacityProblem,
  capacityProblems,
  decidePromotion,
  defaultTargetClass,
  type PromotionDecision,
  type PromotionOutcome,
  type PromotionRules,
  type StudentYearRecord,
  summarizeDecisions,
  targetLevelFor,
} from "./promotion";

export type PlanStudent = { studentId: string; name: string; classId: string; className: string; arm: string; record: StudentYearRecord };
export type PlanClass = { id: string; name: string; arm: string; classLevelId: string; capacity: number; enrolled: number };
export type PlanOverride = { studentId: string; outcome: PromotionOutcome; targetClassId: string | null; transferDestination: string | null; reason: string };
/** Where a whole class goes when not to the same arm: { [fromClassId]: { promote?: classId, repeat?: classId } }. */
export type ClassMap = Record<string, { promote?: string; repeat?: string }>;

export type PlanInput = {
  level: { id: string; nextLevelId: string | null; isFinal: boolean };
  finalTermSequence: number;
  rounding: RoundingRule;
  students: readonly PlanStudent[];
  nextYearClasses: readonly PlanClass[];
  overrides: readonly PlanOverride[];
  rules: PromotionRules;
  classMap: ClassMap;
};

export type PlannedDecision = {
  studentId: string;
  name: string;
  classId: string;
  className: string;
  computed: PromotionDecision;
  outcome: PromotionOutcome;
  targetClassId: string | null;
  transferDestination: string | null;
  /** Set when an administrator overrode the rules' decision or target. */
  overrideReason: string | null;
  /** Why this student can't be moved yet (no class to go to, a class of the wrong level). */
  problem: string | null;
};

export type PromotionPlan = {
  decisions: PlannedDecision[];
  counts: Record<PromotionOutcome, number>;
  /** Students still marked "review": a person must decide before the run. */
  awaitingReview: number;
  /** Students who would be promoted or repeat but have no valid class to go to. */
  withoutClass: number;
  capacity: CapacityProblem[];
};

export function planPromotion(input: PlanInput): PromotionPlan {
  const context = { isFinalLevel: input.level.isFinal, finalTermSequence: input.finalTermSequence, rounding: input.rounding };
  const overrides = new Map(input.overrides.map((o) => [o.studentId, o]));
  const classesById = new Map(input.nextYearClasses.map((c) => [c.id, c]));
  const decisions = input.students.map((student): PlannedDecision => {
    const computed = decidePromotion(student.record, input.rules, context);
    const override = overrides.get(student.studentId);
    const outcome: PromotionOutcome = override?.outcome ?? computed.outcome;
    const targetLevelId = targetLevelFor(outcome, { classLevelId: input.level.id, nextLevelId: input.level.nextLevelId });
    let targetClassId: string | null = null;
    let problem: string | null = null;
    if (outcome === "promote" && targetLevelId === null) {
      problem = "this is the final level: a student here graduates rather than moves up";
    } else if (targetLevelId !== null) {
      const mapped = outcome === "promote" || outcome === "repeat" ? input.classMap[student.classId]?.[outcome] : undefined;
      targetClassId = override?.targetClassId ?? mapped ?? defaultTargetClass(student.arm, input.nextYearClasses, targetLevelId);
      const target = targetClassId ? classesById.get(targetClassId) : undefined;
      if (!targetClassId) problem = `no class with arm "${student.arm}" next year; choose one`;
      else if (!target) problem = "the chosen class isn't one of next year's classes";
      else if (target.classLevelId !== targetLevelId) problem = `${target.name} is not in the level a student who ${outcome === "promote" ? "is promoted" : "repeats"} goes to`;
    }
    return {
      studentId: student.studentId,
      name: student.name,
      classId: student.classId,
      className: student.className,
      computed,
      outcome,
      targetClassId: problem ? null : targetClassId,
      transferDestination: outcome === "transfer" ? (override?.transferDestination ?? null) : null,
      overrideReason: override?.reason ?? null,
      problem,
    };
  });
  return {
    decisions,
    counts: summarizeDecisions(decisions),
    awaitingReview: decisions.filter((d) => d.outcome === "review").length,
    withoutClass: decisions.filter((d) => d.problem !== null).length,
    capacity: capacityProblems(
      decisions,
      input.nextYearClasses.map((c) => ({ id: c.id, name: c.name, capacity: c.capacity, alreadyEnrolled: c.enrolled })),
    ),
  };
}
