// The background half of an import: applies a run's checked rows in chunks, each chunk in its own
// transaction with its records' audit entries and the run's progress, so the page can show how far
// it has got and a failure keeps what was saved before it.
import "server-only";
import { sql } from "drizzle-orm";
import type { AuditActor } from "@/lib/server/audit";
import { writeAudit } from "@/lib/server/audit";
import { loadActor } from "@/lib/server/auth/load-actor";
import { type Database, describeError, type Queryable, selectRows } from "@/lib/db/client";
import type { ImportIssue } from "@/lib/domain/csv-import";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { ImportKind, ImportMode } from "@/lib/validation/imports";
import { writeEducatorImport } from "./educator-import";
import { planImport } from "./plan-import";
import {
  assertCanImport,
  emptySummary,
  type ImportCheck,
  type ImportRequestRead,
  type ImportSummary,
  lockImports,
  MAX_ISSUES_RETURNED,
  type PlanOutput,
} from "./shared";
import { writeStudentImport } from "./student-import";

/** Rows per transaction: a few hundred milliseconds of work, so progress moves and locks stay short. */
export const CHUNK_ROWS = 500;
const MAX_ERROR_LENGTH = 500;

/** What a run has done so far, kept on its row (import_runs.result). */
export type ImportRunResult = {
  /** Data rows in the file, the skipped ones included. */
  totalRows: number;
  academicYear: string | null;
  summary: ImportSummary;
  /** The check's errors and warnings, then the errors of rows that became invalid after it; by row, capped. */
  issues: ImportIssue[];
  issueCount: number;
  /** Every row not imported because of an error. */
  skippedRows: number[];
};

/** A new run's result: nothing applied yet, the check's skipped rows and warnings already counted. */
export function resultOfCheck(check: Omit<ImportCheck, "checkId">): ImportRunResult {
  return {
    totalRows: check.totalRows,
    academicYear: check.academicYear,
    summary: { ...emptySummary(), rowsWithErrors: check.summary.rowsWithErrors, rowsWithWarnings: check.summary.rowsWithWarnings },
    issues: check.issues,
    issueCount: check.issueCount,
    skippedRows: check.rows.filter((r) => r.outcome === "error").map((r) => r.row),
  };
}

type Run = {
  kind: ImportKind;
  mode: ImportMode;
  header: string[];
  columns: Array<string | null>;
  rows: Array<{ row: number; data: unknown }>;
  total: number;
  createdBy: string | null;
  requestId: string | null;
};

export type ImportRunOutcome = { status: "done" | "skipped"; processed: number; total: number };

/**
 * Runs one import. Each chunk is planned against the database as it is then, exactly as a whole
 * file was before (by admission or staff number, guardians by email or name and phone), so a chunk
 * retried, or a run of the same file again, creates nothing twice. A retried job resumes after the
 * last committed chunk; a run already done or failed is left alone.
 */
export async function applyImportRun(db: Database, runId: string, options: { chunkRows?: number } = {}): Promise<ImportRunOutcome> {
  const [run] = await selectRows<Run>(
    db,
    sql`update import_runs set status = 'running', error = null, started_at = coalesce(started_at, now())
        where id = ${runId} and status in ('queued', 'running')
        returning kind, mode, header, columns, rows, total, created_by as "createdBy", request_id as "requestId"`,
  );
  if (!run) return { status: "skipped", processed: 0, total: 0 };
  // Applied as the person who started it, with the permission they hold now, not when they clicked.
  const starter = run.createdBy ? await loadActor(db, run.createdBy) : null;
  if (!starter) throw new ForbiddenError("The person who started this import no longer has an active account, so nothing more was imported.");
  assertCanImport(starter, run.kind);
  const actor = { ...starter, requestId: run.requestId ?? undefined };
  const size = options.chunkRows ?? CHUNK_ROWS;

  for (;;) {
    const step = await db.transaction(async (tx) => {
      await lockImports(tx);
      const [state] = await selectRows<{ status: string; processed: number; result: ImportRunResult }>(
        tx,
        sql`select status, processed, result from import_runs where id = ${runId} for update`,
      );
      // A second worker (a job retried after it seemed to have died) finished it meanwhile.
      if (state?.status !== "running") return null;
      const chunk = run.rows.slice(state.processed, state.processed + size);
      let result = state.result;
      if (chunk.length > 0) {
        const read = { kind: run.kind, mode: run.mode, csv: { header: run.header, rows: [] }, columns: run.columns, validated: { rows: chunk, issues: [] } };
        const planned = await planImport(tx, read as ImportRequestRead<ImportKind>);
        const reason = `CSV import ${runId} (${run.kind}, ${result.totalRows} rows)`;
        if (planned.kind === "students") await writeStudentImport(tx, actor, planned.output.plan, reason);
        else await writeEducatorImport(tx, actor, planned.output.plan, reason);
        result = addChunk(result, planned.output);
      }
      const processed = state.processed + chunk.length;
      const finished = processed >= run.total;
      await tx.execute(
        sql`update import_runs set processed = ${processed}, result = ${JSON.stringify(result)}::jsonb
              ${finished ? sql`, status = 'done', rows = null, finished_at = now()` : sql``}
            where id = ${runId}`,
      );
      if (finished) await auditRun(tx, actor, runId, run, result);
      return { processed, finished };
    });
    if (!step) return { status: "skipped", processed: 0, total: run.total };
    if (step.finished) return { status: "done", processed: step.processed, total: run.total };
  }
}

/**
 * Adds a chunk's outcomes. The check's warnings stand: a chunk sees the rows of earlier chunks as
 * already on record and would warn of them again. Its errors are new (a class removed, a student
 * who left after the check): those rows are skipped and listed, whatever the mode.
 */
function addChunk(before: ImportRunResult, output: Omit<PlanOutput<unknown>, "plan">): ImportRunResult {
  const summary = { ...before.summary };
  const skipped: number[] = [];
  for (const r of output.rows) {
    if (r.outcome === "new") summary.newRecords++;
    else if (r.outcome === "updated") summary.updatedRecords++;
    else if (r.outcome === "unchanged") summary.unchangedRecords++;
    else {
      summary.rowsWithErrors++;
      skipped.push(r.row);
    }
  }
  summary.newGuardians += output.counts.newGuardians;
  summary.newLinks += output.counts.newLinks;
  const errors = output.issues.filter((i) => i.severity === "error");
  const issues = [...before.issues, ...errors].sort((a, b) => a.row - b.row || (a.column ?? -1) - (b.column ?? -1)).slice(0, MAX_ISSUES_RETURNED);
  return { ...before, academicYear: output.academicYear ?? before.academicYear, summary, issues, issueCount: before.issueCount + errors.length, skippedRows: [...before.skippedRows, ...skipped] };
}

/** The run's own audit entry, as the one-transaction import wrote it; none when it changed nothing. */
async function auditRun(
  tx: Queryable,
  actor: AuditActor | null,
  runId: string,
  run: { kind: ImportKind; mode: ImportMode },
  result: ImportRunResult,
  failure?: { error: string; stoppedAtRow: number | null },
): Promise<void> {
  const { summary } = result;
  if (summary.newRecords + summary.updatedRecords + summary.newGuardians + summary.newLinks === 0) return;
  await writeAudit(tx, actor, {
    action: `import.${run.kind}`,
    entityType: "import",
    entityId: runId,
    after: { mode: run.mode, rows: result.totalRows, ...summary, skippedRows: result.skippedRows, ...failure },
    reason: "CSV import",
  });
}

/** Failures that trying again cannot mend: the run is failed at once rather than retried. */
export function isPermanentImportFailure(error: unknown): boolean {
  return error instanceof ValidationError || error instanceof ForbiddenError || error instanceof NotFoundError;
}

/** Our own errors say what happened; anything else by its innermost cause (the query and its rows stay in the log). */
function failureReason(error: unknown): string {
  let cause = error;
  while (!(cause instanceof AppError) && (cause as { cause?: unknown })?.cause) cause = (cause as { cause: unknown }).cause;
  const text = cause instanceof AppError ? cause.message : describeError(cause);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Records a failed attempt: queued again while retries remain; after the last, failed with the
 * reason and the row it stopped at. The chunks committed before it stay: importing the same file
 * again skips what they saved (unchanged rows) and applies the rest. Returns the reason, for the log.
 */
export async function recordImportRunFailure(db: Queryable, runId: string, error: unknown, finalAttempt: boolean): Promise<string> {
  const reason = failureReason(error);
  await db.transaction(async (tx) => {
    const [run] = await selectRows<{
      kind: ImportKind;
      mode: ImportMode;
      stoppedAtRow: number | null;
      result: ImportRunResult;
      createdBy: string | null;
      requestId: string | null;
    }>(
      tx,
      sql`select kind, mode, (rows -> processed ->> 'row')::int as "stoppedAtRow", result, created_by as "createdBy", request_id as "requestId"
          from import_runs where id = ${runId} and status in ('queued', 'running') for update`,
    );
    if (!run) return;
    if (!finalAttempt) {
      await tx.execute(sql`update import_runs set status = 'queued', error = ${`Retrying after: ${reason}`} where id = ${runId}`);
      return;
    }
    const message = run.stoppedAtRow === null ? reason : `Stopped at row ${run.stoppedAtRow}: ${reason}`;
    await tx.execute(sql`update import_runs set status = 'failed', error = ${message}, rows = null, finished_at = now() where id = ${runId}`);
    const actor = run.createdBy ? { userId: run.createdBy, requestId: run.requestId ?? undefined } : null;
    await auditRun(tx, actor, runId, run, run.result, { error: message, stoppedAtRow: run.stoppedAtRow });
  });
  return reason;
}
