// The background job queue: pg-boss on the application's own database (ADR 0015). On PostgreSQL it
// uses the app's pool; on embedded PGlite its one connection, which is why there the worker can
// only run inside the app process.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { DatabaseHandle, Queryable } from "@/lib/db/client";

/** pg-boss keeps its tables in their own schema, apart from the app's migrations. */
export const JOB_SCHEMA = "pgboss";

export type JobQueue = PgBoss;

export type JobDefinition = {
  name: string;
  /** How a failed job is retried: after retryDelay seconds, doubling each time when retryBackoff. */
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  /** A job still running after this long counts as failed and is retried (its worker died). */
  expireInSeconds: number;
};

/** Opens (and on first use creates or upgrades) the queue on an open database. */
export async function openJobQueue(handle: DatabaseHandle, options: { onError?: (error: Error) => void } = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => handle.executeSql(text, values) },
    schema: JOB_SCHEMA,
    // Cron schedules are not used; maintenance (expiring, archiving) runs in every process, guarded by pg-boss's own lock.
    schedule: false,
    supervise: true,
    // Finished jobs are only history: the app's own tables hold results and progress.
    archiveCompletedAfterSeconds: 24 * 60 * 60,
    deleteAfterDays: 7,
  });
  boss.on("error", (error) => options.onError?.(error));
  await boss.start();
  return boss;
}

/** Makes sure each job's queue exists with its retry policy (idempotent, run at start). */
export async function ensureQueues(boss: JobQueue, definitions: readonly JobDefinition[]): Promise<void> {
  for (const { name, ...policy } of definitions) {
    if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...policy });
    else await boss.createQueue(name, { name, ...policy });
  }
}

/**
 * pg-boss's SQL, run inside one of our transactions: a job is sent if and only if the transaction
 * that asked for it commits. Its $1, $2 placeholders become bound parameters of a Drizzle query.
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
