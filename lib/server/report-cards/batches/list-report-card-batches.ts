import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";

export type ReportCardBatchSummary = {
  id: string;
  label: string;
  status: "queued" | "running" | "done" | "failed";
  total: number;
  done: number;
  sizeBytes: number | null;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
};

const columns = sql`b.id, b.label, b.status, b.total, b.done, b.size_bytes as "sizeBytes", b.error,
  u.name as "requestedBy", ${isoTime(sql`b.created_at`)} as "createdAt",
  case when b.finished_at is null then null else ${isoTime(sql`b.finished_at`)} end as "finishedAt"`;

/** The latest batches, newest first, for the results page: what is being printed and what is ready. */
export async function listReportCardBatches(db: Queryable, actor: Actor, options: { limit?: number } = {}): Promise<ReportCardBatchSummary[]> {
  assertCan(actor, "reports.publish", "Only an administrator can print report cards in bulk.");
  return selectRows<ReportCardBatchSummary>(
    db,
    sql`select ${columns} from report_card_batches b left join users u on u.id = b.requested_by
        order by b.created_at desc limit ${options.limit ?? 10}`,
  );
}

/** One batch's progress, polled by the page while the job runs. */
export async function getReportCardBatch(db: Queryable, actor: Actor, input: { batchId: string }): Promise<ReportCardBatchSummary> {
  assertCan(actor, "reports.publish", "Only an administrator can print report cards in bulk.");
  const { batchId } = parseInput(z.object({ batchId: idSchema }), input);
  const [batch] = await selectRows<ReportCardBatchSummary>(
    db,
    sql`select ${columns} from report_card_batches b left join users u on u.id = b.requested_by where b.id = ${batchId}`,
  );
  if (!batch) throw new NotFoundError("That print batch was not found.");
  return batch;
}
