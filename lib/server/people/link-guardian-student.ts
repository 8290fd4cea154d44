import "server-only";
import { and, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { guardianStudents, students } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { visibleStudents } from "@/lib/server/students/scope";
import { parseInput } from "@/lib/validation/common";
import { type LinkGuardianStudentInput, linkGuardianStudentSchema, relationshipLabels } from "@/lib/validation/people";
import { findLink, loadGuardianForUpdate, lockStudentContacts, makePrimaryContact, primaryContactOf } from "./guardian-records";

export type LinkedChild = { studentId: string; studentName: string; isPrimaryContact: boolean; changed: boolean };

/**
 * Links a guardian to a child, found by admission number. A child may have several guardians and
 * a guardian several children; each child has exactly one primary contact, so the first guardian
 * linked becomes it, and choosing a new one un-sets the old in the same transaction. The same
 * link submitted twice changes nothing the second time.
 */
export async function linkGuardianStudent(db: Database, actor: Actor, input: LinkGuardianStudentInput): Promise<LinkedChild> {
  assertCan(actor, "guardians.manage");
  const { guardianId, admissionNumber, relationship, isPrimaryContact } = parseInput(linkGuardianStudentSchema, input);
  return db.transaction(async (tx) => {
    await loadGuardianForUpdate(tx, guardianId);
    const [student] = await tx
      .select({ id: students.id, name: sql<string>`${students.firstName} || ' ' || ${students.lastName}` })
      .from(students)
      .where(and(sql`lower(${students.admissionNumber}) = lower(${admissionNumber})`, visibleStudents(actor)));
    if (!student) {
      throw new ValidationError("Some fields need attention.", { admissionNumber: [`No student has the admission number ${admissionNumber}`] });
    }
    await lockStudentContacts(tx, student.id);
    const existing = await findLink(tx, guardianId, student.id);
    if (existing) {
      if (existing.relationship === relationship && (!isPrimaryContact || existing.isPrimaryContact)) {
        return { studentId: student.id, studentName: student.name, isPrimaryContact: existing.isPrimaryContact, changed: false };
      }
      throw new ConflictError("This child is already linked to this guardian.", {
        admissionNumber: [
          `${student.name} is already linked to this guardian (${relationshipLabels[existing.relationship].toLowerCase()}). Change the relationship or primary contact in the list of children instead.`,
        ],
      });
    }
    const primaryBefore = await primaryContactOf(tx, student.id);
    await tx.insert(guardianStudents).values({ guardianId, studentId: student.id, relationship, isPrimaryContact: false });
    const becomesPrimary = isPrimaryContact || primaryBefore === null;
    if (becomesPrimary) await makePrimaryContact(tx, student.id, guardianId);
    await writeAudit(tx, actor, {
      action: "guardian.child_link",
      entityType: "guardian",
      entityId: guardianId,
      before: { studentId: student.id, linked: false, primaryContactGuardianId: primaryBefore },
      after: { studentId: student.id, linked: true, relationship, isPrimaryContact: becomesPrimary, primaryContactGuardianId: becomesPrimary ? guardianId : primaryBefore },
    });
    return { studentId: student.id, studentName: student.name, isPrimaryContact: becomesPrimary, changed: true };
  });
}
