import "server-only";
import { and, eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { guardianStudents } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type GuardianStudentInput, guardianStudentSchema } from "@/lib/validation/people";
import { ensurePrimaryContact, findLink, loadGuardianForUpdate, lockStudentContacts } from "./guardian-records";

/**
 * Removes a guardian's link to a child; a parent account behind the guardian stops seeing the
 * child at once. When the primary contact is unlinked, the child's longest-linked remaining
 * guardian becomes primary, so a child with guardians always has one. Unlinking a link that is
 * already gone (a second click) changes nothing.
 */
export async function unlinkGuardianStudent(
  db: Database,
  actor: Actor,
  input: GuardianStudentInput,
): Promise<{ changed: boolean; primaryContactGuardianId: string | null }> {
  assertCan(actor, "guardians.manage");
  const { guardianId, studentId } = parseInput(guardianStudentSchema, input);
  return db.transaction(async (tx) => {
    await loadGuardianForUpdate(tx, guardianId);
    await lockStudentContacts(tx, studentId);
    const link = await findLink(tx, guardianId, studentId);
    if (!link) return { changed: false, primaryContactGuardianId: null };
    await tx.delete(guardianStudents).where(and(eq(guardianStudents.guardianId, guardianId), eq(guardianStudents.studentId, studentId)));
    const primaryAfter = await ensurePrimaryContact(tx, studentId);
    await writeAudit(tx, actor, {
      action: "guardian.child_unlink",
      entityType: "guardian",
      entityId: guardianId,
      before: { ...link, linked: true, primaryContactGuardianId: link.isPrimaryContact ? guardianId : primaryAfter },
      after: { studentId, linked: false, primaryContactGuardianId: primaryAfter },
    });
    return { changed: true, primaryContactGuardianId: primaryAfter };
  });
}
