// The background half of a print batch: renders every current card in the batch's class or level
// into one PDF, reporting progress on the batch row as it goes, and keeps the file in the store.
import "server-only";
import { sql } from "drizzle-orm";
import { type Database, isoTime, selectRows } from "@/lib/db/client";
import type { ReportCardContent } from "@/lib/domain/report-card";
import type { FileStore } from "@/lib/storage/file-store";
import { verificationUrl } from "../get-report-card";
import { getReportCardLogo } from "../get-report-card-logo";
import { readReportCardView } from "../get-report-card-view";
import { renderReportCardsPdf } from "../render-report-card-pdf";

/** Progress is written every few cards: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_EVERY = 5;
const MAX_ERROR_LENGTH = 500;

export const batchStorageKey = (batchId: string) => `report-card-batches/${batchId}.pdf`;

export type BatchRunResult = { status: "done" | "skipped"; cards: number };

/**
 * Runs one batch. A retried job starts again from the first card (rendering is repeatable: the same
 * cards make the same file). A batch already done is left alone, so a job delivered twice does no
 * work twice.
 */
export async function runReportCardBatch(db: Database, store: FileStore, batchId: string): Promise<BatchRunResult> {
  const [batch] = await selectRows<{ termId: string; classId: string | null; classLevelId: string | null; status: string }>(
    db,
    sql`update report_card_batches set status = 'running', done = 0, error = null, started_at = now()
        where id = ${batchId} and status in ('queued', 'running', 'failed')
        returning term_id as "termId", class_id as "classId", class_level_id as "classLevelId", status`,
  );
  if (!batch) return { status: "skipped", cards: 0 };
  const cards = await selectRows<{ content: ReportCardContent; code: string; contentHash: string; version: number; publishedAt: string }>(
    db,
    sql`select rc.content, rc.verification_code as code, rc.content_hash as "contentHash", rc.version,
               ${isoTime(sql`rc.published_at`)} as "publishedAt"
        from report_cards rc join classes c on c.id = rc.class_id
        where rc.term_id = ${batch.termId} and rc.superseded_at is null
          and ${batch.classId ? sql`rc.class_id = ${batch.classId}` : sql`c.class_level_id = ${batch.classLevelId}`}
        order by c.name, rc.content->'student'->>'lastName', rc.content->'student'->>'firstName', rc.student_id`,
  );
  // Cards published or withdrawn since the request: the bar measures what is actually printed.
  await db.execute(sql`update report_card_batches set total = ${cards.length} where id = ${batchId}`);
  if (cards.length === 0) throw new Error("No published report cards are left in this class or level.");
  // Read, not cached: the job may run in a worker that does not share the app's cache (ADR 20).
  const view = await readReportCardView(db);
  const logo = view.logoKey ? await getReportCardLogo(store, view.logoKey) : null;
  const pdf = await renderReportCardsPdf(
    cards.map((card) => ({
      content: card.content,
      view,
      verification: { url: verificationUrl(card.code, card.contentHash), contentHash: card.contentHash, version: card.version, publishedAt: card.publishedAt, superseded: false },
    })),
    {
      logo: logo?.bytes,
      onCardRendered: async (rendered) => {
        if (rendered % PROGRESS_EVERY === 0 && rendered < cards.length) {
          await db.execute(sql`update report_card_batches set done = ${rendered} where id = ${batchId}`);
        }
      },
    },
  );
  const stored = await store.put(batchStorageKey(batchId), pdf);
  await db.execute(
    sql`update report_card_batches set status = 'done', done = total, storage_key = ${stored.key}, size_bytes = ${stored.size}, finished_at = now()
        where id = ${batchId}`,
  );
  return { status: "done", cards: cards.length };
}

/** Records a failed attempt: "queued" again while retries remain, "failed" with the reason after the last. */
export async function recordBatchFailure(db: Database, batchId: string, error: unknown, finalAttempt: boolean): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
  await db.execute(
    sql`update report_card_batches
        set status = ${finalAttempt ? "failed" : "queued"}, error = ${finalAttempt ? message : `Retrying after: ${message}`},
            finished_at = ${finalAttempt ? sql`now()` : null}
        where id = ${batchId} and status <> 'done'`,
  );
}
