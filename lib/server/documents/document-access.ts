// Whose documents an actor may see, as a condition on a student id column: staff who keep student
// records or verify documents see every student's; a parent their own children's; a student their
// own. Anything else is "not found", exactly like a document that doesn't exist.
import "server-only";
import { or, type SQL, sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";

export const staffMayHandleDocuments = (actor: Actor) => can(actor, "documents.verify") || can(actor, "students.manage");

export function documentStudentsOf(actor: Actor, studentIdColumn: SQL): SQL {
  if (staffMayHandleDocuments(actor)) return sql`true`;
  const conditions: SQL[] = [];
  if (actor.guardianId) {
    conditions.push(sql`${studentIdColumn} in (select gs.student_id from guardian_students gs where gs.guardian_id = ${actor.guardianId})`);
  }
  if (actor.studentId) conditions.push(sql`${studentIdColumn} = ${actor.studentId}`);
  return or(...conditions) ?? sql`false`;
}

/** Who may add a document for a student: staff, and the student's own parents (not the student). */
export function uploadableStudentsOf(actor: Actor, studentIdColumn: SQL): SQL {
  if (staffMayHandleDocuments(actor)) return sql`true`;
  if (actor.guardianId) return sql`${studentIdColumn} in (select gs.student_id from guardian_students gs where gs.guardian_id = ${actor.guardianId})`;
  return sql`false`;
}
