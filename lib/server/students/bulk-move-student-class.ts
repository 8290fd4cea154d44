import "server-only";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { ConflictError, type FieldErrors } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type BulkMoveStudentClassInput, bulkMoveStudentClassSchema } from "@/lib/validation/students";
import { applyClassMove, displayName, lockClassWithRoom, lockStudentsForChange, requireCurrentYear, type StudentForChange } from "./enrolment";

export type BulkMoveResult = { moved: number; unchanged: number; className: string };

/**
 * Puts the students selected in the list into one class of this year: all of them or none. Each
 * student who can't move is named (keyed "studentIds.<position>"); a class without room for all of
 * them is an error on the class. Students already in the class are left as they are.
 */
export async function bulkMoveStudentClass(db: Queryable, actor: Actor, input: BulkMoveStudentClassInput): Promise<BulkMoveResult> {
  assertCan(actor, "students.manage");
  const { studentIds, classId } = parseInput(bulkMoveStudentClassSchema, input);
  return db.transaction(async (tx) => {
    const year = await requireCurrentYear(tx);
    const found = new Map((await lockStudentsForChange(tx, actor, studentIds, year)).map((s) => [s.id, s]));
    const fieldErrors: FieldErrors = {};
    const movers: StudentForChange[] = [];
    let unchanged = 0;
    studentIds.forEach((id, index) => {
      const student = found.get(id);
      if (!student) fieldErrors[`studentIds.${index}`] = ["This student is no longer on your list: refresh the page"];
      else if (student.status !== "active") {
        fieldErrors[`studentIds.${index}`] = [
          `${displayName(student)} (${student.admissionNumber}) has left the school (${student.status}): reactivate them first`,
        ];
      } else if (student.classId === classId) unchanged++;
      else movers.push(student);
    });
    // Room is checked even when some students are refused, so the office sees every problem at once.
    const klass = await lockClassWithRoom(tx, { classId, year, arriving: movers.length }).catch((error: unknown) => {
      if (error instanceof ConflictError && Object.keys(fieldErrors).length > 0) {
        Object.assign(fieldErrors, error.fieldErrors);
        return null;
      }
      throw error;
    });
    const problems = Object.keys(fieldErrors).filter((key) => key.startsWith("studentIds.")).length;
    if (problems > 0 || !klass) {
      throw new ConflictError(
        problems > 0
          ? `Nothing was changed: ${problems} of the ${studentIds.length} selected students can't be moved.`
          : "Nothing was changed: the class has no room for them all.",
        fieldErrors,
      );
    }
    await applyClassMove(tx, actor, { movers, klass, year });
    return { moved: movers.length, unchanged, className: klass.name };
  });
}
