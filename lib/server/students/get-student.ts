import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians, guardianStudents, students } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import { currentClassName, visibleStudents } from "./scope";

export type StudentProfile = {
  id: string;
  admissionNumber: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  dateOfBirth: string | null;
  gender: string | null;
  status: string;
  className: string | null;
  guardians: Array<{ name: string; relationship: string; phone: string | null; email: string | null; isPrimaryContact: boolean }>;
};

/** One student's profile, if the actor may see them; otherwise "not found", whether or not they exist. */
export async function getStudent(db: Queryable, actor: Actor, input: { studentId: string }): Promise<StudentProfile> {
  const { studentId } = parseInput(z.object({ studentId: idSchema }), input);
  const [student] = await db
    .select({
      id: students.id,
      admissionNumber: students.admissionNumber,
      firstName: students.firstName,
      middleName: students.middleName,
      lastName: students.lastName,
      dateOfBirth: students.dateOfBirth,
      gender: students.gender,
      status: students.status,
      className: currentClassName,
    })
    .from(students)
    .where(and(eq(students.id, studentId), visibleStudents(actor)));
  if (!student) throw new NotFoundError("No student with that id is visible to you.");
  const family = await db
    .select({
      name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})`,
      relationship: guardianStudents.relationship,
      phone: guardians.phone,
      email: guardians.email,
      isPrimaryContact: guardianStudents.isPrimaryContact,
    })
    .from(guardianStudents)
    .innerJoin(guardians, eq(guardians.id, guardianStudents.guardianId))
    .where(eq(guardianStudents.studentId, studentId))
    .orderBy(sql`${guardianStudents.isPrimaryContact} desc`, asc(guardians.lastName));
  return { ...student, guardians: family };
}
