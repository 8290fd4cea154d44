import "server-only";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type ChangeStudentStatusInput, changeStudentStatusSchema } from "@/lib/validation/students";
import { lockStudentsForChange, requireCurrentYear } from "./enrolment";
import { applyStatusChange, planStatusChange } from "./status-rules";

export type StatusChangeResult = { changed: boolean; status: string };

/**
 * Records that a student graduated, withdrew or transferred (their class place this year closes on
 * that date), or brings them back with a class. Students are never deleted: someone who has left
 * drops out of the default list and stays readable under "archived".
 */
export async function changeStudentStatus(db: Queryable, actor: Actor, input: ChangeStudentStatusInput): Promise<StatusChangeResult> {
  assertCan(actor, "students.manage");
  const { studentId, ...change } = parseInput(changeStudentStatusSchema, input);
  return db.transaction(async (tx) => {
    const year = await requireCurrentYear(tx);
    const [student] = await lockStudentsForChange(tx, actor, [studentId], year);
    if (!student) throw new NotFoundError("No student with that id is visible to you.");
    const plan = planStatusChange(student, change);
    if (plan.kind === "unchanged") return { changed: false, status: student.status };
    if (plan.kind === "refused") throw new ConflictError(plan.message, { [plan.field]: [plan.message] });
    await applyStatusChange(tx, actor, {
      leaving: plan.kind === "leave" ? [student] : [],
      returning: plan.kind === "return" ? [student] : [],
      change,
      year,
    });
    return { changed: true, status: change.status };
  });
}
