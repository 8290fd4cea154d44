import "server-only";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type GuardianStudentInput, guardianStudentSchema } from "@/lib/validation/people";
import { findLink, loadGuardianForUpdate, lockStudentContacts, makePrimaryContact, primaryContactOf } from "./guardian-records";

/**
 * Makes this guardian the child's primary contact, the one the school calls first. The previous
 * primary contact is un-set in the same transaction, so there is exactly one at every moment.
 * Choosing the guardian who already is primary changes nothing.
 */
export async function setPrimaryContact(db: Database, actor: Actor, input: GuardianStudentInput): Promise<{ changed: boolean }> {
  assertCan(actor, "guardians.manage");
  const { guardianId, studentId } = parseInput(guardianStudentSchema, input);
  return db.transaction(async (tx) => {
    await loadGuardianForUpdate(tx, guardianId);
    await lockStudentContacts(tx, studentId);
    const link = await findLink(tx, guardianId, studentId);
    if (!link) throw new NotFoundError("That child is not linked to this guardian.");
    if (link.isPrimaryContact) return { changed: false };
    const before = await primaryContactOf(tx, studentId);
    await makePrimaryContact(tx, studentId, guardianId);
    await writeAudit(tx, actor, {
      // The same event, entity and shape as setting it from the student's page.
      action: "guardian.primary_contact_set",
      entityType: "student",
      entityId: studentId,
      before: { guardianId: before },
      after: { guardianId },
    });
    return { changed: true };
  });
}
