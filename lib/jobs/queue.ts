// The background job queue: pg-boss on the application's own database (ADR 0015). On PostgreSQL it
// uses the app's pool; on embedded PGlite its one connection, which is why there the worker can
// only run inside the app process. Maintenance jobs run on pg-boss's cron schedules.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { DatabaseHandle, Queryable } from "@/lib/db/client";

/** pg-boss keeps its tables in their own schema, apart from the app's migrations. */
export const JOB_SCHEMA = "pgboss";

export type JobQueue = PgBoss;

export type JobDefinition = {
  name: string;
  /**
   * "singleton": one job of the queue runs at a time, whichever process fetched it; "short": at most
   * one waiting job per singleton key. Default "standard": no limit.
   */
  policy?: PgBoss.QueuePolicy;
  /** How a failed job is retried: after retryDelay seconds, doubling each time when retryBackoff. */
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  /** A job still running after this long counts as failed and is retried (its worker died). */
  expireInSeconds: number;
  /** When the job is sent by pg-boss's scheduler (cron, in the server's time zone); none: only on demand. */
  cron?: string;
};

export type JobQueueOptions = {
  onError?: (error: Error) => void;
  /**
   * Runs pg-boss's scheduler here: the processes that run jobs do, so schedules fire wherever work
   * happens. Every such process checks the schedules, but pg-boss sends each due one once (a
   * database-wide cron timestamp and a one-minute singleton), so two instances don't sweep twice.
   */
  schedule?: boolean;
};

/** Opens (and on first use creates or upgrades) the queue on an open database. */
export async function openJobQueue(handle: DatabaseHandle, options: JobQueueOptions = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => handle.executeSql(text, values) },
    schema: JOB_SCHEMA,
    // The scheduler is plain SQL through this executor (no LISTEN/NOTIFY), so it works on PGlite too.
    schedule: options.schedule ?? false,
    // Maintenance (expiring, archiving) runs in every process, guarded by pg-boss's own lock.
    supervise: true,
    // Finished jobs are only history: the app's own tables hold results and progress.
    archiveCompletedAfterSeconds: 24 * 60 * 60,
    deleteAfterDays: 7,
  });
  boss.on("error", (error) => options.onError?.(error));
  await boss.start();
  return boss;
}

/**
 * Makes sure each job's queue exists with its retry policy, and its schedule is the one defined
 * (idempotent, run at start). A schedule is in the time zone of the process that last wrote it.
 */
export async function ensureQueues(boss: JobQueue, definitions: readonly JobDefinition[]): Promise<void> {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const { name, cron, ...policy } of definitions) {
    if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...policy });
    else await boss.createQueue(name, { name, ...policy });
    if (cron) await boss.schedule(name, cron, {}, { tz });
  }
  // A job that lost its schedule in this release must stop being sent.
  const scheduled = new Set(definitions.filter((d) => d.cron).map((d) => d.name));
  for (const { name } of await boss.getSchedules()) if (!scheduled.has(name)) await boss.unschedule(name);
}

/**
 * pg-boss's SQL, run inside one of our transactions: a job is sent if and only if the transaction
 * that asked for it commits. Its $1, $2 placeholders become bound parameters of a Drizzle query.
 * Also takes the database itself, for a statement of its own.
 */
export function transactionExecutor(tx: Queryable): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      parts.forEach((part, index) => {
        if (index % 2 === 0) chunks.push(sql.raw(part));
        else chunks.push(sql`${sql.param(values[Number(part) - 1])}`);
      });
      const result = (await tx.execute(sql.join(chunks, sql.raw("")))) as unknown as { rows: unknown[] };
      return { rows: result.rows };
    },
  };
}

/**
 * pg-boss used only to write jobs through an executor we pass in: it is never started, so it opens
 * nothing and runs nothing. It lets a use case send a job from its transaction without the queue
 * being open in that process (a console script, a request before the queue has started).
 */
let jobWriter: PgBoss | undefined;
function writer(): PgBoss {
  jobWriter ??= new PgBoss({
    db: { executeSql: () => Promise.reject(new Error("The job writer only runs SQL through the executor it is given.")) },
    schema: JOB_SCHEMA,
    schedule: false,
    supervise: false,
    migrate: false,
  });
  return jobWriter;
}

/**
 * pg-boss creates its tables when a queue first opens. Until then (a fresh database, a console script
 * run before the first start, a test database) nothing can be sent; a job that must run anyway is
 * covered by a sweep.
 */
async function jobTablesExist(db: Queryable): Promise<boolean> {
  const result = (await db.execute(sql`select to_regclass(${`${JOB_SCHEMA}.job`}::text) is not null as "exists"`)) as unknown as { rows: Array<{ exists: boolean }> };
  return result.rows[0]?.exists === true;
}

/**
 * Sends a job in `db`'s transaction. Returns its id, or null when none was sent: the queue doesn't
 * exist yet, or the queue's policy already holds a waiting job with the same singleton key.
 */
export async function sendJob(db: Queryable, name: string, data: object, options: Omit<PgBoss.SendOptions, "db"> = {}): Promise<string | null> {
  if (!(await jobTablesExist(db))) return null;
  return writer().send(name, data, { ...options, db: transactionExecutor(db) });
}

/** Sends many jobs in one statement; jobs a queue's policy refuses (duplicates) are skipped. */
export async function sendJobs(db: Queryable, jobs: PgBoss.JobInsert[]): Promise<void> {
  if (jobs.length === 0 || !(await jobTablesExist(db))) return;
  await writer().insert(jobs, { db: transactionExecutor(db) });
}
