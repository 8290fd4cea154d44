"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { deleteCommentBankEntry } from "@/lib/server/comments/delete-comment-bank-entry";
import { saveCommentBankEntry } from "@/lib/server/comments/save-comment-bank-entry";
import type { CommentBankEntryInput, CommentBankEntryRef } from "@/lib/validation/comments";

export async function saveCommentBankEntryAction(input: CommentBankEntryInput) {
  return runAction("saveCommentBankEntry", async ({ db, actor }) => {
    const result = await saveCommentBankEntry(db, actor, input);
    revalidatePath("/admin/comment-bank");
    return result;
  });
}

export async function deleteCommentBankEntryAction(input: CommentBankEntryRef) {
  return runAction("deleteCommentBankEntry", async ({ db, actor }) => {
    const result = await deleteCommentBankEntry(db, actor, input);
    revalidatePath("/admin/comment-bank");
    return result;
  });
}
