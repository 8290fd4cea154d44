// Pieces shared by the guardian use cases: the audited snapshot, row locks, and the primary-contact rule.
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents, students } from "@/lib/db/schema";
import type { GuardianRelationship } from "@/lib/validation/people";
import { NotFoundError } from "@/lib/errors";

/** What an audit record keeps of a guardian: every field the office can change. */
export const guardianSnapshotColumns = {
  id: guardians.id,
  title: guardians.title,
  firstName: guardians.firstName,
  lastName: guardians.lastName,
  email: guardians.email,
  phone: guardians.phone,
  address: guardians.address,
  occupation: guardians.occupation,
};

export type GuardianSnapshot = {
  id: string;
  title: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  occupation: string | null;
};

export const guardianDisplayName = (g: { title: string | null; firstName: string; lastName: string }) =>
  [g.title, g.firstName, g.lastName].filter(Boolean).join(" ");

export async function loadGuardianForUpdate(tx: Queryable, guardianId: string): Promise<GuardianSnapshot> {
  const [row] = await tx.select(guardianSnapshotColumns).from(guardians).where(eq(guardians.id, guardianId)).for("update");
  if (!row) throw new NotFoundError("No guardian with that id.");
  return row;
}

/**
 * Serialises every change to one student's guardian links, so "exactly one primary contact" holds
 * under concurrent edits (the partial unique index alone allows zero). It locks the student row,
 * as the student pages' link use cases do, so edits from either side wait for each other.
 */
export async function lockStudentContacts(tx: Queryable, studentId: string): Promise<void> {
  const [student] = await tx.select({ id: students.id }).from(students).where(eq(students.id, studentId)).for("update");
  if (!student) throw new NotFoundError("No student with that id.");
}

export type GuardianLink = { guardianId: string; studentId: string; relationship: GuardianRelationship; isPrimaryContact: boolean };

export async function findLink(tx: Queryable, guardianId: string, studentId: string): Promise<GuardianLink | undefined> {
  const [link] = await tx
    .select({
      guardianId: guardianStudents.guardianId,
      studentId: guardianStudents.studentId,
      relationship: guardianStudents.relationship,
      isPrimaryContact: guardianStudents.isPrimaryContact,
    })
    .from(guardianStudents)
    .where(and(eq(guardianStudents.guardianId, guardianId), eq(guardianStudents.studentId, studentId)));
  return link;
}

/** The student's primary contact now, if any. */
export async function primaryContactOf(tx: Queryable, studentId: string): Promise<string | null> {
  const [row] = await tx
    .select({ guardianId: guardianStudents.guardianId })
    .from(guardianStudents)
    .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.isPrimaryContact, true)));
  return row?.guardianId ?? null;
}

/**
 * Makes this guardian the student's one primary contact. The old one is un-set first: the unique
 * index on (student) where primary is checked per statement, so the order matters.
 */
export async function makePrimaryContact(tx: Queryable, studentId: string, guardianId: string): Promise<void> {
  await tx
    .update(guardianStudents)
    .set({ isPrimaryContact: false })
    .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.isPrimaryContact, true)));
  await tx
    .update(guardianStudents)
    .set({ isPrimaryContact: true })
    .where(and(eq(guardianStudents.studentId, studentId), eq(guardianStudents.guardianId, guardianId)));
}

/** When a student has guardians but no primary contact (the primary was unlinked), the longest-linked one becomes it. */
export async function ensurePrimaryContact(tx: Queryable, studentId: string): Promise<string | null> {
  const existing = await primaryContactOf(tx, studentId);
  if (existing) return existing;
  const [next] = await tx
    .select({ guardianId: guardianStudents.guardianId })
    .from(guardianStudents)
    .where(eq(guardianStudents.studentId, studentId))
    .orderBy(asc(guardianStudents.createdAt), asc(guardianStudents.guardianId))
    .limit(1);
  if (!next) return null;
  await makePrimaryContact(tx, studentId, next.guardianId);
  return next.guardianId;
}
