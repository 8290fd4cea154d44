// What every import use case shares: who may import what, reading the request, the result's shape,
// and the set-based helpers (one JSON parameter per statement, however many rows).
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { assertCan, type Actor, can } from "@/lib/auth/policy";
import { jsonRows, type Queryable } from "@/lib/db/client";
import { type ImportIssue, ImportFileError, type ParsedCsv, parseImportCsv, validateImportRows, type ValidatedRows } from "@/lib/domain/csv-import";
import { ConflictError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { type ImportKind, type ImportMode, type ImportRequest, importRequestSchema } from "@/lib/validation/imports";

/** Students come with guardians, so both record-keeping permissions; educators are school set-up. */
export function assertCanImport(actor: Actor, kind: ImportKind): void {
  if (kind === "students") {
    assertCan(actor, "students.manage", "You do not have permission to import students.");
    assertCan(actor, "guardians.manage", "You do not have permission to import guardians.");
  } else {
    assertCan(actor, "school.manage", "You do not have permission to import educators.");
  }
}

/** The kinds of import the actor may run, and so the runs they may read. */
export function importableKinds(actor: Actor): ImportKind[] {
  const kinds: ImportKind[] = [];
  if (can(actor, "students.manage") && can(actor, "guardians.manage")) kinds.push("students");
  if (can(actor, "school.manage")) kinds.push("educators");
  return kinds;
}

export type ImportOutcome = "new" | "updated" | "unchanged" | "error";

export type ImportSummary = {
  newRecords: number;
  updatedRecords: number;
  unchangedRecords: number;
  /** Students only: guardians created, and guardian–student links created. */
  newGuardians: number;
  newLinks: number;
  rowsWithErrors: number;
  rowsWithWarnings: number;
};

/** Issues sent back to the page at most; the counts always cover every row. */
export const MAX_ISSUES_RETURNED = 1_000;

export type ImportResult = {
  kind: ImportKind;
  mode: ImportMode;
  /** True once the changes are saved (always false for a dry run). */
  applied: boolean;
  /** Apply was refused because rows have errors and the mode is all-or-nothing. */
  blocked: boolean;
  totalRows: number;
  summary: ImportSummary;
  issues: ImportIssue[];
  issueCount: number;
  /** One entry per data row of the file, in file order: what the import does with it. */
  rows: Array<{ row: number; outcome: ImportOutcome; changed: string[] }>;
  /** The academic year students are enrolled in (students only). */
  academicYear: string | null;
};

/** A dry run's answer with its id, which Apply sends back: applying one check twice starts one run. */
export type ImportCheck = ImportResult & { checkId: string };

export type ImportRequestRead<K extends ImportKind> = {
  kind: K;
  mode: ImportMode;
  csv: ParsedCsv;
  /** For each column of the file, the field it holds. */
  columns: ReadonlyArray<string | null>;
  validated: ValidatedRows<K>;
};

/** What planning a kind of import produces: its writes, and what the page shows about each row. */
export type PlanOutput<P> = {
  plan: P;
  rows: ImportResult["rows"];
  issues: ImportIssue[];
  academicYear: string | null;
  counts: { newGuardians: number; newLinks: number };
};

/** The file's column holding a field, for placing an issue on its cell. */
export function columnIndex(columns: ReadonlyArray<string | null>): (field: string | null) => number | null {
  const index = new Map<string, number>();
  columns.forEach((field, i) => {
    if (field && !index.has(field)) index.set(field, i);
  });
  return (field) => (field ? (index.get(field) ?? null) : null);
}

/** Checks the permission first (before reading 5 MB), then the request, the file and every row. */
export function readImportRequest(actor: Actor, input: ImportRequest): ImportRequestRead<ImportKind> {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (kind === "students" || kind === "educators") assertCanImport(actor, kind);
  const request = parseInput(importRequestSchema, input);
  assertCanImport(actor, request.kind);
  let csv: ParsedCsv;
  try {
    csv = parseImportCsv(request.csv);
  } catch (error) {
    if (error instanceof ImportFileError) throw new ValidationError(error.message, { csv: [error.message] });
    throw error;
  }
  if (request.columns.length !== csv.header.length) {
    const message = `The file has ${csv.header.length} columns but the mapping describes ${request.columns.length}. Upload the file again.`;
    throw new ValidationError(message, { columns: [message] });
  }
  return { kind: request.kind, mode: request.mode, csv, columns: request.columns, validated: validateImportRows(request.kind, csv, request.columns) };
}

/** Runs one set-based statement; skipped when there is nothing to send. */
export async function runWith(tx: Queryable, rows: readonly object[], build: (json: SQL) => SQL): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(build(jsonRows(rows)));
}

export type AuditRow = { action: string; entityType: string; entityId: string; before: unknown; after: unknown };

/** The per-record audit entries of one import, in one INSERT … SELECT. */
export async function writeAuditRows(tx: Queryable, actor: Actor, reason: string, rows: AuditRow[]): Promise<void> {
  await runWith(
    tx,
    rows.map((r) => ({ action: r.action, entity_type: r.entityType, entity_id: r.entityId, before: r.before ?? null, after: r.after ?? null })),
    (json) => sql`insert into audit_log (actor_user_id, action, entity_type, entity_id, before, after, reason, request_id)
      select ${actor.userId}::uuid, r.action, r.entity_type, r.entity_id, r.before, r.after, ${reason}, ${actor.requestId ?? null}
      from jsonb_to_recordset(${json}) as r(action text, entity_type text, entity_id text, before jsonb, after jsonb)`,
  );
}

/** A unique index refused a row another request wrote meanwhile (outside the import lock). */
export function rethrowUniqueViolation(error: unknown, what: string): never {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code === "23505") {
    throw new ConflictError(`Someone saved ${what} with one of these numbers while the import ran.`);
  }
  throw error;
}

/** Serialises the imports' writes, chunk by chunk: two runs of one file never create a record twice. */
export async function lockImports(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ams.imports'))`);
}

export function emptySummary(): ImportSummary {
  return { newRecords: 0, updatedRecords: 0, unchangedRecords: 0, newGuardians: 0, newLinks: 0, rowsWithErrors: 0, rowsWithWarnings: 0 };
}

/** Puts the counts, the capped issue list and the per-row outcomes into the page's result. */
export function finishResult(
  read: { kind: ImportKind; mode: ImportMode },
  { rows, issues, counts, academicYear }: Omit<PlanOutput<unknown>, "plan">,
  outcome: { applied: boolean; blocked: boolean },
): ImportResult {
  issues.sort((a, b) => a.row - b.row || (a.column ?? -1) - (b.column ?? -1));
  const summary = emptySummary();
  for (const r of rows) {
    if (r.outcome === "new") summary.newRecords++;
    else if (r.outcome === "updated") summary.updatedRecords++;
    else if (r.outcome === "unchanged") summary.unchangedRecords++;
    else summary.rowsWithErrors++;
  }
  summary.newGuardians = counts.newGuardians;
  summary.newLinks = counts.newLinks;
  summary.rowsWithWarnings = new Set(issues.filter((i) => i.severity === "warning").map((i) => i.row)).size;
  return {
    kind: read.kind,
    mode: read.mode,
    academicYear,
    ...outcome,
    totalRows: rows.length,
    summary,
    issues: issues.slice(0, MAX_ISSUES_RETURNED),
    issueCount: issues.length,
    rows,
  };
}
