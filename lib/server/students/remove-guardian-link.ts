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

export type RemoveLinkResult = {
  changed: boolean;
  /** Who the school calls first now, when removing this link moved the role. */
  newPrimaryContact: { guardianId: string; name: string } | null;
};

/**
 * Unlinks a guardian from a student, from either one's page (the guardian's record stays; a parent
 * account behind it stops seeing the child at once). Removing the only guardian of an active
 * student needs `confirm`; removing the primary contact passes the role to the longest-linked
 * remaining guardian. A link that is already gone (a second click) changes nothing.
 */
export async function removeGuardianLink(db: Queryable, actor: Actor, input: RemoveGuardianLinkInput): Promise<RemoveLinkResult> {
  assertCan(actor, "guardians.manage");
  const { studentId, guardianId, confirm } = parseInput(removeGuardianLinkSchema, input);
  return db.transaction(async (tx) => {
    const { student, links } = await lockStudentLinks(tx, actor, studentId);
    const target = links.find((l) => l.guardianId === guardianId);
    if (!target) return { changed: false, newPrimaryContact: null };
    const remaining = links.filter((l) => l.guardianId !== guardianId);
    if (remaining.length === 0 && student.status === "active" && !confirm) {
      const message = `${target.name} is the only parent or guardian linked to ${displayName(student)}. Confirm to remove the link anyway.`;
      throw new ConflictError(message, { confirm: [message] });
    }
    await tx.delete(guardianStudents).where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.guardianId, guardianId)));
    // Checked on what remains rather than on the removed link alone, so a child left without a
    // primary contact by older data gets one too.
    const successor = remaining.some((l) => l.isPrimaryContact) ? undefined : remaining[0];
    if (successor) {
      await tx
        .update(guardianStudents)
        .set({ isPrimaryContact: true })
        .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.guardianId, successor.guardianId)));
    }
    const primaryAfter = successor?.guardianId ?? remaining.find((l) => l.isPrimaryContact)?.guardianId ?? null;
    await writeAudit(tx, actor, {
      action: "guardian.unlinked",
      entityType: "student",
      entityId: studentId,
      before: {
        guardianId,
        guardianName: target.name,
        linked: true,
        relationship: target.relationship,
        isPrimaryContact: target.isPrimaryContact,
        primaryContactGuardianId: links.find((l) => l.isPrimaryContact)?.guardianId ?? null,
      },
      after: { guardianId, linked: false, primaryContactGuardianId: primaryAfter },
    });
    return { changed: true, newPrimaryContact: successor ? { guardianId: successor.guardianId, name: successor.name } : null };
  });
}
