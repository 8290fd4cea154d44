import "server-only";
import { and, eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { students } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { studentDetailKeys, type UpdateStudentInput, updateStudentSchema } from "@/lib/validation/students";
import { admissionNumberTaken, assertDepartmentExists, findAdmissionNumberHolder, lockAdmissionNumbers } from "./record-rules";
import { visibleStudents } from "./scope";

export type UpdatedStudent = { id: string; changed: string[] };

/**
 * Saves a student's details. Only the fields that really changed are written and audited (before
 * and after), so the trail reads as what someone did; saving an unchanged form writes nothing.
 */
export async function updateStudent(db: Queryable, actor: Actor, input: UpdateStudentInput): Promise<UpdatedStudent> {
  assertCan(actor, "students.manage");
  const { studentId, ...values } = parseInput(updateStudentSchema, input);
  return db.transaction(async (tx) => {
    await lockAdmissionNumbers(tx);
    const [current] = await tx
      .select({
        admissionNumber: students.admissionNumber,
        firstName: students.firstName,
        middleName: students.middleName,
        lastName: students.lastName,
        dateOfBirth: students.dateOfBirth,
        gender: students.gender,
        email: students.email,
        phone: students.phone,
        address: students.address,
        departmentId: students.departmentId,
        admittedOn: students.admittedOn,
      })
      .from(students)
      .where(and(eq(students.id, studentId), visibleStudents(actor)))
      .for("update");
    if (!current) throw new NotFoundError("No student with that id is visible to you.");
    const changed = studentDetailKeys.filter((key) => (current[key] ?? null) !== (values[key] ?? null));
    if (changed.length === 0) return { id: studentId, changed };
    if (changed.includes("admissionNumber")) {
      const holder = await findAdmissionNumberHolder(tx, values.admissionNumber, studentId);
      if (holder) throw admissionNumberTaken(values.admissionNumber, holder);
    }
    if (changed.includes("departmentId")) await assertDepartmentExists(tx, values.departmentId);
    const pick = <T extends Record<string, unknown>>(source: T) => Object.fromEntries(changed.map((key) => [key, source[key] ?? null]));
    await tx.update(students).set(pick(values)).where(eq(students.id, studentId));
    await writeAudit(tx, actor, { action: "student.updated", entityType: "student", entityId: studentId, before: pick(current), after: pick(values) });
    return { id: studentId, changed };
  });
}
