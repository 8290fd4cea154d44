import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Database, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import type { FileStore } from "@/lib/storage/file-store";
import { parseInput } from "@/lib/validation/common";
import { type DeleteDocumentInput, deleteDocumentInput } from "@/lib/validation/documents";

/**
 * Deletes one document and its file, for office staff (documents.verify): an upload for the wrong
 * student, a duplicate scan. The row goes with an audit record of what it was (type, name, checksum,
 * status) in one transaction; the file is removed once that has committed, so a rolled-back delete never
 * loses a file. Should removing the file fail, the orphan sweep removes it later.
 */
export async function deleteDocument(db: Database, actor: Actor, store: FileStore, input: DeleteDocumentInput): Promise<{ id: string }> {
  assertCan(actor, "documents.verify", "Only school office staff can delete documents.");
  const { documentId, reason } = parseInput(deleteDocumentInput, input);
  const storageKey = await db.transaction(async (tx) => {
    const [before] = await selectRows<{ storageKey: string; studentId: string; type: string; name: string; status: string; sizeBytes: number; sha256: string }>(
      tx,
      sql`delete from documents d using document_types dt
          where d.id = ${documentId} and dt.id = d.document_type_id
          returning d.storage_key as "storageKey", d.student_id as "studentId", dt.name as type, d.original_name as name, d.status,
                    d.size_bytes::float8 as "sizeBytes", d.sha256`,
    );
    if (!before) throw new NotFoundError("That document was not found; it may have been deleted already.");
    const { storageKey: key, ...recorded } = before;
    await writeAudit(tx, actor, { action: "documents.deleted", entityType: "document", entityId: documentId, before: recorded, reason });
    return key;
  });
  await store.delete(storageKey);
  return { id: documentId };
}
