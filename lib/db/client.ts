// Opens the database: pooled PostgreSQL when a URL is given, otherwise embedded PGlite in a folder.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type ExtractTablesWithRelations, type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";
import { takePidLock } from "../os-process";

export type Schema = typeof schema;
/** The one database type the data layer is written against, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A handle that can run queries: the database itself or an open transaction. */
export type Queryable = Database | Transaction;

export type DatabaseKind = "postgres" | "pglite";

export type DatabaseHandle = {
  db: Database;
  kind: DatabaseKind;
  /** Where it lives, without credentials: "postgres://host:5432/name" or the PGlite folder. */
  location: string;
  /**
   * Runs raw SQL on the same connection pool (or the one PGlite instance), for libraries that bring
   * their own SQL, like the job queue. Without parameters the text may hold several statements.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /** The PostgreSQL pool's connections right now, for metrics; PGlite has one connection and no pool. */
  poolStats?(): PoolStats;
  /**
   * Runs fn while holding a PostgreSQL advisory lock named `name`, so instances starting together
   * take turns (migrations, seeding). PGlite has one process per folder and needs no lock.
   */
  withExclusiveLock?<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type PoolStats = { total: number; idle: number; waiting: number };

/** Reports queries slower than the threshold (the caller decides how: the app logs, scripts need not). */
export type SlowQueryOptions = { thresholdMs: number; log(ms: number, text: string): void };

export type DatabaseOptions = {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder; "memory://" (or undefined) for an in-memory database. */
  pgliteDir?: string;
  /** Start PGlite from a dump (tests copy one migrated, seeded database per file this way). */
  pgliteLoadDataDir?: Blob;
  poolMax?: number;
  /** Drizzle's query logger: called with each query's text and parameters before it runs. */
  logger?: { logQuery(query: string, params: unknown[]): void };
  /** Times every query; absent or a threshold of 0 adds nothing. */
  slowQuery?: SlowQueryOptions;
};

export class DatabaseConnectionError extends Error {
  override name = "DatabaseConnectionError";
}

export function describePostgresUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options);
  return openPglite(options.pgliteDir, options);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const location = describePostgresUrl(url);
  const pool = new Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // Timed on each client rather than on pool.query: Drizzle runs transactions on a checked-out
  // client, and pool.query itself goes through a client, so every query is timed exactly once.
  const slowQuery = options.slowQuery;
  if (slowQuery && slowQuery.thresholdMs > 0) pool.on("connect", (client) => timePgClient(client, slowQuery));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseConnectionError(`Cannot connect to PostgreSQL at ${location}: ${describeError(error)}`);
  }
  const db = drizzle({ client: pool, schema, logger: options.logger }) as unknown as Database;
  return {
    db,
    kind: "postgres",
    location,
    executeSql: (text, values) => pool.query(text, values),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async withExclusiveLock(name, fn) {
      // A session lock on a client of its own, held while fn runs on the pool's other clients.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [name]);
        try {
          return await fn();
        } finally {
          await client.query("select pg_advisory_unlock(hashtextextended($1, 0))", [name]);
        }
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dir: string | undefined, options: DatabaseOptions): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = dir === undefined || dir.startsWith("memory://");
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  const release = inMemory ? () => {} : lockFolder(path.resolve(dir));
  let client: PGlite;
  try {
    client = inMemory ? new PGlite({ loadDataDir: options.pgliteLoadDataDir }) : new PGlite(path.resolve(dir));
    await client.waitReady;
  } catch (error) {
    release();
    throw new DatabaseConnectionError(
      `Cannot open the embedded database in ${dir}: ${describeError(error)}. ` +
        "Only one process may use a PGlite folder at a time; stop any other AMS process using it.",
    );
  }
  if (options.slowQuery && options.slowQuery.thresholdMs > 0) timePglite(client, options.slowQuery);
  const db = drizzle({ client, schema, logger: options.logger }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    location: inMemory ? "memory://" : path.resolve(dir),
    async executeSql(text, values) {
      if (values && values.length > 0) return client.query(text, values);
      // exec runs several statements (a migration script); its last result is the answer.
      const results = await client.exec(text);
      return results.at(-1) ?? { rows: [] };
    },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Handles this process holds open per PGlite folder: its lock file goes when the last one closes. */
const heldFolders = new Map<string, number>();

/**
 * PGlite does not guard its folder, and two processes writing one folder corrupt it (a backup or
 * restore run beside the server, a second `npm start`). So a handle takes `<folder>.lock`, holding
 * the process id; a lock left by a process that has died is taken over. Returns the release.
 */
function lockFolder(folder: string): () => void {
  const lock = `${folder}.lock`;
  const held = heldFolders.get(folder) ?? 0;
  const holder = held === 0 ? takePidLock(lock) : null;
  if (holder !== null) {
    throw new DatabaseConnectionError(
      `The embedded database in ${folder} is in use by process ${holder} (AMS, a worker or a maintenance script). ` +
        "Only one process may use it at a time: stop that one first.",
    );
  }
  heldFolders.set(folder, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (heldFolders.get(folder) ?? 1) - 1;
    if (left > 0) return void heldFolders.set(folder, left);
    heldFolders.delete(folder);
    fs.rmSync(lock, { force: true });
  };
}

/** Awaits a query and reports it when it took longer than the threshold, failed or not. */
async function timed<T>(slowQuery: SlowQueryOptions, text: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    const ms = performance.now() - started;
    if (ms >= slowQuery.thresholdMs) slowQuery.log(Math.round(ms), text);
  }
}

type PgClientLike = { query: (...args: unknown[]) => unknown };

/** The SQL text of any of pg's query forms: a string, or a config object carrying `text`. */
function queryText(first: unknown): string {
  if (typeof first === "string") return first;
  const text = (first as { text?: unknown } | null)?.text;
  return typeof text === "string" ? text : "";
}

/**
 * Wraps one pg client's query. pg-pool calls it with a callback, Drizzle without one (a promise); a
 * cursor or stream (a "submittable", with its own life) is passed through untimed.
 */
export function timePgClient(client: PgClientLike, slowQuery: SlowQueryOptions): void {
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const first = args[0];
    if (first && typeof (first as { submit?: unknown }).submit === "function") return query(...args);
    const text = queryText(first);
    const callbackAt = args.findIndex((arg) => typeof arg === "function");
    const started = performance.now();
    const report = () => {
      const ms = performance.now() - started;
      if (ms >= slowQuery.thresholdMs) slowQuery.log(Math.round(ms), text);
    };
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (...results: unknown[]) => unknown;
      const timedArgs = [...args];
      timedArgs[callbackAt] = (...results: unknown[]) => {
        report();
        return callback(...results);
      };
      return query(...timedArgs);
    }
    const result = query(...args);
    if (result && typeof (result as Promise<unknown>).finally === "function") return (result as Promise<unknown>).finally(report);
    return result;
  };
}

type PgliteQueryable = Pick<PGlite, "query" | "exec">;

/** Wraps PGlite's query and exec, on the instance and inside each of its transactions. */
function timePglite(client: PGlite, slowQuery: SlowQueryOptions): void {
  const wrap = (target: PgliteQueryable) => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = ((text: string, ...rest: unknown[]) =>
      timed(slowQuery, text, () => (query as (...args: unknown[]) => Promise<unknown>)(text, ...rest))) as PGlite["query"];
    target.exec = ((text: string, ...rest: unknown[]) =>
      timed(slowQuery, text, () => (exec as (...args: unknown[]) => Promise<unknown>)(text, ...rest))) as PGlite["exec"];
  };
  wrap(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: PgliteQueryable) => Promise<unknown>) =>
    transaction((tx) => {
      wrap(tx);
      return callback(tx);
    })) as PGlite["transaction"];
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || error.name;
    return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

/**
 * The innermost error's description, for logs: Drizzle's wrapper around a failed query carries the
 * query's parameters (names, emails, scores), the driver's own error below it does not.
 */
export function describeRootCause(error: unknown): string {
  return describeError(rootCause(error));
}

/** The error at the end of a chain of `cause`s. */
export function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause && typeof cause === "object" && (cause as { cause?: unknown }).cause) cause = (cause as { cause?: unknown }).cause;
  return cause;
}

/** Runs raw SQL and returns its rows; both drivers put them in `rows`. */
export async function selectRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A timestamp column as ISO 8601 in UTC ("2026-11-25T09:30:00.000Z"), which every runtime parses the same way. */
export const isoTime = (column: SQL): SQL<string> => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Rows as one jsonb parameter, expanded by jsonb_to_recordset: one round trip for any number. */
export const jsonRows = (rows: readonly unknown[]): SQL => sql`${JSON.stringify(rows)}::jsonb`;

/** A list of ids as a subquery for `x in ${uuidsIn(ids)}`: one parameter however long the list. */
export const uuidsIn = (ids: readonly string[]): SQL => sql`(select (jsonb_array_elements_text(${jsonRows(ids)}))::uuid)`;

