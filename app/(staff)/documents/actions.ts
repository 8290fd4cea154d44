"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { deleteDocument } from "@/lib/server/documents/delete-document";
import { reviewDocument } from "@/lib/server/documents/review-document";
import { getFileStore } from "@/lib/storage";
import type { DeleteDocumentInput, ReviewDocumentInput } from "@/lib/validation/documents";

export async function reviewDocumentAction(input: ReviewDocumentInput) {
  return runAction("reviewDocument", async ({ db, actor }) => {
    const result = await reviewDocument(db, actor, input);
    revalidatePath("/documents");
    return result;
  });
}

export async function deleteDocumentAction(input: DeleteDocumentInput) {
  return runAction("deleteDocument", async ({ db, actor }) => {
    const result = await deleteDocument(db, actor, getFileStore(), input);
    revalidatePath("/documents");
    return result;
  });
}
