// The application's database handle: opened once per server process, on first use.
import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { type Database, type DatabaseHandle, openDatabase } from "./client";
import { pgliteDirectory } from "./paths";

const globalForDb = globalThis as unknown as { amsDatabase?: Promise<DatabaseHandle> };

/** The server's handle; start-up (scripts/start.ts) has already migrated it. */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  globalForDb.amsDatabase ??= (() => {
    const config = env();
    return openDatabase({
      url: config.DATABASE_URL,
      pgliteDir: pgliteDirectory(config.dataDir),
      poolMax: config.DATABASE_POOL_MAX,
      slowQuery: {
        thresholdMs: config.SLOW_QUERY_MS,
        // The text only, cut short: parameters can hold names, emails or password hashes.
        log: (ms, text) => logger().warn({ ms, query: text.slice(0, 200) }, "slow database query"),
      },
    });
  })();
  // A failed open is not cached, so the next request tries again (the server may come back).
  globalForDb.amsDatabase.catch(() => {
    globalForDb.amsDatabase = undefined;
  });
  return globalForDb.amsDatabase;
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db;
}
