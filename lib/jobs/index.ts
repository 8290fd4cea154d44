// The app process's job queue: opened on first use; with JOBS_WORKER=inline (the default) this
// process also runs the jobs, email delivery and the scheduled maintenance. Started by
// instrumentation.ts, used by actions that send jobs.
import "server-only";
import { getDatabaseHandle } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getFileStore, storageDirectory } from "@/lib/storage";
import { emailSweepJob, JOB_DEFINITIONS } from "./definitions";
import { ensureQueues, type JobQueue, openJobQueue } from "./queue";
import { mailTransportOrNull, startWorkers } from "./worker";

const globalForJobs = globalThis as unknown as { amsJobQueue?: Promise<JobQueue> };

export function getJobQueue(): Promise<JobQueue> {
  globalForJobs.amsJobQueue ??= (async () => {
    const handle = await getDatabaseHandle();
    const log = logger();
    const runsJobs = env().JOBS_WORKER === "inline";
    const boss = await openJobQueue(handle, { schedule: runsJobs, onError: (error) => log.error({ err: error }, "job queue error") });
    await ensureQueues(boss, JOB_DEFINITIONS);
    if (runsJobs) {
      const mail = mailTransportOrNull(env(), log);
      await startWorkers(boss, { db: handle.db, store: getFileStore(), storageRoot: storageDirectory(env()), mail, log });
      // Mail queued while no process ran jobs (or before pg-boss had its tables) goes now, not at the next scheduled sweep.
      await boss.send(emailSweepJob.name, {});
      log.info({ queues: JOB_DEFINITIONS.map((d) => d.name), mail: mail?.name ?? null }, "background jobs run in this process");
    }
    return boss;
  })();
  // A failed start is not kept: the next use tries again (the database may come back).
  globalForJobs.amsJobQueue.catch(() => {
    globalForJobs.amsJobQueue = undefined;
  });
  return globalForJobs.amsJobQueue;
}
