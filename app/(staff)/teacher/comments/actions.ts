"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { saveReportComment } from "@/lib/server/comments/save-report-comment";
import type { SaveReportCommentInput } from "@/lib/validation/comments";

export async function saveReportCommentAction(input: SaveReportCommentInput) {
  return runAction("saveReportComment", async ({ db, actor }) => {
    const result = await saveReportComment(db, actor, input);
    if (result.outcome !== "unchanged") revalidatePath(`/teacher/comments/${result.classId}`);
    return result;
  });
}
