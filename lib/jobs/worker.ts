// Registers a handler for each job on a queue. The same code runs inside the app process (the
// default) and in `npm run worker`; pg-boss hands each job to one worker at a time.
import "server-only";
import type PgBoss from "pg-boss";
import { type Database, describeRootCause } from "@/lib/db/client";
import { modifiedOnDisk, sweepOrphanFiles } from "@/lib/server/documents/sweep-orphan-files";
import { deliverEmail, type DeliveryOutcome } from "@/lib/server/email/deliver-email";
import { purgeSentEmail } from "@/lib/server/email/purge-sent-email";
import { sweepDueEmail } from "@/lib/server/email/sweep-due-email";
import { type MailConfig, type MailTransport, mailTransportFromEnv } from "@/lib/server/email/transport";
import { applyImportRun, isPermanentImportFailure, recordImportRunFailure } from "@/lib/server/imports/apply-import-run";
import { purgeExpiredCredentials } from "@/lib/server/maintenance/purge-expired-credentials";
import { recordBatchFailure, runReportCardBatch } from "@/lib/server/report-cards/batches/run-report-card-batch";
import type { FileStore } from "@/lib/storage/file-store";
import {
  credentialsPurgeJob,
  documentSweepJob,
  type EmailDeliveryJobData,
  emailDeliveryJob,
  emailPurgeJob,
  emailSweepJob,
  type ImportRunJobData,
  importRunJob,
  type ReportCardBatchJobData,
  reportCardBatchJob,
} from "./definitions";
import type { JobQueue } from "./queue";

export type WorkerContext = {
  db: Database;
  store: FileStore;
  /**
   * How email leaves; absent or null when no transport is configured. Mail then stays in the outbox
   * (read at /admin/outbox): delivery jobs finish without touching it, and the sweep sends none, so
   * the queue stays empty. Once a transport is configured, the next sweep sends every due message.
   */
  mail?: MailTransport | null;
  /** Where the store's files live on disk, for the orphan sweep's file ages; absent: no sweep here. */
  storageRoot?: string;
  log: { info(object: object, message: string): void; error(object: object, message: string): void };
};

/** Seconds between polls for new jobs when the queue is idle. */
const POLLING_INTERVAL_SECONDS = 1;
/** Maintenance runs at most once a minute: a few seconds' wait for its job costs nothing. */
const SCHEDULED_POLLING_INTERVAL_SECONDS = 5;
/** Messages fetched per poll: one at a time would send at most one a second. */
const EMAIL_BATCH_SIZE = 20;

export async function startWorkers(boss: JobQueue, context: WorkerContext): Promise<void> {
  const { db, log } = context;
  await boss.work<ReportCardBatchJobData>(
    reportCardBatchJob.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
    async ([job]: PgBoss.JobWithMetadata<ReportCardBatchJobData>[]) => {
      if (!job) return;
      const started = performance.now();
      try {
        const result = await runReportCardBatch(db, context.store, job.data.batchId);
        log.info({ job: job.name, batchId: job.data.batchId, ...result, ms: Math.round(performance.now() - started) }, "job done");
        return result;
      } catch (error) {
        const finalAttempt = job.retryCount >= job.retryLimit;
        await recordBatchFailure(db, job.data.batchId, error, finalAttempt);
        // The driver's reason, not the error: a failed query's error carries its parameters.
        log.error({ job: job.name, batchId: job.data.batchId, attempt: job.retryCount + 1, finalAttempt, reason: describeRootCause(error) }, "job failed");
        // Thrown on so pg-boss schedules the retry with its backoff.
        throw error;
      }
    },
  );

  await boss.work<ImportRunJobData>(
    importRunJob.name,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
    async ([job]: PgBoss.JobWithMetadata<ImportRunJobData>[]) => {
      if (!job) return;
      const started = performance.now();
      try {
        const result = await applyImportRun(db, job.data.runId);
        log.info({ job: job.name, runId: job.data.runId, ...result, ms: Math.round(performance.now() - started) }, "job done");
        return result;
      } catch (error) {
        const permanent = isPermanentImportFailure(error);
        const finalAttempt = permanent || job.retryCount >= job.retryLimit;
        const reason = await recordImportRunFailure(db, job.data.runId, error, finalAttempt);
        // The reason, not the error: a failed query's error carries its parameters, here pupils' details.
        log.error({ job: job.name, runId: job.data.runId, attempt: job.retryCount + 1, finalAttempt, reason }, "job failed");
        // Retrying cannot mend a refused permission or a missing current year: the run is failed already.
        if (permanent) return { status: "failed" };
        throw error;
      }
    },
  );

  await boss.work<EmailDeliveryJobData>(
    emailDeliveryJob.name,
    { batchSize: EMAIL_BATCH_SIZE, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
    async (jobs: PgBoss.Job<EmailDeliveryJobData>[]) => {
      const transport = context.mail;
      if (!transport) return;
      const counts: Record<DeliveryOutcome, number> = { sent: 0, retried: 0, failed: 0, skipped: 0 };
      for (const job of jobs) {
        try {
          counts[await deliverEmail(db, transport, job.data.outboxId)]++;
        } catch (error) {
          // The database, not the provider (whose failures are recorded on the row): the message is
          // left due, or claimed until its lock runs out, and the sweep sends it a new job.
          log.error({ job: job.name, outboxId: job.data.outboxId, reason: describeRootCause(error) }, "email delivery failed; the sweep will retry it");
        }
      }
      if (counts.sent + counts.retried + counts.failed > 0) log.info({ ...counts, transport: transport.name }, "email delivery");
      if (counts.failed > 0) log.error({ failed: counts.failed }, "emails given up after repeated failures; see last_error in email_outbox");
    },
  );

  await boss.work(emailSweepJob.name, { pollingIntervalSeconds: SCHEDULED_POLLING_INTERVAL_SECONDS }, async () => {
    if (!context.mail) return;
    const { due } = await sweepDueEmail(db);
    if (due > 0) log.info({ job: emailSweepJob.name, due }, "due email without a running job sent to delivery");
  });

  await boss.work(emailPurgeJob.name, { pollingIntervalSeconds: SCHEDULED_POLLING_INTERVAL_SECONDS }, async () => {
    const result = await purgeSentEmail(db);
    log.info({ job: emailPurgeJob.name, ...result }, "job done");
    return result;
  });

  await boss.work(credentialsPurgeJob.name, { pollingIntervalSeconds: SCHEDULED_POLLING_INTERVAL_SECONDS }, async () => {
    const result = await purgeExpiredCredentials(db);
    log.info({ job: credentialsPurgeJob.name, ...result }, "job done");
    return result;
  });

  const { storageRoot } = context;
  if (storageRoot) {
    await boss.work(documentSweepJob.name, { pollingIntervalSeconds: SCHEDULED_POLLING_INTERVAL_SECONDS }, async () => {
      const result = await sweepOrphanFiles(db, context.store, { modifiedAt: modifiedOnDisk(storageRoot) });
      log.info({ job: documentSweepJob.name, ...result }, "job done");
      return result;
    });
  }
}

/** The configured transport; bad mail settings leave mail in the outbox rather than stop the jobs. */
export function mailTransportOrNull(config: MailConfig, log: Pick<WorkerContext["log"], "info" | "error">): MailTransport | null {
  try {
    const transport = mailTransportFromEnv(config);
    if (!transport) log.info({}, "No mail transport (set SMTP_URL or RESEND_API_KEY): emails stay in the outbox, readable at /admin/outbox");
    return transport;
  } catch (error) {
    log.error({ err: error }, "Email delivery is off: the mail settings are not usable");
    return null;
  }
}
