// Reading a student's guardian links under lock: shared by adding, removing and choosing the primary
// contact, which both the student's page and the guardian's page call.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents, students } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { GuardianRelationship } from "@/lib/validation/people";
import { visibleStudents } from "./scope";

export type LinkedStudent = { id: string; firstName: string; lastName: string; status: string };
export type GuardianLink = { guardianId: string; name: string; relationship: GuardianRelationship; isPrimaryContact: boolean };

/** The student (row-locked, so two clerks' link changes wait for each other) and their links, oldest first. */
export async function lockStudentLinks(tx: Queryable, actor: Actor, studentId: string): Promise<{ student: LinkedStudent; links: GuardianLink[] }> {
  const [student] = await tx
    .select({ id: students.id, firstName: students.firstName, lastName: students.lastName, status: students.status })
    .from(students)
    .where(and(eq(students.id, studentId), visibleStudents(actor)))
    .for("update");
  if (!student) throw new NotFoundError("No student with that id is visible to you.");
  const links = await tx
    .select({
      guardianId: guardianStudents.guardianId,
      name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})`,
      relationship: guardianStudents.relationship,
      isPrimaryContact: guardianStudents.isPrimaryContact,
    })
    .from(guardianStudents)
    .innerJoin(guardians, eq(guardians.id, guardianStudents.guardianId))
    .where(eq(guardianStudents.studentId, studentId))
    .orderBy(asc(guardianStudents.createdAt), asc(guardianStudents.guardianId));
  return { student, links };
}
