import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { idSchema, parseInput } from "@/lib/validation/common";
import { readableReportCards } from "./report-card-access";

export type ReportCardSummary = {
  termId: string;
  termName: string;
  academicYearName: string;
  className: string;
  average: string;
  position: number | null;
  outOf: number;
  version: number;
  publishedAt: string;
};

export type SubjectProgress = { subject: string; points: Array<{ termId: string; label: string; total: string | null }> };

/**
 * A child's published report cards, newest term first, and each subject's totals across those
 * terms for the progress chart. Both come from the published snapshots only: nothing unpublished
 * and nothing that changed after publishing shows.
 */
export async function listReportCards(
  db: Queryable,
  actor: Actor,
  input: { studentId: string },
): Promise<{ cards: ReportCardSummary[]; progress: SubjectProgress[] }> {
  const { studentId } = parseInput(z.object({ studentId: idSchema }), input);
  const rows = await selectRows<ReportCardSummary & { subjects: Array<{ name: string; total: string | null }> }>(
    db,
    sql`select rc.term_id as "termId", rc.content->'term'->>'name' as "termName", rc.content->'term'->>'academicYearName' as "academicYearName",
               rc.content->'student'->>'className' as "className", rc.content->'summary'->>'average' as average,
               (rc.content->'summary'->>'classPosition')::int as position, (rc.content->'summary'->>'classSize')::int as "outOf",
               rc.version, ${isoTime(sql`rc.published_at`)} as "publishedAt",
               (select coalesce(jsonb_agg(jsonb_build_object('name', s->>'name', 'total', s->>'total')), '[]'::jsonb)
                  from jsonb_array_elements(rc.content->'subjects') s) as subjects
        from report_cards rc
        join terms t on t.id = rc.term_id
        join academic_years y on y.id = t.academic_year_id
        where rc.student_id = ${studentId} and rc.superseded_at is null and (${readableReportCards(actor)})
        order by y.starts_on desc, t.sequence desc`,
  );
  const chronological = [...rows].reverse();
  const subjects = [...new Set(chronological.flatMap((r) => r.subjects.map((s) => s.name)))].sort();
  const progress = subjects.map((subject) => ({
    subject,
    points: chronological.map((r) => ({
      termId: r.termId,
      label: `${r.termName} ${r.academicYearName}`,
      total: r.subjects.find((s) => s.name === subject)?.total ?? null,
    })),
  }));
  return { cards: rows.map(({ subjects: _subjects, ...card }) => card), progress };
}
