// Applies an import in one transaction. The browser re-sends the whole file, so every rule is
// checked again here against the database as it is now, not as it was at the dry run.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { writeAudit } from "@/lib/server/audit";
import type { ImportRequest } from "@/lib/validation/imports";
import { writeEducatorImport } from "./educator-import";
import { planImport } from "./plan-import";
import { finishResult, type ImportResult, lockImports, readImportRequest } from "./shared";
import { writeStudentImport } from "./student-import";

/**
 * Keyed by admission number (students) or staff number (educators): applying the same file twice
 * changes nothing the second time. With errors in the file nothing is written unless the mode is
 * "valid_rows_only", which skips the rows with errors.
 *
 * Audit: each created or changed student (or educator) gets its own entry with only the changed
 * fields before and after, and the run one entry with its counts and skipped rows. Per-record
 * entries, rather than one entry holding every diff, keep a student's history complete where people
 * look for it (the audit log filtered by that student), and are written in one INSERT … SELECT, so
 * a 5,000-row import costs one statement, not 5,000. Guardians the import creates are recorded in
 * the entry of the first student they are linked to; an unchanged file writes no entry at all.
 */
export async function applyImport(db: Queryable, actor: Actor, input: ImportRequest): Promise<ImportResult> {
  const read = readImportRequest(actor, input);
  return db.transaction(async (tx) => {
    await lockImports(tx);
    const planned = await planImport(tx, read);
    const { output } = planned;
    const errors = output.rows.filter((r) => r.outcome === "error").length;
    if (errors > 0 && read.mode === "all_or_nothing") return finishResult(read, output, { applied: false, blocked: true });
    const result = finishResult(read, output, { applied: true, blocked: false });
    const { newRecords, updatedRecords } = result.summary;
    // A re-import of the same file is not a change: nothing to write, nothing to audit.
    if (newRecords + updatedRecords === 0 && output.counts.newGuardians + output.counts.newLinks === 0) return result;

    const importId = randomUUID();
    const reason = `CSV import ${importId} (${read.kind}, ${result.totalRows} rows)`;
    if (planned.kind === "students") await writeStudentImport(tx, actor, planned.output.plan, reason);
    else await writeEducatorImport(tx, actor, planned.output.plan, reason);
    await writeAudit(tx, actor, {
      action: `import.${read.kind}`,
      entityType: "import",
      entityId: importId,
      after: {
        mode: read.mode,
        rows: result.totalRows,
        ...result.summary,
        skippedRows: output.rows.filter((r) => r.outcome === "error").map((r) => r.row),
      },
      reason: "CSV import",
    });
    return result;
  });
}
