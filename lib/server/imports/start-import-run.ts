// Apply, the wizard's last step: the file is checked once more against the database and, unless its
// errors block it, the rows to apply are recorded and the job that applies them is sent, in one
// transaction. The request returns at once; the page follows the run's progress.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows } from "@/lib/db/client";
import { type ImportRunJobData, importRunJob } from "@/lib/jobs/definitions";
import { type JobQueue, transactionExecutor } from "@/lib/jobs/queue";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { ImportRequest } from "@/lib/validation/imports";
import { resultOfCheck } from "./apply-import-run";
import { planImport } from "./plan-import";
import { finishResult, type ImportCheck, readImportRequest } from "./shared";

/** The checked request, with the id of the check being applied and, for the list, the file's name. */
export type ApplyImportInput = ImportRequest & { checkId: string; fileName?: string };

const applyFieldsSchema = z.object({
  checkId: idSchema,
  fileName: z.string().trim().max(255, "The file name is longer than 255 characters").optional(),
});

export type StartedImport =
  /** Rows have errors and the mode is all-or-nothing: nothing was started; the fresh check says why. */
  | { status: "blocked"; check: ImportCheck }
  | { status: "started"; runId: string; alreadyStarted: boolean };

/**
 * Idempotent per check: the key is the actor, the file, its mapping, the mode and the check's id, so
 * a double click or a retried request returns the run the first one started, while the same file
 * checked again later (after a failed run, or to restore changed records) starts a new run.
 */
export async function startImportRun(db: Queryable, actor: Actor, queue: JobQueue, input: ApplyImportInput): Promise<StartedImport> {
  const read = readImportRequest(actor, input);
  const { checkId, fileName } = parseInput(applyFieldsSchema, input);
  const key = createHash("sha256")
    .update(JSON.stringify([actor.userId, read.kind, read.mode, read.columns, checkId, createHash("sha256").update(input.csv).digest("hex")]))
    .digest("hex");
  return db.transaction(async (tx) => {
    // The second of two clicks waits here for the first, then finds its run.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ams.import-run:${key}`}))`);
    const [existing] = await selectRows<{ id: string }>(tx, sql`select id from import_runs where idempotency_key = ${key}`);
    if (existing) return { status: "started", runId: existing.id, alreadyStarted: true };

    const { output } = await planImport(tx, read);
    const failed = new Set(output.rows.filter((r) => r.outcome === "error").map((r) => r.row));
    if (failed.size > 0 && read.mode === "all_or_nothing") {
      return { status: "blocked", check: { ...finishResult(read, output, { applied: false, blocked: true }), checkId: randomUUID() } };
    }
    const check = finishResult(read, output, { applied: false, blocked: false });
    // Exactly the rows the check passed, as validated: the job re-reads no file and re-validates no cell.
    const rows = read.validated.rows.filter((r) => r.data !== null && !failed.has(r.row));
    const [run] = await selectRows<{ id: string }>(
      tx,
      sql`insert into import_runs (kind, mode, idempotency_key, file_name, header, columns, rows, total, result, created_by, request_id)
          values (${read.kind}, ${read.mode}, ${key}, ${fileName || null}, ${jsonRows(read.csv.header)}, ${jsonRows(read.columns)},
                  ${jsonRows(rows)}, ${rows.length}, ${JSON.stringify(resultOfCheck(check))}::jsonb, ${actor.userId}, ${actor.requestId ?? null})
          returning id`,
    );
    const data: ImportRunJobData = { runId: run!.id };
    await queue.send(importRunJob.name, data, { singletonKey: run!.id, db: transactionExecutor(tx) });
    return { status: "started", runId: run!.id, alreadyStarted: false };
  });
}
