import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { enterableOfferings } from "./offering-access";
import { offeringSchemeSql } from "./grading-setup";

export type MissingWork = Array<{
  offeringId: string;
  subjectName: string;
  className: string;
  componentCode: string;
  componentName: string;
  missing: number;
  students: number;
}>;

/**
 * Empty score cells across every offering the actor may open in the current term, per class and
 * component, for offerings still open for entry: what is left to do before submitting.
 */
export async function listMissingWork(db: Queryable, actor: Actor): Promise<MissingWork> {
  return selectRows<MissingWork[number]>(
    db,
    sql`
      with offerings as (
        select so.id, s.name as subject_name, c.name as class_name, cl.sequence, c.arm, s.kind, s.id as subject_id, c.id as class_id,
               c.academic_year_id, c.class_level_id, so.term_id,
               ${offeringSchemeSql} as scheme_id
        from subject_offerings so
        join subjects s on s.id = so.subject_id
        join classes c on c.id = so.class_id
        join class_levels cl on cl.id = c.class_level_id
        join terms t on t.id = so.term_id and t.is_current and t.scores_locked_at is null
        where so.scores_status in ('open', 'returned') and (${enterableOfferings(actor)})),
      roster as (
        select o.id as offering_id, e.student_id
        from offerings o
        join enrolments e on e.class_id = o.class_id and e.status = 'active'
        where o.kind = 'core' or exists (select 1 from student_electives se
          where se.student_id = e.student_id and se.subject_id = o.subject_id and se.academic_year_id = o.academic_year_id))
      select o.id as "offeringId", o.subject_name as "subjectName", o.class_name as "className",
             ac.code as "componentCode", ac.name as "componentName",
             (count(r.student_id) - count(sc.id))::int as missing, count(r.student_id)::int as students
      from offerings o
      join assessment_components ac on ac.scheme_id = o.scheme_id
      join roster r on r.offering_id = o.id
      left join scores sc on sc.offering_id = o.id and sc.student_id = r.student_id and sc.component_id = ac.id
      group by o.id, o.subject_name, o.class_name, o.sequence, o.arm, ac.code, ac.name, ac.sequence
      having count(r.student_id) > count(sc.id)
      order by o.sequence, o.arm, o.subject_name, ac.sequence`,
  );
}
