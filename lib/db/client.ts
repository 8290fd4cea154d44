// Opens the database: pooled PostgreSQL when a URL is given, otherwise embedded PGlite in a folder.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type ExtractTablesWithRelations, type SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import * as schema from "./schema";

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
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data folder; "memory://" (or undefined) for an in-memory database. */
  pgliteDir?: string;
  /** Start PGlite from a dump (tests copy one migrated, seeded database per file this way). */
  pgliteLoadDataDir?: Blob;
  poolMax?: number;
  /** Called with each query's text and duration, for slow-query logging. */
  logger?: { logQuery(query: string, params: unknown[]): void };
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
    close: () => pool.end(),
  };
}

async function openPglite(dir: string | undefined, options: DatabaseOptions): Promise<DatabaseHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const inMemory = dir === undefined || dir.startsWith("memory://");
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  let client: PGlite;
  try {
    client = inMemory ? new PGlite({ loadDataDir: options.pgliteLoadDataDir }) : new PGlite(path.resolve(dir));
    await client.waitReady;
  } catch (error) {
    throw new DatabaseConnectionError(
      `Cannot open the embedded database in ${dir}: ${describeError(error)}. ` +
        "Only one process may use a PGlite folder at a time; stop any other AMS process using it.",
    );
  }
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
    close: () => client.close(),
  };
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

