"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { applyImport } from "@/lib/server/imports/apply-import";
import { previewImport } from "@/lib/server/imports/preview-import";
import type { ImportRequest } from "@/lib/validation/imports";

/** The dry run: the whole file checked against the database, nothing saved. */
export async function previewImportAction(input: ImportRequest) {
  return runAction("previewImport", ({ db, actor }) => previewImport(db, actor, input));
}

/** Applies the file (sent again in full: nothing is kept on the server between steps). */
export async function applyImportAction(input: ImportRequest) {
  return runAction("applyImport", async ({ db, actor }) => {
    const result = await applyImport(db, actor, input);
    if (result.applied) {
      revalidatePath("/students");
      revalidatePath("/admin/educators");
    }
    return result;
  });
}
