import "server-only";
import { and, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { guardians } from "@/lib/db/schema";
import { ConflictError, type FieldErrors } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type GuardianInput, guardianSchema } from "@/lib/validation/people";
import { guardianDisplayName, guardianSnapshotColumns } from "./guardian-records";

export type CreatedGuardian = { id: string; name: string; created: boolean };

/**
 * Adds a guardian. Guardians have no natural key, so duplicates are caught by what identifies a
 * person to the office: the same names with the same email or phone. Exactly the same details
 * again (a double click, a retry) return the first record; the same person with other details is
 * a field error, so the office updates the record instead of making a second one.
 */
export async function createGuardian(db: Database, actor: Actor, input: GuardianInput): Promise<CreatedGuardian> {
  assertCan(actor, "guardians.manage");
  const values = parseInput(guardianSchema, input);
  return db.transaction(async (tx) => {
    // Serialise creation so two concurrent submissions cannot both miss each other.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('guardians.create'))`);
    const sameNames = await tx
      .select(guardianSnapshotColumns)
      .from(guardians)
      .where(
        and(
          sql`lower(${guardians.firstName}) = lower(${values.firstName})`,
          sql`lower(${guardians.lastName}) = lower(${values.lastName})`,
          sql`(lower(${guardians.email}) = ${values.email} or ${guardians.phone} = ${values.phone})`,
        ),
      );
    const identical = sameNames.find((g) => (Object.keys(values) as Array<keyof typeof values>).every((key) => g[key] === values[key]));
    if (identical) return { id: identical.id, name: guardianDisplayName(identical), created: false };
    const duplicate = sameNames[0];
    if (duplicate) {
      const fieldErrors: FieldErrors = {};
      const message = `${guardianDisplayName(duplicate)} is already on record with this`;
      if (values.email && duplicate.email === values.email) fieldErrors.email = [`${message} email. Open their record and update it instead.`];
      if (values.phone && duplicate.phone === values.phone) fieldErrors.phone = [`${message} phone number. Open their record and update it instead.`];
      throw new ConflictError("This guardian is already on record.", fieldErrors);
    }
    const [created] = await tx.insert(guardians).values(values).returning(guardianSnapshotColumns);
    await writeAudit(tx, actor, { action: "guardian.create", entityType: "guardian", entityId: created!.id, after: created });
    return { id: created!.id, name: guardianDisplayName(created!), created: true };
  });
}
