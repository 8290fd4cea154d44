// Every kind of background job, with its retry policy. Handlers are wired in lib/jobs/worker.ts.
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

export const JOB_DEFINITIONS: readonly JobDefinition[] = [reportCardBatchJob];
