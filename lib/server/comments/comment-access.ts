// Who may read and write a class's report-card comments. The rules live in the queries' WHERE clauses,
// so a class or a student outside the actor's reach is simply not found.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { ReportCommentKind } from "@/lib/validation/comments";

/**
 * Classes whose comments the actor may open, as a condition on the alias `c` (classes): administrators
 * (reports.publish, who write the principal's comment) every class, a teacher the classes they are class
 * teacher of. Teaching a subject in a class is not enough: the comment speaks for the whole term.
 */
export function commentableClasses(actor: Actor): SQL {
  if (can(actor, "reports.publish")) return sql`true`;
  if (actor.educatorId) return sql`c.class_teacher_id = ${actor.educatorId}`;
  return sql`false`;
}

/** Whether the actor is the class teacher of `c`, as a boolean expression. */
export const isClassTeacherSql = (actor: Actor): SQL =>
  actor.educatorId ? sql`c.class_teacher_id is not distinct from ${actor.educatorId}` : sql`false`;

/** Which comment columns the actor sees and which they write, for a class they may open. */
export function commentRights(actor: Actor, isClassTeacher: boolean): Record<ReportCommentKind, { visible: boolean; writable: boolean }> {
  const principal = can(actor, "reports.publish");
  return {
    // Administrators read the class teacher's comment beside their own; only the class teacher writes it.
    class_teacher: { visible: isClassTeacher || principal, writable: isClassTeacher },
    principal: { visible: principal, writable: principal },
  };
}

/**
 * The enrolments a class's comments are written for: the students in it now, and those who finished the
 * year in it (a past year's class after promotion). Students who moved class or left are not listed.
 */
export const commentRosterStatuses = sql`('active', 'completed')`;

export type CommentStudentContext = {
  classId: string;
  className: string;
  studentName: string;
  termName: string;
  isClassTeacher: boolean;
};

/**
 * The class a student is in during a term's year, when the actor may open that class's comments. With
 * `lock`, the class row is held until the transaction ends, so a change of class teacher can't slip in
 * between the check and the write.
 */
export async function loadStudentForComment(
  db: Queryable,
  actor: Actor,
  input: { studentId: string; termId: string },
  options: { lock?: boolean } = {},
): Promise<CommentStudentContext> {
  const [row] = await selectRows<CommentStudentContext>(
    db,
    sql`select c.id as "classId", c.name as "className", st.first_name || ' ' || st.last_name as "studentName", t.name as "termName",
               ${isClassTeacherSql(actor)} as "isClassTeacher"
        from terms t
        join enrolments e on e.academic_year_id = t.academic_year_id and e.student_id = ${input.studentId} and e.status in ${commentRosterStatuses}
        join classes c on c.id = e.class_id
        join students st on st.id = e.student_id
        where t.id = ${input.termId} and (${commentableClasses(actor)})
        order by e.status = 'active' desc
        limit 1
        ${options.lock ? sql`for share of c` : sql``}`,
  );
  if (!row) throw new NotFoundError("That student was not found in a class whose comments you write.");
  return row;
}
