import "server-only";
import { or, type SQL, sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";

// These fragments are written as plain SQL with explicit aliases on purpose: Drizzle leaves column
// names unqualified in single-table selects, and an unqualified "id" inside a subquery would quietly
// bind to the inner table. Each fragment refers to the outer table as "students".

/**
 * The students an actor may read, as a WHERE condition on `students`: staff with students.read_all
 * see everyone; a teacher sees the students of the classes they teach or form-teach this year; a
 * parent sees their own children; a student sees themself. Anything else is simply not found.
 */
export function visibleStudents(actor: Actor): SQL {
  if (can(actor, "students.read_all")) return sql`true`;
  const conditions: SQL[] = [];
  if (actor.educatorId) {
    conditions.push(sql`"students"."id" in (
      select e.student_id from enrolments e
      join academic_years y on y.id = e.academic_year_id and y.is_current
      where e.status = 'active' and (
        e.class_id in (
          select so.class_id from subject_offerings so
          join offering_teachers ot on ot.offering_id = so.id
          where ot.educator_id = ${actor.educatorId})
        or e.class_id in (select c.id from classes c where c.class_teacher_id = ${actor.educatorId})))`);
  }
  if (actor.guardianId) {
    conditions.push(sql`"students"."id" in (select gs.student_id from guardian_students gs where gs.guardian_id = ${actor.guardianId})`);
  }
  if (actor.studentId) conditions.push(sql`"students"."id" = ${actor.studentId}`);
  return or(...conditions) ?? sql`false`;
}

/** The student's class this academic year, for the list and profile queries. */
export const currentClassName = sql<string | null>`(
  select c.name from enrolments e
  join classes c on c.id = e.class_id
  join academic_years y on y.id = e.academic_year_id and y.is_current
  where e.student_id = "students"."id" and e.status = 'active')`;
