"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { computeYearResults } from "@/lib/server/promotions/compute-year-results";
import { executePromotionRun } from "@/lib/server/promotions/execute-promotion-run";
import { overridePromotionDecisions } from "@/lib/server/promotions/override-promotion-decisions";
import { savePromotionClassMap } from "@/lib/server/promotions/save-promotion-class-map";
import { savePromotionRules } from "@/lib/server/promotions/save-promotion-rules";
import { undoPromotionRun } from "@/lib/server/promotions/undo-promotion-run";
import type { ExecutePromotionInput, OverridePromotionInput, UndoPromotionInput } from "@/lib/validation/promotions";

const PAGE = "/admin/promotions";

export async function savePromotionRulesAction(input: { classLevelId: string; rules: unknown }) {
  return runAction("savePromotionRules", async ({ db, actor }) => {
    const rules = await savePromotionRules(db, actor, input);
    revalidatePath(PAGE);
    return rules;
  });
}

export async function computeYearResultsAction(input: { classLevelId: string }) {
  return runAction("computeYearResults", async ({ db, actor }) => {
    const computed = await computeYearResults(db, actor, input);
    revalidatePath(PAGE);
    return computed;
  });
}

export async function overridePromotionAction(input: OverridePromotionInput) {
  return runAction("overridePromotion", async ({ db, actor }) => {
    const changed = await overridePromotionDecisions(db, actor, input);
    revalidatePath(PAGE);
    return changed;
  });
}

export async function executePromotionAction(input: ExecutePromotionInput) {
  return runAction("executePromotion", async ({ db, actor }) => {
    const outcome = await executePromotionRun(db, actor, input);
    // The whole page changes (the run, the history, the classes' numbers), the run's page too.
    revalidatePath(PAGE, "layout");
    return outcome;
  });
}

export async function undoPromotionAction(input: UndoPromotionInput) {
  return runAction("undoPromotion", async ({ db, actor }) => {
    const restored = await undoPromotionRun(db, actor, input);
    revalidatePath(PAGE, "layout");
    return restored;
  });
}

export async function savePromotionClassMapAction(input: { classLevelId: string; classMap: unknown; rules: unknown }) {
  return runAction("savePromotionClassMap", async ({ db, actor }) => {
    // No revalidation: the page holds the map already; a reload reads it back from the draft run.
    return savePromotionClassMap(db, actor, input as Parameters<typeof savePromotionClassMap>[2]);
  });
}
