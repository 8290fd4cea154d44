import "server-only";
import { eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { educators } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type EducatorStatus, type SetEducatorStatusInput, setEducatorStatusSchema } from "@/lib/validation/people";
import { loadEducatorForUpdate } from "./educator-records";

/**
 * Marks an educator active or inactive. Educators are never deleted: past scores, classes and
 * audit records keep naming them. An inactive educator's linked account no longer acts as that
 * educator (the session loads only active educators), so their teaching pages empty at once.
 * Setting the status they already have changes nothing and writes no audit record.
 */
export async function setEducatorStatus(db: Database, actor: Actor, input: SetEducatorStatusInput): Promise<{ status: EducatorStatus; changed: boolean }> {
  assertCan(actor, "school.manage");
  const { educatorId, status, reason } = parseInput(setEducatorStatusSchema, input);
  return db.transaction(async (tx) => {
    const before = await loadEducatorForUpdate(tx, educatorId);
    if (before.status === status) return { status, changed: false };
    await tx.update(educators).set({ status }).where(eq(educators.id, educatorId));
    await writeAudit(tx, actor, {
      action: "educator.status_change",
      entityType: "educator",
      entityId: educatorId,
      before: { status: before.status },
      after: { status },
      reason,
    });
    return { status, changed: true };
  });
}
