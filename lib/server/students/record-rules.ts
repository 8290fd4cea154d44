// Checks shared by creating and editing a student: admission numbers and departments.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { departments, students } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { displayName } from "./enrolment";

/** Admission numbers are checked and written one transaction at a time, so two clerks can't both take one. */
export async function lockAdmissionNumbers(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('students.admission_number'))`);
}

export async function findAdmissionNumberHolder(tx: Queryable, admissionNumber: string, exceptStudentId?: string) {
  const [holder] = await tx
    .select({
      id: students.id,
      admissionNumber: students.admissionNumber,
      firstName: students.firstName,
      lastName: students.lastName,
      dateOfBirth: students.dateOfBirth,
    })
    .from(students)
    .where(
      sql`lower(${students.admissionNumber}) = lower(${admissionNumber})${exceptStudentId ? sql` and ${students.id} <> ${exceptStudentId}` : sql``}`,
    );
  return holder;
}

export function admissionNumberTaken(admissionNumber: string, holder: { firstName: string; lastName: string }): ConflictError {
  const message = `${admissionNumber} is already used by ${displayName(holder)}`;
  return new ConflictError(message, { admissionNumber: [message] });
}

export async function assertDepartmentExists(tx: Queryable, departmentId: string | null): Promise<void> {
  if (!departmentId) return;
  const [department] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId));
  if (!department) throw new ValidationError("Choose a department from the list.", { departmentId: ["That department no longer exists: choose another"] });
}
