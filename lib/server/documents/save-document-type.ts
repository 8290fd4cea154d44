import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type DocumentFormat, type DocumentTypeInput, documentTypeInput } from "@/lib/validation/documents";

type StoredType = { id: string; name: string; description: string | null; allowedMimeTypes: DocumentFormat[]; maxBytes: number; requiredAtAdmission: boolean };

export type SaveDocumentTypeResult = { type: StoredType; outcome: "created" | "updated" | "unchanged" };

const columns = sql`id, name, description, allowed_mime_types as "allowedMimeTypes", max_bytes as "maxBytes", required_at_admission as "requiredAtAdmission"`;

/**
 * Adds a document type or changes one, with an audit record (school.manage). Names are unique whatever
 * their case. A changed format list or size limit applies to later uploads only: files already on
 * record were accepted under the old rules and stay.
 */
export async function saveDocumentType(db: Queryable, actor: Actor, input: DocumentTypeInput): Promise<SaveDocumentTypeResult> {
  assertCan(actor, "school.manage", "Only an administrator can manage document types.");
  const { id, maxSizeMb: maxBytes, ...values } = parseInput(documentTypeInput, input);
  const formats = sql`array[${sql.join(values.allowedMimeTypes.map((format) => sql`${format}`), sql`, `)}]::text[]`;
  return db.transaction(async (tx) => {
    const [clash] = await selectRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from document_types where lower(name) = lower(${values.name}) and id is distinct from ${id}::uuid`,
    );
    const taken = (name: string) =>
      new ConflictError(`There is already a document type called “${name}”.`, { name: [`There is already a document type called “${name}”`] });
    if (clash) throw taken(clash.name);

    if (!id) {
      // The unique index on lower(name) settles a race with another administrator adding the same name.
      const [created] = await selectRows<StoredType>(
        tx,
        sql`insert into document_types (name, description, allowed_mime_types, max_bytes, required_at_admission)
            values (${values.name}, ${values.description}, ${formats}, ${maxBytes}, ${values.requiredAtAdmission})
            on conflict do nothing
            returning ${columns}`,
      );
      if (!created) throw taken(values.name);
      await writeAudit(tx, actor, { action: "document_types.created", entityType: "document_type", entityId: created.id, after: created });
      return { type: created, outcome: "created" };
    }

    const [before] = await selectRows<StoredType>(tx, sql`select ${columns} from document_types where id = ${id} for update`);
    if (!before) throw new NotFoundError("That document type no longer exists. Reload the page.");
    if (
      before.name === values.name &&
      before.description === values.description &&
      before.maxBytes === maxBytes &&
      before.requiredAtAdmission === values.requiredAtAdmission &&
      before.allowedMimeTypes.join(",") === values.allowedMimeTypes.join(",")
    ) {
      return { type: before, outcome: "unchanged" };
    }
    const [after] = await selectRows<StoredType>(
      tx,
      sql`update document_types
          set name = ${values.name}, description = ${values.description}, allowed_mime_types = ${formats},
              max_bytes = ${maxBytes}, required_at_admission = ${values.requiredAtAdmission}
          where id = ${id}
          returning ${columns}`,
    );
    await writeAudit(tx, actor, { action: "document_types.updated", entityType: "document_type", entityId: id, before, after });
    return { type: after!, outcome: "updated" };
  });
}
