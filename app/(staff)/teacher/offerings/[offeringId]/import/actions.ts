"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { applyGradeSheetImport, type GradeImportInput, previewGradeSheetImport } from "@/lib/server/gradebook/import-grade-sheet";

/** The check: the whole file against the offering's students and scores, nothing saved. */
export async function previewGradeImportAction(input: GradeImportInput) {
  return runAction("previewGradeImport", ({ db, actor }) => previewGradeSheetImport(db, actor, input));
}

/** Applies the file (sent again in full: nothing is kept on the server between the check and the apply). */
export async function applyGradeImportAction(input: GradeImportInput) {
  return runAction("applyGradeImport", async ({ db, actor }) => {
    const result = await applyGradeSheetImport(db, actor, input);
    if (result.applied && result.counts.added + result.counts.changed > 0) {
      revalidatePath(`/teacher/offerings/${input.offeringId}`);
    }
    return result;
  });
}
