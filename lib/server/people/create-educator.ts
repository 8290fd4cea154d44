import "server-only";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { educators } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type EducatorInput, educatorSchema, type EducatorValues } from "@/lib/validation/people";
import {
  assertDepartmentExists,
  educatorDisplayName,
  type EducatorSnapshot,
  educatorSnapshotColumns,
  findByStaffNumber,
  lockStaffNumbers,
  staffNumberTaken,
} from "./educator-records";

export type CreatedEducator = { id: string; staffNumber: string; name: string; created: boolean };

const sameDetails = (existing: EducatorSnapshot, values: EducatorValues) =>
  existing.title === values.title &&
  existing.firstName === values.firstName &&
  existing.lastName === values.lastName &&
  existing.email === values.email &&
  existing.phone === values.phone &&
  existing.departmentId === values.departmentId;

/**
 * Adds a member of teaching staff. Submitting the same details twice (a double click, a retry)
 * returns the record the first submission made; a staff number held by anyone else is a field
 * error naming who holds it.
 */
export async function createEducator(db: Database, actor: Actor, input: EducatorInput): Promise<CreatedEducator> {
  assertCan(actor, "school.manage");
  const values = parseInput(educatorSchema, input);
  return db.transaction(async (tx) => {
    await lockStaffNumbers(tx);
    const holder = await findByStaffNumber(tx, values.staffNumber);
    if (holder) {
      if (sameDetails(holder, values)) return { id: holder.id, staffNumber: holder.staffNumber, name: educatorDisplayName(holder), created: false };
      throw staffNumberTaken(values.staffNumber, holder);
    }
    await assertDepartmentExists(tx, values.departmentId);
    const [created] = await tx.insert(educators).values(values).returning(educatorSnapshotColumns);
    await writeAudit(tx, actor, { action: "educator.create", entityType: "educator", entityId: created!.id, after: created });
    return { id: created!.id, staffNumber: created!.staffNumber, name: educatorDisplayName(created!), created: true };
  });
}
