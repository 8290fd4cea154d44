import "server-only";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type MoveStudentClassInput, moveStudentClassSchema } from "@/lib/validation/students";
import { applyClassMove, displayName, lockClassWithRoom, lockStudentsForChange, requireCurrentYear } from "./enrolment";

export type ClassMoveResult = { changed: boolean; className: string | null };

/**
 * Moves an active student to another class of the current year. The old enrolment is kept, closed
 * as "moved", so the profile shows where they were; moving to the class they are in changes nothing.
 */
export async function moveStudentClass(db: Queryable, actor: Actor, input: MoveStudentClassInput): Promise<ClassMoveResult> {
  assertCan(actor, "students.manage");
  const { studentId, classId, reason } = parseInput(moveStudentClassSchema, input);
  return db.transaction(async (tx) => {
    const year = await requireCurrentYear(tx);
    const [student] = await lockStudentsForChange(tx, actor, [studentId], year);
    if (!student) throw new NotFoundError("No student with that id is visible to you.");
    if (student.status !== "active") {
      const message = `${displayName(student)} has left the school (${student.status}): reactivate them to give them a class`;
      throw new ConflictError(message, { classId: [message] });
    }
    if (student.classId === classId) return { changed: false, className: student.className };
    const klass = await lockClassWithRoom(tx, { classId, year, arriving: 1 });
    await applyClassMove(tx, actor, { movers: [student], klass, year, reason });
    return { changed: true, className: klass.name };
  });
}
