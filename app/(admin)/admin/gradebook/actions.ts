"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { deleteAssessmentScheme } from "@/lib/server/gradebook-settings/delete-assessment-scheme";
import { deleteGradeScale } from "@/lib/server/gradebook-settings/delete-grade-scale";
import { saveAssessmentScheme } from "@/lib/server/gradebook-settings/save-assessment-scheme";
import { saveGradeScale } from "@/lib/server/gradebook-settings/save-grade-scale";
import { setTermScoreLock } from "@/lib/server/gradebook-settings/set-term-score-lock";
import type { AssessmentSchemeInput, GradeScaleInput, SettingIdInput, TermScoreLockInput } from "@/lib/validation/gradebook-settings";

const refresh = () => revalidatePath("/admin/gradebook", "layout");

export async function saveAssessmentSchemeAction(input: AssessmentSchemeInput) {
  return runAction("saveAssessmentScheme", async ({ db, actor }) => {
    const result = await saveAssessmentScheme(db, actor, input);
    refresh();
    return result;
  });
}

export async function deleteAssessmentSchemeAction(input: SettingIdInput) {
  return runAction("deleteAssessmentScheme", async ({ db, actor }) => {
    const result = await deleteAssessmentScheme(db, actor, input);
    refresh();
    return result;
  });
}

export async function saveGradeScaleAction(input: GradeScaleInput) {
  return runAction("saveGradeScale", async ({ db, actor }) => {
    const result = await saveGradeScale(db, actor, input);
    refresh();
    return { id: result.id, name: result.name, created: result.created, changed: result.changed };
  });
}

export async function deleteGradeScaleAction(input: SettingIdInput) {
  return runAction("deleteGradeScale", async ({ db, actor }) => {
    const result = await deleteGradeScale(db, actor, input);
    refresh();
    return result;
  });
}

export async function setTermScoreLockAction(input: TermScoreLockInput) {
  return runAction("setTermScoreLock", async ({ db, actor }) => {
    const result = await setTermScoreLock(db, actor, input);
    refresh();
    return result;
  });
}
