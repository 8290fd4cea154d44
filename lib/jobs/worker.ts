// Registers a handler for each job on a queue. The same code runs inside the app process (the
// default) and in `npm run worker`; pg-boss hands each job to one worker at a time.
import "server-only";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { recordBatchFailure, runReportCardBatch } from "@/lib/server/report-cards/batches/run-report-card-batch";
import type { FileStore } from "@/lib/storage/file-store";
import { type ReportCardBatchJobData, reportCardBatchJob } from "./definitions";
import type { JobQueue } from "./queue";

export type WorkerContext = {
  db: Database;
  store: FileStore;
  log: { info(object: object, message: string): void; error(object: object, message: string): void };
};

/** Seconds between polls for new jobs when the queue is idle. */
const POLLING_INTERVAL_SECONDS = 1;

export async function startWorkers(boss: JobQueue, context: WorkerContext): Promise<void> {
  await boss.work<ReportCardBatchJobData>(
    reportCardBatchJob.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
    async ([job]: PgBoss.JobWithMetadata<ReportCardBatchJobData>[]) => {
      if (!job) return;
      const started = performance.now();
      try {
        const result = await runReportCardBatch(context.db, context.store, job.data.batchId);
        context.log.info({ job: job.name, batchId: job.data.batchId, ...result, ms: Math.round(performance.now() - started) }, "job done");
        return result;
      } catch (error) {
        const finalAttempt = job.retryCount >= job.retryLimit;
        await recordBatchFailure(context.db, job.data.batchId, error, finalAttempt);
        context.log.error({ job: job.name, batchId: job.data.batchId, attempt: job.retryCount + 1, finalAttempt, err: error }, "job failed");
        // Thrown on so pg-boss schedules the retry with its backoff.
        throw error;
      }
    },
  );
}
