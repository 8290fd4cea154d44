import "server-only";
import { eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { educators } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type UpdateEducatorInput, updateEducatorSchema } from "@/lib/validation/people";
import {
  assertDepartmentExists,
  educatorDisplayName,
  educatorSnapshotColumns,
  findByStaffNumber,
  loadEducatorForUpdate,
  lockStaffNumbers,
  staffNumberTaken,
} from "./educator-records";

/**
 * Changes an educator's details. Saving unchanged details (a resubmitted form) writes nothing and
 * no audit record; a staff number held by another educator is a field error naming who.
 */
export async function updateEducator(db: Database, actor: Actor, input: UpdateEducatorInput): Promise<{ id: string; name: string; changed: boolean }> {
  assertCan(actor, "school.manage");
  const { educatorId, ...values } = parseInput(updateEducatorSchema, input);
  return db.transaction(async (tx) => {
    await lockStaffNumbers(tx);
    const before = await loadEducatorForUpdate(tx, educatorId);
    const holder = await findByStaffNumber(tx, values.staffNumber);
    if (holder && holder.id !== educatorId) throw staffNumberTaken(values.staffNumber, holder);
    const changed = (Object.keys(values) as Array<keyof typeof values>).some((key) => values[key] !== before[key]);
    if (!changed) return { id: educatorId, name: educatorDisplayName(before), changed: false };
    if (values.departmentId !== before.departmentId) await assertDepartmentExists(tx, values.departmentId);
    const [after] = await tx.update(educators).set(values).where(eq(educators.id, educatorId)).returning(educatorSnapshotColumns);
    await writeAudit(tx, actor, { action: "educator.update", entityType: "educator", entityId: educatorId, before, after });
    return { id: educatorId, name: educatorDisplayName(after!), changed: true };
  });
}
