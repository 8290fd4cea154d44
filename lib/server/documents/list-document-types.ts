import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { DocumentFormat } from "@/lib/validation/documents";

export type DocumentTypeSummary = {
  id: string;
  name: string;
  description: string | null;
  allowedMimeTypes: DocumentFormat[];
  maxBytes: number;
  requiredAtAdmission: boolean;
  /** Documents on record of this type; a type with any can't be deleted. */
  documentCount: number;
};

/** Document types for administrators to keep (school.manage): required ones first, then by name. */
export async function listDocumentTypes(db: Queryable, actor: Actor): Promise<DocumentTypeSummary[]> {
  assertCan(actor, "school.manage", "Only an administrator can manage document types.");
  return selectRows<DocumentTypeSummary>(
    db,
    sql`select dt.id, dt.name, dt.description, dt.allowed_mime_types as "allowedMimeTypes", dt.max_bytes as "maxBytes",
               dt.required_at_admission as "requiredAtAdmission",
               (select count(*)::int from documents d where d.document_type_id = dt.id) as "documentCount"
        from document_types dt
        order by dt.required_at_admission desc, lower(dt.name)`,
  );
}
