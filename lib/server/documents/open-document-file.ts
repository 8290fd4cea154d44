import "server-only";
import type { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import type { FileStore } from "@/lib/storage/file-store";
import { idSchema, parseInput } from "@/lib/validation/common";
import { documentStudentsOf } from "./document-access";

export type DocumentFile = { stream: Readable; size: number; mimeType: string; fileName: string };

/**
 * A document's file for someone allowed to read it (staff, the student's parents, the student), with
 * the download recorded: who and when, for the administrators' audit log. Anyone else gets "not
 * found", exactly like a document that doesn't exist.
 */
export async function openDocumentFile(db: Queryable, actor: Actor, store: FileStore, input: { documentId: string; purpose: "download" | "preview" }): Promise<DocumentFile> {
  const { documentId, purpose } = parseInput(z.object({ documentId: idSchema, purpose: z.enum(["download", "preview"]) }), input);
  const [document] = await selectRows<{ storageKey: string; mimeType: string; originalName: string; studentId: string }>(
    db,
    sql`select d.storage_key as "storageKey", d.mime_type as "mimeType", d.original_name as "originalName", d.student_id as "studentId"
        from documents d where d.id = ${documentId} and (${documentStudentsOf(actor, sql`d.student_id`)})`,
  );
  if (!document) throw new NotFoundError("That document was not found.");
  const file = await store.get(document.storageKey);
  if (!file) throw new NotFoundError("That document's file is missing; ask the school office to upload it again.");
  try {
    await writeAudit(db, actor, { action: purpose === "preview" ? "documents.previewed" : "documents.downloaded", entityType: "document", entityId: documentId, after: { studentId: document.studentId } });
  } catch (error) {
    // The file is already open: a stream nobody will read keeps its descriptor until garbage collection.
    file.stream.destroy();
    throw error;
  }
  return { ...file, mimeType: document.mimeType, fileName: document.originalName };
}
