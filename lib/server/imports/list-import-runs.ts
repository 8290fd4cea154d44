// Import runs as the imports page shows them: the latest ones, and one run's progress while it runs.
// Only the kinds of import the actor may run are visible; another kind's run is "not found".
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, jsonRows, type Queryable, selectRows } from "@/lib/db/client";
import type { ImportIssue } from "@/lib/domain/csv-import";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { ImportKind, ImportMode } from "@/lib/validation/imports";
import type { ImportRunResult } from "./apply-import-run";
import { importableKinds, type ImportSummary } from "./shared";

/** Problems sent with a run: enough to say what went wrong; the check listed them all. */
const ISSUES_SHOWN = 100;

export type ImportRunView = {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  fileName: string | null;
  status: "queued" | "running" | "done" | "failed";
  /** Rows applied so far, of the rows to apply (the file's rows without those skipped by the check). */
  processed: number;
  total: number;
  totalRows: number;
  academicYear: string | null;
  summary: ImportSummary;
  /** The first problems, by row (one run only: the list leaves them out); issueCount counts them all. */
  issues: ImportIssue[];
  issueCount: number;
  error: string | null;
  startedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
};

type Row = Omit<ImportRunView, "totalRows" | "academicYear" | "summary" | "issues" | "issueCount"> & {
  result: Omit<ImportRunResult, "skippedRows" | "issues"> & { issues?: ImportIssue[] };
};

// Never the rows themselves (up to 10,000 pupils' details), nor every skipped row's number.
const columns = (result: SQL) => sql`r.id, r.kind, r.mode, r.file_name as "fileName", r.status, r.processed, r.total, ${result} as result,
  r.error, u.name as "startedBy", ${isoTime(sql`r.created_at`)} as "createdAt",
  case when r.finished_at is null then null else ${isoTime(sql`r.finished_at`)} end as "finishedAt"`;

function visibleKinds(actor: Actor): SQL {
  const kinds = importableKinds(actor);
  if (kinds.length === 0) throw new ForbiddenError("You do not have permission to import.");
  return sql`r.kind in (select jsonb_array_elements_text(${jsonRows(kinds)}))`;
}

function toView({ result, ...row }: Row): ImportRunView {
  return {
    ...row,
    totalRows: result.totalRows,
    academicYear: result.academicYear,
    summary: result.summary,
    issues: (result.issues ?? []).slice(0, ISSUES_SHOWN),
    issueCount: result.issueCount,
  };
}

/** The latest runs, newest first: what is being imported and what each import did. */
export async function listImportRuns(db: Queryable, actor: Actor, options: { limit?: number } = {}): Promise<ImportRunView[]> {
  const rows = await selectRows<Row>(
    db,
    sql`select ${columns(sql`r.result - 'skippedRows' - 'issues'`)} from import_runs r left join users u on u.id = r.created_by
        where ${visibleKinds(actor)} order by r.created_at desc limit ${options.limit ?? 10}`,
  );
  return rows.map(toView);
}

/** One run's progress, polled by the page while the job runs. */
export async function getImportRun(db: Queryable, actor: Actor, input: { runId: string }): Promise<ImportRunView> {
  const where = visibleKinds(actor);
  const { runId } = parseInput(z.object({ runId: idSchema }), input);
  const [row] = await selectRows<Row>(
    db,
    sql`select ${columns(sql`r.result - 'skippedRows'`)} from import_runs r left join users u on u.id = r.created_by
        where r.id = ${runId} and ${where}`,
  );
  if (!row) throw new NotFoundError("That import was not found.");
  return toView(row);
}
