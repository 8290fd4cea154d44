import "server-only";
import { sql } from "drizzle-orm";
import { type Actor, hasRole } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { ScoresStatus } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { getCurrentTerm, type CurrentTerm } from "@/lib/server/school/get-current-term";

export type TeachingAssignments = {
  current: CurrentTerm | null;
  /** Subject offerings the actor teaches this term, by class. */
  subjects: Array<{ offeringId: string; className: string; subjectCode: string; subjectName: string; students: number; scoresStatus: ScoresStatus }>;
  /** Classes the actor is class teacher of this year. */
  formClasses: Array<{ classId: string; className: string; students: number; capacity: number }>;
  /** A teacher account not yet linked to a staff record. */
  profileMissing?: boolean;
};

/** What the signed-in teacher teaches this term; only their own assignments, by construction. */
export async function getTeachingAssignments(db: Queryable, actor: Actor): Promise<TeachingAssignments> {
  if (!actor.educatorId) {
    // A newly invited teacher may sign in before the office links their account to a staff record.
    if (hasRole(actor, "teacher", "head_of_department")) return { current: await getCurrentTerm(db), subjects: [], formClasses: [], profileMissing: true };
    throw new ForbiddenError("Only teaching staff have teaching assignments.");
  }
  const current = await getCurrentTerm(db);
  if (!current?.termId) return { current, subjects: [], formClasses: [] };
  const subjects = await selectRows<TeachingAssignments["subjects"][number]>(
    db,
    sql`
      select so.id as "offeringId", c.name as "className", s.code as "subjectCode", s.name as "subjectName", so.scores_status as "scoresStatus",
             (select count(*)::int from enrolments e
               where e.class_id = c.id and e.status = 'active'
                 and (s.kind = 'core' or exists (select 1 from student_electives se
                        where se.student_id = e.student_id and se.subject_id = s.id and se.academic_year_id = c.academic_year_id))
             ) as students
      from offering_teachers ot
      join subject_offerings so on so.id = ot.offering_id
      join classes c on c.id = so.class_id
      join class_levels cl on cl.id = c.class_level_id
      join subjects s on s.id = so.subject_id
      where ot.educator_id = ${actor.educatorId} and so.term_id = ${current.termId}
      order by cl.sequence, c.arm, s.name`,
  );
  const formClasses = await selectRows<TeachingAssignments["formClasses"][number]>(
    db,
    sql`
      select c.id as "classId", c.name as "className", c.capacity,
             (select count(*)::int from enrolments e where e.class_id = c.id and e.status = 'active') as students
      from classes c
      where c.class_teacher_id = ${actor.educatorId} and c.academic_year_id = ${current.academicYearId}
      order by c.name`,
  );
  return { current, subjects, formClasses };
}
