// What stands between a class's term scores and publishing them: unlocked sheets and empty cells,
// listed exactly (subject, class, assessment, students), never as a bare "no results".
import "server-only";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows, uuidsIn } from "@/lib/db/client";
import { offeringSchemeSql } from "@/lib/server/gradebook/grading-setup";

export type PublishProblem =
  | { kind: "unlocked"; subjectName: string; className: string; status: string }
  | { kind: "missing"; subjectName: string; className: string; componentCode: string; students: string[] }
  | { kind: "no_scheme"; subjectName: string; className: string };

/** Problems for the given classes in a term; empty when every offering is locked and complete. */
export async function checkPublishReadiness(db: Queryable, input: { termId: string; classIds: string[] }): Promise<PublishProblem[]> {
  const rows = await selectRows<{
    kind: PublishProblem["kind"];
    subjectName: string;
    className: string;
    status: string | null;
    componentCode: string | null;
    students: string[] | null;
  }>(
    db,
    sql`
      with offerings as (
        select so.id, so.scores_status, s.id as subject_id, s.kind, s.name as subject_name, c.id as class_id, c.name as class_name,
               c.academic_year_id, cl.sequence, c.arm, t.scores_locked_at is not null as term_locked,
               ${offeringSchemeSql} as scheme_id
        from subject_offerings so
        join subjects s on s.id = so.subject_id
        join classes c on c.id = so.class_id
        join class_levels cl on cl.id = c.class_level_id
        join terms t on t.id = so.term_id
        where so.term_id = ${input.termId}
          and so.class_id in ${uuidsIn(input.classIds)}),
      roster as (
        select o.id as offering_id, st.id as student_id, st.last_name || ', ' || st.first_name as name
        from offerings o
        join enrolments e on e.class_id = o.class_id and e.status = 'active'
        join students st on st.id = e.student_id
        where o.kind = 'core' or exists (select 1 from student_electives se
          where se.student_id = st.id and se.subject_id = o.subject_id and se.academic_year_id = o.academic_year_id))
      select 'unlocked' as kind, o.subject_name as "subjectName", o.class_name as "className", o.scores_status as status,
             null as "componentCode", null::text[] as students, o.sequence, o.arm, 0 as component_sequence
      from offerings o
      where not o.term_locked and o.scores_status <> 'approved'
        and exists (select 1 from roster r where r.offering_id = o.id)
      union all
      select 'no_scheme', o.subject_name, o.class_name, null, null, null, o.sequence, o.arm, 0
      from offerings o where o.scheme_id is null
      union all
      select 'missing', o.subject_name, o.class_name, null, ac.code,
             array_agg(r.name order by r.name), o.sequence, o.arm, ac.sequence
      from offerings o
      join assessment_components ac on ac.scheme_id = o.scheme_id
      join roster r on r.offering_id = o.id
      where not exists (select 1 from scores sc where sc.offering_id = o.id and sc.student_id = r.student_id and sc.component_id = ac.id)
      group by o.subject_name, o.class_name, o.sequence, o.arm, ac.code, ac.sequence
      order by sequence, arm, "subjectName", component_sequence`,
  );
  return rows.map((row): PublishProblem => {
    if (row.kind === "unlocked") return { kind: "unlocked", subjectName: row.subjectName, className: row.className, status: row.status ?? "open" };
    if (row.kind === "no_scheme") return { kind: "no_scheme", subjectName: row.subjectName, className: row.className };
    return { kind: "missing", subjectName: row.subjectName, className: row.className, componentCode: row.componentCode!, students: row.students ?? [] };
  });
}

const statusWords: Record<string, string> = { open: "still open for entry", submitted: "submitted but not approved", returned: "returned to the teacher" };

/** One sentence per problem, for the page and for the error a refused publish carries. */
export function describePublishProblem(problem: PublishProblem): string {
  switch (problem.kind) {
    case "unlocked":
      return `${problem.subjectName}, ${problem.className}: scores are ${statusWords[problem.status] ?? problem.status}; they must be approved or the term locked.`;
    case "no_scheme":
      return `${problem.subjectName}, ${problem.className}: no assessment scheme applies.`;
    case "missing": {
      const names = problem.students.length > 5 ? `${problem.students.slice(0, 5).join("; ")} and ${problem.students.length - 5} more` : problem.students.join("; ");
      return `${problem.subjectName}, ${problem.className}: ${problem.componentCode} is empty for ${problem.students.length === 1 ? "1 student" : `${problem.students.length} students`} (${names}).`;
    }
  }
}
