// The broadsheet: a class's stored term results, subject by subject, with each student's overall figures.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, can } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import { levelScaleSql, withPlacesSql } from "./results-sql";

export const getClassResultsInput = z.object({ classId: idSchema, termId: idSchema });
export type GetClassResultsInput = z.input<typeof getClassResultsInput>;

export type ClassResultsCell = {
  /** Written with the scale's places ("70.0"); null when the student is exempt from every component. */
  total: string | null;
  grade: string | null;
  position: number | null;
  /** Another student of the class has the same position (shown as "2nd="). */
  shared: boolean;
};

export type ClassResultsOverall = {
  /** Sum of the counted subjects' rounded totals. */
  total: string;
  average: string;
  gpa: string | null;
  position: number | null;
  shared: boolean;
  /** How many students of the class have an overall result. */
  outOf: number;
};

export type ClassResults = {
  subjects: Array<{ offeringId: string; code: string; name: string }>;
  students: Array<{
    id: string;
    name: string;
    admissionNumber: string;
    /** Keyed by offering id; a missing key is a subject the student doesn't take. */
    cells: Record<string, ClassResultsCell>;
    /** Null for a teacher who sees only their own subjects, or a student without a result yet. */
    overall: ClassResultsOverall | null;
  }>;
};

/**
 * Reads computed results (computeTermResults must have run for the term). Everyone who may read it sees the
 * whole class except a subject teacher, who sees only the subjects they teach in it and no overall figures
 * (those are made from every subject). Anyone else gets "not found", as for a class that doesn't exist.
 */
export async function getClassResults(db: Queryable, actor: Actor, input: GetClassResultsInput): Promise<ClassResults> {
  const { classId, termId } = parseInput(getClassResultsInput, input);
  const [context] = await selectRows<{ className: string; termName: string; isClassTeacher: boolean; places: number; computed: boolean }>(
    db,
    sql`select c.name as "className", t.name as "termName",
               ${actor.educatorId ? sql`c.class_teacher_id is not distinct from ${actor.educatorId}` : sql`false`} as "isClassTeacher",
               coalesce((select g.rounding_places from grade_scales g where g.id = ${levelScaleSql(sql`c.class_level_id`)}), 1) as places,
               exists (select 1 from term_results tr where tr.class_id = c.id and tr.term_id = t.id)
                 or exists (select 1 from subject_results sr join subject_offerings so on so.id = sr.offering_id
                            where so.class_id = c.id and so.term_id = t.id) as computed
        from classes c join terms t on t.academic_year_id = c.academic_year_id
        where c.id = ${classId} and t.id = ${termId}`,
  );
  const notFound = new NotFoundError("That class's results were not found, or you can't see them.");
  if (!context) throw notFound;

  const wholeClass = can(actor, "results.read_all") || can(actor, "reports.publish") || context.isClassTeacher;
  let visible: SQL;
  if (wholeClass) {
    visible = sql`true`;
  } else if (actor.educatorId && can(actor, "scores.enter")) {
    visible = sql`exists (select 1 from offering_teachers ot where ot.offering_id = so.id and ot.educator_id = ${actor.educatorId})`;
  } else {
    throw notFound;
  }

  const subjects = await selectRows<{ offeringId: string; code: string; name: string }>(
    db,
    sql`select so.id as "offeringId", s.code, s.name
        from subject_offerings so join subjects s on s.id = so.subject_id
        where so.class_id = ${classId} and so.term_id = ${termId} and (${visible})
        order by s.kind, s.name`,
  );
  if (!wholeClass && subjects.length === 0) throw notFound;
  if (!context.computed) {
    throw new ConflictError(`Results for ${context.className} in ${context.termName} have not been computed yet. Compute the term's results first.`);
  }

  const places = sql.raw(String(context.places));
  const [students, cells, overall] = await Promise.all([
    selectRows<{ id: string; name: string; admissionNumber: string }>(
      db,
      sql`select st.id, st.last_name || ', ' || st.first_name as name, st.admission_number as "admissionNumber"
          from enrolments e join students st on st.id = e.student_id
          where e.class_id = ${classId} and e.status = 'active'
          order by st.last_name, st.first_name, st.admission_number`,
    ),
    selectRows<{ studentId: string; offeringId: string } & ClassResultsCell>(
      db,
      sql`select sr.student_id as "studentId", sr.offering_id as "offeringId",
                 ${withPlacesSql(sql`sr.total`, places)} as total, sr.letter as grade, sr.class_position as position,
                 sr.class_position is not null and count(*) over (partition by sr.offering_id, sr.class_position) > 1 as shared
          from subject_results sr join subject_offerings so on so.id = sr.offering_id
          where so.class_id = ${classId} and so.term_id = ${termId} and (${visible})`,
    ),
    wholeClass
      ? selectRows<{ studentId: string } & ClassResultsOverall>(
          db,
          sql`select tr.student_id as "studentId", ${withPlacesSql(sql`tr.total`, places)} as total,
                     ${withPlacesSql(sql`tr.average`, places)} as average, tr.gpa::text as gpa, tr.class_position as position,
                     tr.class_position is not null and count(*) over (partition by tr.class_position) > 1 as shared,
                     tr.class_size as "outOf"
              from term_results tr
              where tr.class_id = ${classId} and tr.term_id = ${termId} and tr.kind = 'term'`,
        )
      : Promise.resolve([]),
  ]);

  const cellsByStudent = new Map<string, Record<string, ClassResultsCell>>();
  for (const { studentId, offeringId, ...cell } of cells) {
    const row = cellsByStudent.get(studentId) ?? {};
    row[offeringId] = cell;
    cellsByStudent.set(studentId, row);
  }
  const overallByStudent = new Map(overall.map(({ studentId, ...figures }) => [studentId, figures]));
  return {
    subjects,
    students: students.map((student) => ({
      ...student,
      cells: cellsByStudent.get(student.id) ?? {},
      overall: overallByStudent.get(student.id) ?? null,
    })),
  };
}
