import "server-only";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { idSchema, parseInput } from "@/lib/validation/common";
import { loadPromotionContext, type PromotionContextData } from "./promotion-context";

export type PromotionPreview = PromotionContextData & {
  /** What must be done before the run, in words that say how; empty when it can run. */
  blockers: string[];
  /** Terms with scores whose results are not computed for every assessed student: compute them first. */
  termsWithoutResults: string[];
  /** Terms with no scores at all for the level (not taught yet): they don't count towards averages. */
  termsNotAssessed: string[];
};

export const MANAGE_MESSAGE = "Only an administrator can run promotions.";

/** What stops a run, apart from the per-student problems the plan shows (review, no class, capacity). */
export function readinessProblems(context: PromotionContextData): string[] {
  const problems: string[] = [];
  if (!context.toYear) {
    problems.push(`There is no academic year after ${context.fromYear.name}: create it (School structure → New year) before promoting.`);
  }
  for (const term of context.terms.filter((t) => !t.locked)) {
    problems.push(`${term.name}'s scores are not locked: lock them in Gradebook settings so results can't change under the run.`);
  }
  if (context.terms.length === 0) problems.push(`${context.fromYear.name} has no terms, so there are no results to promote by.`);
  return problems;
}

/**
 * A level's promotion preview: every student with the figures the rules need, the saved rules,
 * next year's classes, the overrides so far, and what must happen before a run. The decisions
 * themselves are planned by lib/domain/promotion-plan (in the browser as thresholds change).
 */
export async function getPromotionPreview(db: Queryable, actor: Actor, input: { classLevelId: string; fromYearId?: string }): Promise<PromotionPreview> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const parsed = parseInput(z.object({ classLevelId: idSchema, fromYearId: idSchema.optional() }), input);
  const context = await loadPromotionContext(db, parsed);
  return {
    ...context,
    blockers: context.run?.status === "executed" ? [] : readinessProblems(context),
    termsWithoutResults: context.terms.filter((t) => t.studentsWithResults < t.studentsAssessed).map((t) => t.name),
    termsNotAssessed: context.terms.filter((t) => t.studentsAssessed === 0).map((t) => t.name),
  };
}
