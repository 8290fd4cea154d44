import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type DocumentTypeRef, documentTypeRef } from "@/lib/validation/documents";

/**
 * Removes a document type nobody has uploaded yet (school.manage). A type with documents on record is
 * refused, saying how many: those files are evidence the school keeps; rename the type or stop
 * requiring it instead.
 */
export async function deleteDocumentType(db: Queryable, actor: Actor, input: DocumentTypeRef): Promise<{ id: string }> {
  assertCan(actor, "school.manage", "Only an administrator can manage document types.");
  const { id } = parseInput(documentTypeRef, input);
  return db.transaction(async (tx) => {
    const [type] = await selectRows<{ name: string; documentCount: number }>(
      tx,
      sql`select name, (select count(*)::int from documents d where d.document_type_id = dt.id) as "documentCount"
          from document_types dt where dt.id = ${id} for update`,
    );
    if (!type) throw new NotFoundError("That document type no longer exists. Reload the page.");
    if (type.documentCount > 0) {
      const files = type.documentCount === 1 ? "1 document is" : `${type.documentCount} documents are`;
      throw new ConflictError(
        `“${type.name}” can't be deleted: ${files} on record with this type. Rename it or stop requiring it at admission instead.`,
      );
    }
    // The foreign key (on delete restrict) still refuses if an upload lands between the count and the delete.
    const [before] = await selectRows<Record<string, unknown>>(
      tx,
      sql`delete from document_types where id = ${id}
          returning id, name, description, allowed_mime_types as "allowedMimeTypes", max_bytes as "maxBytes", required_at_admission as "requiredAtAdmission"`,
    );
    await writeAudit(tx, actor, { action: "document_types.deleted", entityType: "document_type", entityId: id, before });
    return { id };
  });
}
