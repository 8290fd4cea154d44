import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents, students } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type GuardianRelationship, type LinkGuardianStudentInput, linkGuardianStudentSchema, relationshipLabels } from "@/lib/validation/people";
import { type AddGuardianLinkInput, addGuardianLinkSchema } from "@/lib/validation/students";
import { displayName } from "./enrolment";
import { lockStudentLinks } from "./guardian-links";
import { visibleStudents } from "./scope";

/**
 * The two forms that link a guardian to a student: a student's page picks the guardian from a
 * search (`guardianId` field), a guardian's page names the child by admission number
 * (`admissionNumber` field). Whatever is wrong with the one picked is reported on that field.
 */
export type AddGuardianLinkRequest = AddGuardianLinkInput | LinkGuardianStudentInput;

export type GuardianLinkResult = {
  changed: boolean;
  studentId: string;
  studentName: string;
  guardianId: string;
  guardianName: string;
  isPrimaryContact: boolean;
};

type ParsedRequest = { guardianId: string; relationship: GuardianRelationship; isPrimaryContact: boolean } & (
  | { from: "student"; studentId: string }
  | { from: "guardian"; admissionNumber: string }
);

function parseRequest(input: AddGuardianLinkRequest): ParsedRequest {
  if (typeof input === "object" && input !== null && "admissionNumber" in input) {
    return { from: "guardian", ...parseInput(linkGuardianStudentSchema, input) };
  }
  return { from: "student", ...parseInput(addGuardianLinkSchema, input) };
}

/**
 * Links an existing parent or guardian to a student. A child may have several guardians and a
 * guardian several children; each child has exactly one primary contact, so a child's first
 * guardian becomes it, and asking for a new one moves the role in the same transaction. The same
 * link submitted twice changes nothing the second time; a different relationship is a mistake to
 * point out (the relationship is changed from the guardian's page).
 */
export async function addGuardianLink(db: Queryable, actor: Actor, input: AddGuardianLinkRequest): Promise<GuardianLinkResult> {
  assertCan(actor, "guardians.manage");
  const request = parseRequest(input);
  const { guardianId, relationship, isPrimaryContact } = request;
  const pickedField = request.from === "student" ? "guardianId" : "admissionNumber";
  return db.transaction(async (tx) => {
    const studentId = request.from === "student" ? request.studentId : await studentIdByAdmissionNumber(tx, actor, request.admissionNumber);
    const { student, links } = await lockStudentLinks(tx, actor, studentId);
    const studentName = displayName(student);
    const [guardian] = await tx
      .select({ id: guardians.id, name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})` })
      .from(guardians)
      .where(eq(guardians.id, guardianId));
    if (!guardian) {
      if (request.from === "guardian") throw new NotFoundError("No guardian with that id.");
      throw new ValidationError("Choose a parent or guardian from the list.", { guardianId: ["That parent or guardian no longer exists: search again"] });
    }
    const result = { studentId, studentName, guardianId, guardianName: guardian.name };
    const existing = links.find((l) => l.guardianId === guardianId);
    if (existing) {
      if (existing.relationship === relationship && (!isPrimaryContact || existing.isPrimaryContact)) {
        return { ...result, changed: false, isPrimaryContact: existing.isPrimaryContact };
      }
      const as = relationshipLabels[existing.relationship].toLowerCase();
      const message =
        request.from === "student"
          ? `${guardian.name} is already linked to ${studentName} (${as})`
          : `${studentName} is already linked to this guardian (${as}). Change the relationship or primary contact in the list of children instead.`;
      throw new ConflictError(message, { [pickedField]: [message] });
    }
    const primaryBefore = links.find((l) => l.isPrimaryContact)?.guardianId ?? null;
    const primary = isPrimaryContact || primaryBefore === null;
    // Cleared first: the database allows one primary contact per student at any moment.
    if (primary && primaryBefore) {
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
      before: { guardianId, linked: false, primaryContactGuardianId: primaryBefore },
      after: {
        guardianId,
        guardianName: guardian.name,
        linked: true,
        relationship,
        isPrimaryContact: primary,
        primaryContactGuardianId: primary ? guardianId : primaryBefore,
      },
    });
    return { ...result, changed: true, isPrimaryContact: primary };
  });
}

/** The child a guardian's page names, among the students the actor may see; unknown is a field error. */
async function studentIdByAdmissionNumber(tx: Queryable, actor: Actor, admissionNumber: string): Promise<string> {
  const [student] = await tx
    .select({ id: students.id })
    .from(students)
    .where(and(sql`lower(${students.admissionNumber}) = lower(${admissionNumber})`, visibleStudents(actor)));
  if (!student) {
    throw new ValidationError("Some fields need attention.", { admissionNumber: [`No student has the admission number ${admissionNumber}`] });
  }
  return student.id;
}
