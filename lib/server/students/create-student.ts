import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { classes, enrolments, students } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type CreateStudentInput, createStudentSchema } from "@/lib/validation/students";
import { displayName, laterOf, lockClassWithRoom, requireCurrentYear } from "./enrolment";
import { admissionNumberTaken, assertDepartmentExists, findAdmissionNumberHolder, lockAdmissionNumbers } from "./record-rules";

export type CreatedStudent = { id: string; admissionNumber: string; name: string; className: string | null };

/**
 * Admits a student and enrols them in a class of the current year, in one transaction. Sending the
 * same admission (number, name and date of birth) twice returns the first one: a double click makes
 * one student. The same number on anyone else is an error on the number, naming who has it.
 */
export async function createStudent(db: Queryable, actor: Actor, input: CreateStudentInput): Promise<CreatedStudent> {
  assertCan(actor, "students.manage");
  const { classId, ...values } = parseInput(createStudentSchema, input);
  return db.transaction(async (tx) => {
    await lockAdmissionNumbers(tx);
    const holder = await findAdmissionNumberHolder(tx, values.admissionNumber);
    if (holder) {
      const samePerson =
        holder.firstName.toLowerCase() === values.firstName.toLowerCase() &&
        holder.lastName.toLowerCase() === values.lastName.toLowerCase() &&
        holder.dateOfBirth === values.dateOfBirth;
      if (samePerson) {
        const [current] = await tx
          .select({ className: classes.name })
          .from(enrolments)
          .innerJoin(classes, eq(classes.id, enrolments.classId))
          .where(sql`${enrolments.studentId} = ${holder.id} and ${enrolments.status} = 'active'`);
        return { id: holder.id, admissionNumber: holder.admissionNumber, name: displayName(holder), className: current?.className ?? null };
      }
      throw admissionNumberTaken(values.admissionNumber, holder);
    }
    await assertDepartmentExists(tx, values.departmentId);
    const year = await requireCurrentYear(tx);
    const klass = await lockClassWithRoom(tx, { classId, year, arriving: 1 });
    const [created] = await tx.insert(students).values(values).returning({ id: students.id });
    const enrolledOn = laterOf(values.admittedOn, year.startsOn);
    await tx.insert(enrolments).values({ studentId: created!.id, classId: klass.id, academicYearId: year.id, enrolledOn });
    await writeAudit(tx, actor, {
      action: "student.created",
      entityType: "student",
      entityId: created!.id,
      after: { ...values, classId: klass.id, className: klass.name, enrolledOn },
    });
    return { id: created!.id, admissionNumber: values.admissionNumber, name: displayName(values), className: klass.name };
  });
}
