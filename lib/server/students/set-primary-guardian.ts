import "server-only";
import { and, eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardianStudents } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type SetPrimaryGuardianInput, setPrimaryGuardianSchema } from "@/lib/validation/students";
import { lockStudentLinks } from "./guardian-links";

/**
 * Makes one linked guardian the student's primary contact (the one the school calls first), from
 * either one's page. The previous one is un-set in the same transaction, so there is exactly one at
 * every moment; choosing the guardian who already is primary changes nothing.
 */
export async function setPrimaryGuardian(db: Queryable, actor: Actor, input: SetPrimaryGuardianInput): Promise<{ changed: boolean; guardianName: string }> {
  assertCan(actor, "guardians.manage");
  const { studentId, guardianId } = parseInput(setPrimaryGuardianSchema, input);
  return db.transaction(async (tx) => {
    const { links } = await lockStudentLinks(tx, actor, studentId);
    const target = links.find((l) => l.guardianId === guardianId);
    // Both pages offer this as a button beside an existing link, so there is no field to put it on.
    if (!target) throw new NotFoundError("That parent or guardian is not linked to this student: refresh the page.");
    if (target.isPrimaryContact) return { changed: false, guardianName: target.name };
    const previous = links.find((l) => l.isPrimaryContact);
    // Cleared first: the database allows one primary contact per student at any moment.
    await tx
      .update(guardianStudents)
      .set({ isPrimaryContact: false })
      .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.isPrimaryContact, true)));
    await tx
      .update(guardianStudents)
      .set({ isPrimaryContact: true })
      .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.guardianId, guardianId)));
    await writeAudit(tx, actor, {
      action: "guardian.primary_contact_set",
      entityType: "student",
      entityId: studentId,
      before: { guardianId: previous?.guardianId ?? null },
      after: { guardianId },
    });
    return { changed: true, guardianName: target.name };
  });
}
