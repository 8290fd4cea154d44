import "server-only";
import { and, eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardianStudents } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type RemoveGuardianLinkInput, removeGuardianLinkSchema } from "@/lib/validation/students";
import { displayName } from "./enrolment";
import { lockStudentLinks } from "./guardian-links";

export type RemoveLinkResult = { removed: boolean; newPrimaryContact: string | null };

/**
 * Unlinks a guardian from a student (the guardian's record stays; a parent account loses sight of the
 * child). Removing the only guardian of an active student needs `confirm`; removing the primary
 * contact passes the role to the longest-linked remaining guardian.
 */
export async function removeGuardianLink(db: Queryable, actor: Actor, input: RemoveGuardianLinkInput): Promise<RemoveLinkResult> {
  assertCan(actor, "guardians.manage");
  const { studentId, guardianId, confirm } = parseInput(removeGuardianLinkSchema, input);
  return db.transaction(async (tx) => {
    const { student, links } = await lockStudentLinks(tx, actor, studentId);
    const target = links.find((l) => l.guardianId === guardianId);
    // Already gone (a double submit, or another clerk was quicker): nothing left to do.
    if (!target) return { removed: false, newPrimaryContact: null };
    const remaining = links.filter((l) => l.guardianId !== guardianId);
    if (remaining.length === 0 && student.status === "active" && !confirm) {
      const message = `${target.name} is the only parent or guardian linked to ${displayName(student)}. Confirm to remove the link anyway.`;
      throw new ConflictError(message, { confirm: [message] });
    }
    await tx.delete(guardianStudents).where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.guardianId, guardianId)));
    const successor = target.isPrimaryContact ? remaining[0] : undefined;
    if (successor) {
      await tx
        .update(guardianStudents)
        .set({ isPrimaryContact: true })
        .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.guardianId, successor.guardianId)));
    }
    await writeAudit(tx, actor, {
      action: "guardian.unlinked",
      entityType: "student",
      entityId: studentId,
      before: { guardianId, guardianName: target.name, relationship: target.relationship, isPrimaryContact: target.isPrimaryContact },
      after: successor ? { primaryContact: successor.guardianId } : null,
    });
    return { removed: true, newPrimaryContact: successor?.name ?? null };
  });
}
