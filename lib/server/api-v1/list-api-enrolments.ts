import "server-only";
import { or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Actor, can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { type apiEnrolment, apiEnrolmentsQuery } from "@/lib/validation/api";
import { parseInput } from "@/lib/validation/common";
import { type Page, selectPage, yearOrCurrent } from "./paging";

export type ApiEnrolment = z.output<typeof apiEnrolment>;

/**
 * Enrolments an actor may read, on the alias `en`: every one with students.read_all; a teacher's the
 * ones in the classes they teach a subject in or form-teach; a parent's their children's; a student's
 * their own. The same people as lib/server/students/scope.ts, across years.
 */
function readableEnrolments(actor: Actor): SQL {
  if (can(actor, "students.read_all")) return sql`true`;
  const conditions: SQL[] = [];
  if (actor.educatorId) {
    conditions.push(sql`en.class_id in (
      select c.id from classes c where c.class_teacher_id = ${actor.educatorId}
      union
      select so.class_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id where ot.educator_id = ${actor.educatorId})`);
  }
  if (actor.guardianId) {
    conditions.push(sql`en.student_id in (select gs.student_id from guardian_students gs where gs.guardian_id = ${actor.guardianId})`);
  }
  if (actor.studentId) conditions.push(sql`en.student_id = ${actor.studentId}`);
  return or(...conditions) ?? sql`false`;
}

/** A year's enrolments (the current year unless asked) by class and name, within the actor's reach. */
export async function listEnrolmentsForApi(db: Queryable, actor: Actor, input: z.input<typeof apiEnrolmentsQuery>): Promise<Page<ApiEnrolment>> {
  const { page, pageSize, academicYearId, classId, studentId, status } = parseInput(apiEnrolmentsQuery, input);
  return selectPage<ApiEnrolment>(
    db,
    sql`select en.id, en.student_id as "studentId", st.admission_number as "admissionNumber",
               st.first_name || ' ' || st.last_name as "studentName", en.class_id as "classId", c.name as "className",
               en.academic_year_id as "academicYearId", y.name as "academicYearName", en.status,
               en.enrolled_on::text as "enrolledOn", en.left_on::text as "leftOn",
               l.sequence as "__level", c.arm as "__arm", st.last_name as "__last", st.first_name as "__first"
        from enrolments en
        join students st on st.id = en.student_id
        join classes c on c.id = en.class_id
        join class_levels l on l.id = c.class_level_id
        join academic_years y on y.id = en.academic_year_id
        where en.academic_year_id = ${yearOrCurrent(academicYearId)}
          ${classId ? sql`and en.class_id = ${classId}` : sql``}
          ${studentId ? sql`and en.student_id = ${studentId}` : sql``}
          ${status === "all" ? sql`` : sql`and en.status = ${status}`}
          and (${readableEnrolments(actor)})`,
    sql`q."__level", q."__arm", q."__last", q."__first", q.id`,
    page,
    pageSize,
  );
}
