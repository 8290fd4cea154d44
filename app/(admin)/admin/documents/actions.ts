"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { deleteDocumentType } from "@/lib/server/documents/delete-document-type";
import { deleteExpiredDocuments } from "@/lib/server/documents/delete-expired-documents";
import { saveDocumentType } from "@/lib/server/documents/save-document-type";
import { getFileStore } from "@/lib/storage";
import type { DeleteExpiredDocumentsInput, DocumentTypeInput, DocumentTypeRef } from "@/lib/validation/documents";

export async function saveDocumentTypeAction(input: DocumentTypeInput) {
  return runAction("saveDocumentType", async ({ db, actor }) => {
    const result = await saveDocumentType(db, actor, input);
    revalidatePath("/admin/documents");
    return result;
  });
}

export async function deleteDocumentTypeAction(input: DocumentTypeRef) {
  return runAction("deleteDocumentType", async ({ db, actor }) => {
    const result = await deleteDocumentType(db, actor, input);
    revalidatePath("/admin/documents");
    return result;
  });
}

export async function deleteExpiredDocumentsAction(input: DeleteExpiredDocumentsInput) {
  return runAction("deleteExpiredDocuments", async ({ db, actor }) => {
    const result = await deleteExpiredDocuments(db, actor, getFileStore(), input);
    revalidatePath("/admin/documents");
    return result;
  });
}
