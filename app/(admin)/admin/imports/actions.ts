"use server";

import { runAction } from "@/lib/auth/handlers";
import { getJobQueue } from "@/lib/jobs";
import { previewImport } from "@/lib/server/imports/preview-import";
import { type ApplyImportInput, startImportRun } from "@/lib/server/imports/start-import-run";
import type { ImportRequest } from "@/lib/validation/imports";

/** The dry run: the whole file checked against the database, nothing saved. */
export async function previewImportAction(input: ImportRequest) {
  return runAction("previewImport", ({ db, actor }) => previewImport(db, actor, input));
}

/**
 * Applies a checked file (sent again in full: nothing is kept on the server between steps) as a
 * background run; the page follows its progress at /api/imports/runs/{id}.
 */
export async function applyImportAction(input: ApplyImportInput) {
  return runAction("applyImport", async ({ db, actor }) => startImportRun(db, actor, await getJobQueue(), input));
}
