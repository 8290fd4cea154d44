// Builds the report-card snapshots for a term's classes from the computed results: everything a
// parent will read, in the shape lib/domain/report-card.ts fixes, in a handful of set-based reads.
import "server-only";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows, uuidsIn } from "@/lib/db/client";
import {
  type CellValue,
  classStatistics,
  computeSubjectOutcome,
  formatCell,
  type RoundingRule,
  type SchemeComponent,
  withUpperBounds,
} from "@/lib/domain/grading";
import type { ReportCardContent, ReportCardSubject } from "@/lib/domain/report-card";
import { offeringSchemeSql } from "@/lib/server/gradebook/grading-setup";

const roundingWords: Record<RoundingRule["mode"], string> = {
  half_up: "rounded half up",
  half_even: "rounded half to even",
  down: "rounded down",
};

/** The grading key's plain-words notes: how ABS and EX count, and how totals are rounded. */
export function gradingNotes(rounding: RoundingRule): string[] {
  const places = rounding.places === 0 ? "whole numbers" : `${rounding.places} decimal place${rounding.places === 1 ? "" : "s"}`;
  return [
    "ABS (absent) counts as 0 for that assessment.",
    "EX (exempt): that assessment is left out and the others count for more; a subject exempt in every assessment is not counted.",
    `Totals are out of 100, ${roundingWords[rounding.mode]} to ${places} once, and the grade is read from the rounded total.`,
    "Positions are shared on equal totals (2nd=), and the next place is skipped.",
  ];
}

export async function buildReportCardContents(
  db: Queryable,
  input: { termId: string; classIds: string[] },
): Promise<Array<{ studentId: string; classId: string; content: ReportCardContent }>> {
  const [context] = await selectRows<{
    school: ReportCardContent["school"];
    term: ReportCardContent["term"];
  }>(
    db,
    sql`select (select json_build_object('name', name, 'motto', motto, 'address', address, 'phone', phone, 'email', email) from school_profile where id = 1) as school,
               json_build_object('id', t.id, 'name', t.name, 'academicYearName', y.name, 'startsOn', t.starts_on, 'endsOn', t.ends_on,
                 'nextTermStartsOn', (select n.starts_on from terms n join academic_years ny on ny.id = n.academic_year_id
                                      where n.starts_on > t.ends_on order by n.starts_on limit 1)) as term
        from terms t join academic_years y on y.id = t.academic_year_id where t.id = ${input.termId}`,
  );
  if (!context) return [];

  // One after another: publishing calls this inside its transaction, and one connection runs one query at a time.
  const [students, subjects, components, scales, comments] = await inSequence([
    () =>
      selectRows<{
      studentId: string;
      classId: string;
      classLevelId: string;
      student: ReportCardContent["student"];
      summary: Omit<ReportCardContent["summary"], "classPositionShared" | "levelPositionShared"> & { classShared: number; levelShared: number };
    }>(
      db,
      sql`select tr.student_id as "studentId", tr.class_id as "classId", c.class_level_id as "classLevelId",
                 json_build_object('id', st.id, 'admissionNumber', st.admission_number, 'firstName', st.first_name, 'middleName', st.middle_name,
                   'lastName', st.last_name, 'gender', st.gender, 'className', c.name, 'classLevelName', cl.name) as student,
                 json_build_object('total', tr.total::text, 'average', tr.average::text, 'subjectCount', tr.subject_count, 'gpa', tr.gpa::text,
                   'classPosition', tr.class_position, 'classSize', tr.class_size, 'levelPosition', tr.level_position, 'levelSize', tr.level_size,
                   'classShared', count(*) over (partition by tr.class_id, tr.class_position),
                   'levelShared', count(*) over (partition by c.class_level_id, tr.level_position)) as summary
          from term_results tr
          join classes c on c.id = tr.class_id
          join class_levels cl on cl.id = c.class_level_id
          join students st on st.id = tr.student_id
          where tr.term_id = ${input.termId} and tr.kind = 'term' and tr.class_id in ${uuidsIn(input.classIds)}`,
    ),
    () =>
      selectRows<{
      studentId: string;
      offeringId: string;
      classLevelId: string;
      subject: Omit<ReportCardSubject, "components" | "classPositionShared" | "classAverage" | "classHighest" | "classLowest"> & { shared: number };
    }>(
      db,
      sql`select sr.student_id as "studentId", sr.offering_id as "offeringId", c.class_level_id as "classLevelId",
                 json_build_object('code', s.code, 'name', s.name, 'creditUnits', s.credit_units::text, 'total', sr.total::text,
                   'grade', sr.letter, 'points', sr.points::text, 'remark', sr.remark, 'classPosition', sr.class_position,
                   'classSize', coalesce(sr.class_size, 0),
                   'shared', count(*) over (partition by sr.offering_id, sr.class_position)) as subject
          from subject_results sr
          join subject_offerings so on so.id = sr.offering_id
          join subjects s on s.id = so.subject_id
          join classes c on c.id = so.class_id
          where so.term_id = ${input.termId} and so.class_id in ${uuidsIn(input.classIds)}
          order by s.kind, s.name`,
    ),
    () =>
      selectRows<{
      offeringId: string;
      studentId: string | null;
      componentId: string;
      code: string;
      name: string;
      maxScore: string;
      weight: string;
      mark: "score" | "absent" | "exempt" | null;
      value: string | null;
    }>(
      db,
      sql`select so.id as "offeringId", sc.student_id as "studentId", ac.id as "componentId", ac.code, ac.name, ac.max_score::text as "maxScore", ac.weight::text as weight,
                 sc.mark, sc.value::text as value
          from subject_offerings so
          join classes c on c.id = so.class_id
          join subjects s on s.id = so.subject_id
          join assessment_components ac on ac.scheme_id = ${offeringSchemeSql}
          left join scores sc on sc.offering_id = so.id and sc.component_id = ac.id
          where so.term_id = ${input.termId} and so.class_id in ${uuidsIn(input.classIds)}
          order by ac.sequence`,
    ),
    () =>
      selectRows<{ classLevelId: string | null; passMark: string; mode: RoundingRule["mode"]; places: number; letter: string; minScore: string; points: string; remark: string }>(
      db,
      sql`select g.class_level_id as "classLevelId", g.pass_mark::text as "passMark", g.rounding_mode as mode, g.rounding_places as places,
                 b.letter, b.min_score::text as "minScore", b.points::text as points, b.remark
          from grade_scales g join grade_bands b on b.scale_id = g.id`,
    ),
    () =>
      selectRows<{ studentId: string; kind: "class_teacher" | "principal"; body: string }>(
      db,
      sql`select student_id as "studentId", kind, body from report_comments
          where term_id = ${input.termId} and student_id in (
            select e.student_id from enrolments e where e.class_id in ${uuidsIn(input.classIds)})`,
    ),
  ] as const);

  const rulesFor = (classLevelId: string) => {
    const levelRows = scales.filter((r) => r.classLevelId === classLevelId);
    const rows = levelRows.length > 0 ? levelRows : scales.filter((r) => r.classLevelId === null);
    const first = rows[0];
    const rounding: RoundingRule = { mode: first?.mode ?? "half_up", places: (first?.places ?? 1) as RoundingRule["places"] };
    const bands = rows.map((r) => ({ letter: r.letter, minScore: r.minScore, points: r.points, remark: r.remark }));
    return { rounding, bands, passMark: first?.passMark ?? "40.00" };
  };
  const fixed = (value: string | null | undefined, places: number) => (value == null ? null : Number(value).toFixed(places));

  // Components per offering (the scheme's order) and each student's marks in them.
  const componentsByOffering = new Map<string, SchemeComponent[]>();
  const marks = new Map<string, { mark: "score" | "absent" | "exempt"; value: string | null }>();
  for (const row of components) {
    const list = componentsByOffering.get(row.offeringId) ?? [];
    if (!list.some((c) => c.id === row.componentId)) list.push({ id: row.componentId, code: row.code, name: row.name, maxScore: row.maxScore, weight: row.weight });
    componentsByOffering.set(row.offeringId, list);
    if (row.studentId && row.mark) marks.set(`${row.offeringId}:${row.studentId}:${row.componentId}`, { mark: row.mark, value: row.value });
  }
  const cellsOf = (offeringId: string, studentId: string): Record<string, CellValue> =>
    Object.fromEntries(
      (componentsByOffering.get(offeringId) ?? []).map((c) => {
        const stored = marks.get(`${offeringId}:${studentId}:${c.id}`);
        const cell: CellValue = !stored ? { kind: "empty" } : stored.mark === "score" ? { kind: "score", value: stored.value! } : { kind: stored.mark };
        return [c.id, cell];
      }),
    );
  // Class statistics from the exact totals, rounded once (docs/grading-rules.md), per offering.
  const statistics = new Map<string, { average: string; highest: string; lowest: string } | null>();
  const studentsByOffering = new Map<string, { classLevelId: string; studentIds: string[] }>();
  for (const row of subjects) {
    const entry = studentsByOffering.get(row.offeringId) ?? { classLevelId: row.classLevelId, studentIds: [] };
    entry.studentIds.push(row.studentId);
    studentsByOffering.set(row.offeringId, entry);
  }
  for (const [offeringId, { classLevelId, studentIds }] of studentsByOffering) {
    const rules = rulesFor(classLevelId);
    const exacts = studentIds.flatMap((studentId) => {
      const outcome = computeSubjectOutcome(componentsByOffering.get(offeringId) ?? [], cellsOf(offeringId, studentId), rules);
      return outcome.status === "exempt" ? [] : [outcome.exact];
    });
    statistics.set(offeringId, classStatistics(exacts, rules.rounding));
  }

  const subjectsByStudent = new Map<string, ReportCardSubject[]>();
  for (const row of subjects) {
    const { shared, ...subject } = row.subject;
    const places = rulesFor(row.classLevelId).rounding.places;
    const stats = statistics.get(row.offeringId) ?? null;
    const list = subjectsByStudent.get(row.studentId) ?? [];
    list.push({
      ...subject,
      total: fixed(subject.total, places),
      classPositionShared: subject.classPosition !== null && shared > 1,
      classAverage: stats?.average ?? null,
      classHighest: stats?.highest ?? null,
      classLowest: stats?.lowest ?? null,
      components: (componentsByOffering.get(row.offeringId) ?? []).map((c) => {
        const stored = marks.get(`${row.offeringId}:${row.studentId}:${c.id}`);
        return { code: c.code, name: c.name, maxScore: c.maxScore, weight: c.weight, score: stored ? formatCell(stored.mark, stored.value) : "" };
      }),
    });
    subjectsByStudent.set(row.studentId, list);
  }
  const commentsByStudent = new Map<string, ReportCardContent["comments"]>();
  for (const row of comments) {
    const entry = commentsByStudent.get(row.studentId) ?? { classTeacher: null, principal: null };
    if (row.kind === "class_teacher") entry.classTeacher = row.body;
    else entry.principal = row.body;
    commentsByStudent.set(row.studentId, entry);
  }
  const gradingFor = (classLevelId: string): ReportCardContent["grading"] => {
    const rules = rulesFor(classLevelId);
    return { passMark: rules.passMark, bands: withUpperBounds(rules.bands), notes: gradingNotes(rules.rounding) };
  };

  return students.map((row) => {
    const { classShared, levelShared, ...summary } = row.summary;
    const places = rulesFor(row.classLevelId).rounding.places;
    return {
      studentId: row.studentId,
      classId: row.classId,
      content: {
        format: 1,
        school: context.school,
        term: context.term,
        student: row.student,
        subjects: subjectsByStudent.get(row.studentId) ?? [],
        summary: {
          ...summary,
          total: fixed(summary.total, places)!,
          average: fixed(summary.average, places)!,
          gpa: fixed(summary.gpa, 2),
          classPositionShared: summary.classPosition !== null && classShared > 1,
          levelPositionShared: summary.levelPosition !== null && levelShared > 1,
        },
        comments: commentsByStudent.get(row.studentId) ?? { classTeacher: null, principal: null },
        grading: gradingFor(row.classLevelId),
      },
    };
  });
}

/** Runs queries one at a time and keeps their results' types, for code that may run inside a transaction. */
async function inSequence<T extends readonly (() => Promise<unknown>)[]>(steps: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const step of steps) results.push(await step());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

