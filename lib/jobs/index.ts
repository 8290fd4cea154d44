// The app process's job queue: opened on first use; with JOBS_WORKER=inline (the default) this
// process also runs the jobs. Started by instrumentation.ts, used by actions that send jobs.
import "server-only";
import { getDatabaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getFileStore } from "@/lib/storage";
import { JOB_DEFINITIONS } from "./definitions";
import { ensureQueues, type JobQueue, openJobQueue } from "./queue";
import { startWorkers } from "./worker";

const globalForJobs = globalThis as unknown as { amsJobQueue?: Promise<JobQueue> };

export function getJobQueue(): Promise<JobQueue> {
  globalForJobs.amsJobQueue ??= (async () => {
    const handle = await getDatabaseHandle();
    const log = logger();
    const boss = await openJobQueue(handle, { onError: (error) => log.error({ err: error }, "job queue error") });
    await ensureQueues(boss, JOB_DEFINITIONS);
    if (env().JOBS_WORKER === "inline") {
      await startWorkers(boss, { db: handle.db, store: getFileStore(), log });
      log.info({ queues: JOB_DEFINITIONS.map((d) => d.name) }, "background jobs run in this process");
    }
    return boss;
  })();
  // A failed start is not kept: the next use tries again (the database may come back).
  globalForJobs.amsJobQueue.catch(() => {
    globalForJobs.amsJobQueue = undefined;
  });
  return globalForJobs.amsJobQueue;
}
