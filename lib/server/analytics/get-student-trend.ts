// Each student's term averages across the year so far, and who is at risk by lib/domain/analytics' rules.
import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { type AtRiskThresholds, atRiskReasons, DEFAULT_AT_RISK_THRESHOLDS } from "@/lib/domain/analytics";
import { ConflictError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import { loadClassAccess, notFound } from "./get-subject-analytics";

const threshold = z.number().min(0).max(100);
export const getStudentTrendInput = z.object({
  termId: idSchema,
  classId: idSchema,
  threshold: threshold.default(DEFAULT_AT_RISK_THRESHOLDS.threshold),
  drop: threshold.default(DEFAULT_AT_RISK_THRESHOLDS.drop),
});
export type GetStudentTrendInput = z.input<typeof getStudentTrendInput>;

export type StudentTrend = {
  id: string;
  name: string;
  admissionNumber: string;
  /** One per entry of `terms`, written with the scale's places; null for a term without a result. */
  averages: Array<string | null>;
  /** Empty unless the student is at risk in the chosen term. */
  reasons: string[];
};

export type ClassTrend = {
  className: string;
  termName: string;
  thresholds: AtRiskThresholds;
  /** The year's terms up to and including the chosen one, in order. */
  terms: Array<{ id: string; name: string }>;
  /** The mean of the class's students' averages per term (whichever class they were in then). */
  classAverages: Array<string | null>;
  students: StudentTrend[];
  /** The students with at least one reason, lowest current average first. */
  atRisk: StudentTrend[];
};

/**
 * The class's active students with their "term" averages for each term of the year up to the chosen one,
 * flagged as at risk by `atRiskReasons`. Overall averages are made from every subject, so only those who see
 * the whole class (administrators, its class teacher) may read them; anyone else gets "not found".
 * ConflictError when the chosen term has no computed results for the class.
 */
export async function getStudentTrend(db: Queryable, actor: Actor, input: GetStudentTrendInput): Promise<ClassTrend> {
  const { classId, termId, ...thresholds } = parseInput(getStudentTrendInput, input);
  const access = await loadClassAccess(db, actor, { classId, termId });
  if (!access.wholeClass) throw notFound();
  const places = sql.raw(String(access.places));

  const rows = await selectRows<{
    studentId: string;
    name: string;
    admissionNumber: string;
    termId: string;
    termName: string;
    average: string | null;
    classAverage: string | null;
  }>(
    db,
    sql`with year_terms as (
          select y.id, y.name, y.sequence
          from terms t join terms y on y.academic_year_id = t.academic_year_id and y.sequence <= t.sequence
          where t.id = ${termId}),
        roster as (
          select st.id, st.last_name || ', ' || st.first_name as name, st.admission_number, st.last_name, st.first_name
          from enrolments e join students st on st.id = e.student_id
          where e.class_id = ${classId} and e.status = 'active')
        select r.id as "studentId", r.name, r.admission_number as "admissionNumber", yt.id as "termId", yt.name as "termName",
               round(tr.average, ${places})::text as average,
               round(avg(tr.average) over (partition by yt.id), ${places})::text as "classAverage"
        from roster r
        cross join year_terms yt
        left join term_results tr on tr.student_id = r.id and tr.term_id = yt.id and tr.kind = 'term'
        order by r.last_name, r.first_name, r.admission_number, yt.sequence`,
  );

  const terms: ClassTrend["terms"] = [];
  const classAverages: ClassTrend["classAverages"] = [];
  const byStudent = new Map<string, Omit<StudentTrend, "reasons"> & { termNames: string[] }>();
  for (const row of rows) {
    if (!terms.some((term) => term.id === row.termId)) {
      terms.push({ id: row.termId, name: row.termName });
      classAverages.push(row.classAverage);
    }
    const student = byStudent.get(row.studentId) ?? { id: row.studentId, name: row.name, admissionNumber: row.admissionNumber, averages: [], termNames: [] };
    student.averages.push(row.average);
    student.termNames.push(row.termName);
    byStudent.set(row.studentId, student);
  }
  // A class with students but no average for the chosen term: nobody has computed it yet.
  if (rows.length > 0 && classAverages.at(-1) == null) throw new ConflictError("Results for this term haven't been computed yet");

  const students = [...byStudent.values()].map(({ termNames, ...student }) => ({
    ...student,
    reasons: atRiskReasons(
      student.averages.map((average, i) => ({ termName: termNames[i]!, average })),
      thresholds,
    ),
  }));
  const current = (student: StudentTrend) => Number(student.averages.at(-1) ?? Infinity);
  return {
    className: access.className,
    termName: access.termName,
    thresholds,
    terms,
    classAverages,
    students,
    atRisk: students.filter((s) => s.reasons.length > 0).sort((a, b) => current(a) - current(b)),
  };
}
