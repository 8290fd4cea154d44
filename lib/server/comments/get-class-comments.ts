// A class's report-card comments for one term: each student with their term average and position (once
// computed), the comments the actor may see, and comment-bank suggestions for the student's average.
import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { levelScaleSql, withPlacesSql } from "@/lib/server/results/results-sql";
import { parseInput } from "@/lib/validation/common";
import {
  type GetClassCommentsInput,
  getClassCommentsInput,
  type ReportCommentKind,
  reportCommentKindLabels,
  reportCommentKinds,
} from "@/lib/validation/comments";
import { commentableClasses, commentRights, commentRosterStatuses, isClassTeacherSql } from "./comment-access";

/** How many bank comments are offered per student and kind. */
export const SUGGESTIONS_PER_STUDENT = 3;

export type StoredComment = { body: string; updatedAt: string; authorName: string | null };
export type CommentSuggestion = { id: string; body: string };

export type ClassCommentsStudent = {
  id: string;
  name: string;
  admissionNumber: string;
  /** The term average with the grade scale's places ("64.5"); null until the term's results are computed. */
  average: string | null;
  classPosition: number | null;
  /** Another student of the class has the same position (shown as "2nd="). */
  positionShared: boolean;
  classSize: number | null;
  /** A current report card of this term is published for the student: a saved change shows on the next publish. */
  published: boolean;
  /** Only the kinds the actor may see; null where nothing is written yet. */
  comments: Partial<Record<ReportCommentKind, StoredComment | null>>;
  /** Only the kinds the actor writes. */
  suggestions: Partial<Record<ReportCommentKind, CommentSuggestion[]>>;
};

export type ClassComments = {
  classId: string;
  className: string;
  term: { id: string; name: string };
  /** The terms of the class's year, to switch between. */
  terms: Array<{ id: string; name: string; isCurrent: boolean }>;
  /** The comment columns the actor sees, in the order the report card prints them. */
  columns: Array<{ kind: ReportCommentKind; label: string; writable: boolean }>;
  resultsComputed: boolean;
  anyPublished: boolean;
  students: ClassCommentsStudent[];
};

type BankEntry = { id: string; kind: ReportCommentKind; body: string; minAverage: string | null; maxAverage: string | null };

/**
 * For the class teacher (their form class) and administrators (any class); anyone else, or a term outside
 * the class's academic year, gets "not found", as for a class that doesn't exist.
 */
export async function getClassComments(db: Queryable, actor: Actor, input: GetClassCommentsInput): Promise<ClassComments> {
  const { classId, termId } = parseInput(getClassCommentsInput, input);
  const [context] = await selectRows<{ className: string; termName: string; academicYearId: string; isClassTeacher: boolean; places: number }>(
    db,
    sql`select c.name as "className", t.name as "termName", c.academic_year_id as "academicYearId",
               ${isClassTeacherSql(actor)} as "isClassTeacher",
               coalesce((select g.rounding_places from grade_scales g where g.id = ${levelScaleSql(sql`c.class_level_id`)}), 1) as places
        from classes c join terms t on t.academic_year_id = c.academic_year_id
        where c.id = ${classId} and t.id = ${termId} and (${commentableClasses(actor)})`,
  );
  if (!context) throw new NotFoundError("That class's comments were not found, or you don't write them.");

  const rights = commentRights(actor, context.isClassTeacher);
  const visible = reportCommentKinds.filter((kind) => rights[kind].visible);
  const writable = visible.filter((kind) => rights[kind].writable);
  const places = sql.raw(String(context.places));

  const [terms, students, comments, bank] = await Promise.all([
    selectRows<ClassComments["terms"][number]>(
      db,
      sql`select id, name, is_current as "isCurrent" from terms where academic_year_id = ${context.academicYearId} order by sequence`,
    ),
    selectRows<Omit<ClassCommentsStudent, "comments" | "suggestions"> & { exactAverage: string | null }>(
      db,
      sql`with results as (
            select tr.student_id, tr.average, tr.class_position, tr.class_size,
                   tr.class_position is not null and count(*) over (partition by tr.class_position) > 1 as shared
            from term_results tr
            where tr.class_id = ${classId} and tr.term_id = ${termId} and tr.kind = 'term')
          select st.id, st.last_name || ', ' || st.first_name as name, st.admission_number as "admissionNumber",
                 ${withPlacesSql(sql`r.average`, places)} as average, r.average::text as "exactAverage",
                 r.class_position as "classPosition", coalesce(r.shared, false) as "positionShared", r.class_size as "classSize",
                 exists (select 1 from report_cards rc where rc.student_id = st.id and rc.term_id = ${termId} and rc.superseded_at is null) as published
          from enrolments e
          join students st on st.id = e.student_id
          left join results r on r.student_id = st.id
          where e.class_id = ${classId} and e.status in ${commentRosterStatuses}
          order by st.last_name, st.first_name, st.admission_number`,
    ),
    visible.length === 0
      ? Promise.resolve([])
      : selectRows<{ studentId: string; kind: ReportCommentKind } & StoredComment>(
          db,
          sql`select rc.student_id as "studentId", rc.kind, rc.body, ${isoTime(sql`rc.updated_at`)} as "updatedAt", u.name as "authorName"
              from report_comments rc
              join enrolments e on e.student_id = rc.student_id and e.class_id = ${classId} and e.status in ${commentRosterStatuses}
              left join users u on u.id = rc.author_id
              where rc.term_id = ${termId} and rc.kind in (${sql.join(visible.map((kind) => sql`${kind}`), sql`, `)})`,
        ),
    // The bank is a few dozen rows for the whole school: read once, matched per student below.
    writable.length === 0
      ? Promise.resolve([])
      : selectRows<BankEntry>(
          db,
          sql`select id, kind, body, min_average::text as "minAverage", max_average::text as "maxAverage"
              from comment_bank
              where is_active and kind in (${sql.join(writable.map((kind) => sql`${kind}`), sql`, `)})
              order by coalesce(max_average, 100) - coalesce(min_average, 0), created_at, id`,
        ),
  ]);

  const commentsByStudent = new Map<string, ClassCommentsStudent["comments"]>();
  for (const { studentId, kind, ...comment } of comments) {
    const entry = commentsByStudent.get(studentId) ?? {};
    entry[kind] = comment;
    commentsByStudent.set(studentId, entry);
  }

  return {
    classId,
    className: context.className,
    term: { id: termId, name: context.termName },
    terms,
    columns: visible.map((kind) => ({ kind, label: reportCommentKindLabels[kind], writable: rights[kind].writable })),
    resultsComputed: students.some((s) => s.exactAverage !== null),
    anyPublished: students.some((s) => s.published),
    students: students.map(({ exactAverage, ...student }) => {
      const stored = commentsByStudent.get(student.id) ?? {};
      return {
        ...student,
        comments: Object.fromEntries(visible.map((kind) => [kind, stored[kind] ?? null])),
        suggestions: Object.fromEntries(writable.map((kind) => [kind, suggestionsFor(bank, kind, exactAverage)])),
      };
    }),
  };
}

/**
 * Bank comments of a kind whose band holds the average (a missing bound is open), narrowest band first.
 * Without a computed average only the comments meant for any average are offered.
 */
function suggestionsFor(bank: BankEntry[], kind: ReportCommentKind, average: string | null): CommentSuggestion[] {
  const value = average === null ? null : Number(average);
  return bank
    .filter((entry) => entry.kind === kind)
    .filter((entry) =>
      value === null
        ? entry.minAverage === null && entry.maxAverage === null
        : (entry.minAverage === null || Number(entry.minAverage) <= value) && (entry.maxAverage === null || value <= Number(entry.maxAverage)),
    )
    .slice(0, SUGGESTIONS_PER_STUDENT)
    .map(({ id, body }) => ({ id, body }));
}
