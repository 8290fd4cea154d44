import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import type { ReportCardContent } from "@/lib/domain/report-card";
import { NotFoundError } from "@/lib/errors";
import { readableReportCards } from "@/lib/server/report-cards/report-card-access";
import { type apiResult, apiResultsQuery } from "@/lib/validation/api";
import { parseInput } from "@/lib/validation/common";
import { type Page, selectPage } from "./paging";

export type ApiResult = z.output<typeof apiResult>;

type Row = {
  studentId: string;
  termId: string;
  classId: string;
  version: number;
  publishedAt: string;
  term: ReportCardContent["term"];
  student: ReportCardContent["student"];
  summary: ReportCardContent["summary"];
  subjects: ReportCardContent["subjects"];
};

/**
 * Published term results, read from the current report cards only: what a parent sees, never a result
 * that was computed and not published, nor a change made after publishing. Who may read whose is the
 * report cards' rule (report-card-access.ts). Asking for a student one may not read is "not found".
 */
export async function listPublishedResults(db: Queryable, actor: Actor, input: z.input<typeof apiResultsQuery>): Promise<Page<ApiResult>> {
  const { page, pageSize, termId, classId, studentId } = parseInput(apiResultsQuery, input);
  if (studentId) {
    // The same rule, applied to the id asked for, so "none published yet" and "not yours" differ only for those who may know.
    const [readable] = await selectRows<{ ok: boolean }>(
      db,
      sql`select exists (select 1 from (values (${studentId}::uuid)) as rc(student_id) where ${readableReportCards(actor)}) as ok`,
    );
    if (!readable?.ok) throw new NotFoundError("That student's results were not found.");
  }
  const { data, ...rest } = await selectPage<Row>(
    db,
    sql`select rc.student_id as "studentId", rc.term_id as "termId", rc.class_id as "classId", rc.version,
               ${isoTime(sql`rc.published_at`)} as "publishedAt",
               rc.content->'term' as term, rc.content->'student' as student, rc.content->'summary' as summary, rc.content->'subjects' as subjects,
               y.starts_on as "__year", t.sequence as "__term", rc.content->'student'->>'className' as "__class",
               rc.content->'student'->>'lastName' as "__last", rc.content->'student'->>'firstName' as "__first"
        from report_cards rc
        join terms t on t.id = rc.term_id
        join academic_years y on y.id = t.academic_year_id
        where rc.superseded_at is null
          ${termId ? sql`and rc.term_id = ${termId}` : sql``}
          ${classId ? sql`and rc.class_id = ${classId}` : sql``}
          ${studentId ? sql`and rc.student_id = ${studentId}` : sql``}
          and (${readableReportCards(actor)})`,
    sql`q."__year" desc, q."__term" desc, q."__class", q."__last", q."__first", q."studentId"`,
    page,
    pageSize,
  );
  return { ...rest, data: data.map(toResult) };
}

function toResult(row: Row): ApiResult {
  const { summary, student, term } = row;
  return {
    studentId: row.studentId,
    admissionNumber: student.admissionNumber,
    studentName: `${student.firstName} ${student.lastName}`,
    termId: row.termId,
    termName: term.name,
    academicYearName: term.academicYearName,
    classId: row.classId,
    className: student.className,
    version: row.version,
    publishedAt: row.publishedAt,
    summary: {
      total: summary.total,
      average: summary.average,
      subjectCount: summary.subjectCount,
      gpa: summary.gpa,
      classPosition: summary.classPosition,
      classPositionShared: summary.classPositionShared,
      classSize: summary.classSize,
    },
    subjects: row.subjects.map((s) => ({
      code: s.code,
      name: s.name,
      total: s.total,
      grade: s.grade,
      remark: s.remark,
      classPosition: s.classPosition,
      classPositionShared: s.classPositionShared,
      classSize: s.classSize,
    })),
  };
}
