// Whose report cards an actor may read, as a condition on the alias `rc` (report_cards): staff
// with results.read_all, a parent or guardian their own children, a student themself. Anything
// else is "not found", exactly like a card that doesn't exist.
import "server-only";
import { or, type SQL, sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";

export function readableReportCards(actor: Actor): SQL {
  if (can(actor, "results.read_all")) return sql`true`;
  const conditions: SQL[] = [];
  if (actor.guardianId) {
    conditions.push(sql`rc.student_id in (select gs.student_id from guardian_students gs where gs.guardian_id = ${actor.guardianId})`);
  }
  if (actor.studentId) conditions.push(sql`rc.student_id = ${actor.studentId}`);
  return or(...conditions) ?? sql`false`;
}
