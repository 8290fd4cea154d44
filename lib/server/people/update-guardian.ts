import "server-only";
import { eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { guardians } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type UpdateGuardianInput, updateGuardianSchema } from "@/lib/validation/people";
import { guardianDisplayName, guardianSnapshotColumns, loadGuardianForUpdate } from "./guardian-records";

/**
 * Changes a guardian's details. The guardian's email is where the school writes to them; it is
 * not their sign-in, which stays as it is. Unchanged details (a resubmitted form) write nothing.
 */
export async function updateGuardian(db: Database, actor: Actor, input: UpdateGuardianInput): Promise<{ id: string; name: string; changed: boolean }> {
  assertCan(actor, "guardians.manage");
  const { guardianId, ...values } = parseInput(updateGuardianSchema, input);
  return db.transaction(async (tx) => {
    const before = await loadGuardianForUpdate(tx, guardianId);
    const changed = (Object.keys(values) as Array<keyof typeof values>).some((key) => values[key] !== before[key]);
    if (!changed) return { id: guardianId, name: guardianDisplayName(before), changed: false };
    const [after] = await tx.update(guardians).set(values).where(eq(guardians.id, guardianId)).returning(guardianSnapshotColumns);
    await writeAudit(tx, actor, { action: "guardian.update", entityType: "guardian", entityId: guardianId, before, after });
    return { id: guardianId, name: guardianDisplayName(after!), changed: true };
  });
}
