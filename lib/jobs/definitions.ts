// Every kind of background job, with its retry policy and, for maintenance, its schedule. Handlers
// are wired in lib/jobs/worker.ts.
import type { JobDefinition } from "./queue";

export const reportCardBatchJob = {
  name: "report-card-batch",
  retryLimit: 3,
  retryDelay: 10,
  retryBackoff: true,
  // A level of a few hundred cards takes seconds; a quarter of an hour means the worker died.
  expireInSeconds: 15 * 60,
} as const satisfies JobDefinition;
export type ReportCardBatchJobData = { batchId: string };

/**
 * Applies a CSV import's checked rows in chunks, progress on its import_runs row. A retry resumes
 * after the last committed chunk; a run's failure that retrying cannot mend (a refused permission,
 * no current year) is recorded at once instead.
 */
export const importRunJob = {
  name: "import-run",
  retryLimit: 3,
  retryDelay: 5,
  retryBackoff: true,
  // 10,000 rows take seconds; a quarter of an hour means the worker died.
  expireInSeconds: 15 * 60,
} as const satisfies JobDefinition;
export type ImportRunJobData = { runId: string };

/**
 * One outbox message to deliver. Sent in the transaction that writes the row, again with a start
 * time after each failed try, and by the sweep for due rows that have none. The outbox row counts
 * the tries and decides the backoff, so pg-boss does not retry: a job that fails leaves the row
 * due, and the sweep sends it again. "short": one waiting job per message (the singleton key is its
 * id), so the sweep never piles up duplicates behind a busy worker.
 */
export const emailDeliveryJob = {
  name: "email-delivery",
  policy: "short",
  retryLimit: 0,
  retryDelay: 0,
  retryBackoff: false,
  // A batch of messages, each send bounded by SEND_TIMEOUT_MS.
  expireInSeconds: 15 * 60,
} as const satisfies JobDefinition;
export type EmailDeliveryJobData = { outboxId: string };

/** The safety net for email: a delivery job for every due message that has none (every minute). */
export const emailSweepJob = {
  name: "email-sweep",
  policy: "singleton",
  retryLimit: 0,
  retryDelay: 0,
  retryBackoff: false,
  expireInSeconds: 5 * 60,
  cron: "* * * * *",
} as const satisfies JobDefinition;

/** Removes document files that have no record (a crashed upload, a deletion whose file removal failed). */
export const documentSweepJob = {
  name: "documents-orphan-sweep",
  policy: "singleton",
  retryLimit: 2,
  retryDelay: 10 * 60,
  retryBackoff: true,
  expireInSeconds: 60 * 60,
  cron: "45 2 * * *",
} as const satisfies JobDefinition;

/** Deletes delivered mail once it is old: its text holds sign-in links and pupils' names. */
export const emailPurgeJob = {
  name: "email-outbox-purge",
  policy: "singleton",
  retryLimit: 2,
  retryDelay: 10 * 60,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  cron: "30 2 * * *",
} as const satisfies JobDefinition;

/** Deletes sign-in material that can never be used again (links, sessions, API tokens, link codes and requests) once old. */
export const credentialsPurgeJob = {
  name: "credentials-purge",
  policy: "singleton",
  retryLimit: 2,
  retryDelay: 10 * 60,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
  // After the backup (02:15 in docs/deployment.md) and the other nightly maintenance.
  cron: "0 3 * * *",
} as const satisfies JobDefinition;

export const JOB_DEFINITIONS: readonly JobDefinition[] = [reportCardBatchJob, importRunJob, emailDeliveryJob, emailSweepJob, documentSweepJob, emailPurgeJob, credentialsPurgeJob];
