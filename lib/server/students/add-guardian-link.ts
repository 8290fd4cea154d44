import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type AddGuardianLinkInput, addGuardianLinkSchema } from "@/lib/validation/students";
import { displayName } from "./enrolment";
import { lockStudentLinks } from "./guardian-links";

export type GuardianLinkResult = { changed: boolean; guardianName: string; isPrimaryContact: boolean };

/**
 * Links an existing parent or guardian to a student. A student's first guardian becomes the primary
 * contact; asking for a new primary contact moves the role, so there is always exactly one.
 */
export async function addGuardianLink(db: Queryable, actor: Actor, input: AddGuardianLinkInput): Promise<GuardianLinkResult> {
  assertCan(actor, "guardians.manage");
  const { studentId, guardianId, relationship, isPrimaryContact } = parseInput(addGuardianLinkSchema, input);
  return db.transaction(async (tx) => {
    const { student, links } = await lockStudentLinks(tx, actor, studentId);
    const [guardian] = await tx
      .select({ id: guardians.id, name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})` })
      .from(guardians)
      .where(eq(guardians.id, guardianId));
    if (!guardian) {
      throw new ValidationError("Choose a parent or guardian from the list.", { guardianId: ["That parent or guardian no longer exists: search again"] });
    }
    const existing = links.find((l) => l.guardianId === guardianId);
    if (existing) {
      // The same link submitted twice is already done; a different relationship is a mistake to point out.
      if (existing.relationship === relationship && (!isPrimaryContact || existing.isPrimaryContact)) {
        return { changed: false, guardianName: guardian.name, isPrimaryContact: existing.isPrimaryContact };
      }
      const message = `${guardian.name} is already linked to ${displayName(student)} (${existing.relationship})`;
      throw new ConflictError(message, { guardianId: [message] });
    }
    const primary = isPrimaryContact || links.length === 0;
    if (primary && links.some((l) => l.isPrimaryContact)) {
      await tx
        .update(guardianStudents)
        .set({ isPrimaryContact: false })
        .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.isPrimaryContact, true)));
    }
    await tx.insert(guardianStudents).values({ guardianId, studentId, relationship, isPrimaryContact: primary });
    await writeAudit(tx, actor, {
      action: "guardian.linked",
      entityType: "student",
      entityId: studentId,
      before: primary ? { primaryContact: links.find((l) => l.isPrimaryContact)?.guardianId ?? null } : undefined,
      after: { guardianId, guardianName: guardian.name, relationship, isPrimaryContact: primary },
    });
    return { changed: true, guardianName: guardian.name, isPrimaryContact: primary };
  });
}
