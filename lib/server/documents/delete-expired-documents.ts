import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Database, selectRows, uuidsIn } from "@/lib/db/client";
import { writeAudit } from "@/lib/server/audit";
import type { FileStore } from "@/lib/storage/file-store";
import { parseInput } from "@/lib/validation/common";
import { type DeleteExpiredDocumentsInput, deleteExpiredDocumentsInput } from "@/lib/validation/documents";
import { leftBeforeRetention, retentionYearsOf } from "./list-expired-documents";

export type DeleteExpiredDocumentsResult = { students: number; documents: number; bytes: number; filesNotRemoved: number };

/**
 * Deletes the documents of the students an administrator confirmed from the retention list
 * (school.manage). Only those still past retention are touched: a student re-admitted since the list
 * was shown, or an id that was never listed, keeps their documents. One audit record per student names
 * what went; the files are removed after the transaction commits, so a failed delete loses nothing (a
 * file that can't be removed then is left for the orphan sweep).
 */
export async function deleteExpiredDocuments(
  db: Database,
  actor: Actor,
  store: FileStore,
  input: DeleteExpiredDocumentsInput,
  options: { retentionYears?: number } = {},
): Promise<DeleteExpiredDocumentsResult> {
  assertCan(actor, "school.manage", "Only an administrator can delete documents past retention.");
  const { studentIds } = parseInput(deleteExpiredDocumentsInput, input);
  const retentionYears = retentionYearsOf(options);

  const deleted = await db.transaction(async (tx) => {
    const rows = await selectRows<{ id: string; studentId: string; storageKey: string; type: string; name: string; sizeBytes: number; sha256: string; leftOn: string; status: string }>(
      tx,
      sql`delete from documents d using students s, document_types dt
          where d.student_id = s.id and dt.id = d.document_type_id
            and s.id in ${uuidsIn(studentIds)} and ${leftBeforeRetention(retentionYears)}
          returning d.id, d.student_id as "studentId", d.storage_key as "storageKey", dt.name as type, d.original_name as name,
                    d.size_bytes::float8 as "sizeBytes", d.sha256, s.status_changed_on::text as "leftOn", s.status`,
    );
    // Not Map.groupBy: AMS supports Node 20, which lacks it.
    const byStudent = new Map<string, typeof rows>();
    for (const row of rows) byStudent.set(row.studentId, [...(byStudent.get(row.studentId) ?? []), row]);
    for (const [studentId, documents] of byStudent) {
      await writeAudit(tx, actor, {
        action: "documents.retention_deleted",
        entityType: "student",
        entityId: studentId,
        before: { status: documents[0]!.status, leftOn: documents[0]!.leftOn, documents: documents.map(({ id, type, name, sizeBytes, sha256 }) => ({ id, type, name, sizeBytes, sha256 })) },
        reason: `Past the ${retentionYears}-year retention period for students who left`,
      });
    }
    return { rows, students: byStudent.size };
  });

  let filesNotRemoved = 0;
  for (const row of deleted.rows) {
    try {
      await store.delete(row.storageKey);
    } catch {
      filesNotRemoved++;
    }
  }
  return { students: deleted.students, documents: deleted.rows.length, bytes: deleted.rows.reduce((sum, row) => sum + row.sizeBytes, 0), filesNotRemoved };
}
