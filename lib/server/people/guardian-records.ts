// Pieces shared by the guardian use cases: the audited snapshot, the row lock, and reading one link.
// Linking, unlinking and the primary contact live in lib/server/students, shared with the student's page.
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents } from "@/lib/db/schema";
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
