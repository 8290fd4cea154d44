// npm run worker: runs background jobs (email delivery, report-card printing, the scheduled sweeps)
// in their own process, for PostgreSQL deployments that set JOBS_WORKER=off on the app instances.
// Stops cleanly on SIGINT/SIGTERM, finishing the job in hand.
import { emailSweepJob, JOB_DEFINITIONS } from "../lib/jobs/definitions";
import { ensureQueues, openJobQueue } from "../lib/jobs/queue";
import { mailTransportOrNull, startWorkers } from "../lib/jobs/worker";
import { logger } from "../lib/logger";
import { getFileStore, storageDirectory } from "../lib/storage";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const config = loadConfig();
if (!config.DATABASE_URL) {
  fail(new Error("npm run worker needs DATABASE_URL: on the embedded database, jobs run inside `npm start`."));
}
try {
  const handle = await openConfiguredDatabase(config);
  const log = logger();
  const boss = await openJobQueue(handle, { schedule: true, onError: (error) => log.error({ err: error }, "job queue error") });
  await ensureQueues(boss, JOB_DEFINITIONS);
  const mail = mailTransportOrNull(config, log);
  await startWorkers(boss, { db: handle.db, store: getFileStore(), storageRoot: storageDirectory(config), mail, log });
  // Mail queued while no worker ran goes now, not at the next scheduled sweep.
  await boss.send(emailSweepJob.name, {});
  log.info({ queues: JOB_DEFINITIONS.map((d) => d.name), mail: mail?.name ?? null, database: handle.location }, "worker started");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "worker stopping after the jobs in hand");
      void boss
        .stop({ graceful: true, wait: true, timeout: 60_000 })
        .then(() => handle.close())
        .then(() => process.exit(0));
    });
  }
} catch (error) {
  fail(error);
}
