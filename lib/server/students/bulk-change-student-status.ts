import "server-only";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { ConflictError, type FieldErrors } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type BulkChangeStudentStatusInput, bulkChangeStudentStatusSchema } from "@/lib/validation/students";
import { lockStudentsForChange, requireCurrentYear, type StudentForChange } from "./enrolment";
import { applyStatusChange, planStatusChange } from "./status-rules";

export type BulkResult = { changed: number; unchanged: number };

/**
 * Changes the status of the students selected in the list: all of them or none. Every student who
 * can't be changed is named in the error (keyed "studentIds.<position>"), so the office can fix the
 * selection and try again; those already in that status count as unchanged (a double submit).
 */
export async function bulkChangeStudentStatus(db: Queryable, actor: Actor, input: BulkChangeStudentStatusInput): Promise<BulkResult> {
  assertCan(actor, "students.manage");
  const { studentIds, ...change } = parseInput(bulkChangeStudentStatusSchema, input);
  return db.transaction(async (tx) => {
    const year = await requireCurrentYear(tx);
    const found = new Map((await lockStudentsForChange(tx, actor, studentIds, year)).map((s) => [s.id, s]));
    const fieldErrors: FieldErrors = {};
    const leaving: StudentForChange[] = [];
    const returning: StudentForChange[] = [];
    let unchanged = 0;
    studentIds.forEach((id, index) => {
      const student = found.get(id);
      if (!student) {
        fieldErrors[`studentIds.${index}`] = ["This student is no longer on your list: refresh the page"];
        return;
      }
      const plan = planStatusChange(student, change);
      if (plan.kind === "refused") fieldErrors[`studentIds.${index}`] = [`${plan.message} (${student.admissionNumber})`];
      else if (plan.kind === "leave") leaving.push(student);
      else if (plan.kind === "return") returning.push(student);
      else unchanged++;
    });
    const problems = Object.keys(fieldErrors).length;
    if (problems > 0) {
      throw new ConflictError(
        `Nothing was changed: ${problems} of the ${studentIds.length} selected students can't be changed.`,
        fieldErrors,
      );
    }
    await applyStatusChange(tx, actor, { leaving, returning, change, year });
    return { changed: leaving.length + returning.length, unchanged };
  });
}
