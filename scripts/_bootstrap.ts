// Shared by the command-line scripts: read the configuration and open the database, or explain why not.
import { ConfigError, type Env, parseEnv } from "../lib/env";
import { DatabaseConnectionError, type DatabaseHandle, openDatabase } from "../lib/db/client";
import { MigrationError } from "../lib/db/migrate";
import { pgliteDirectory } from "../lib/db/paths";

export function loadConfig(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    fail(error);
  }
}

export async function openConfiguredDatabase(config: Env): Promise<DatabaseHandle> {
  return openDatabase({
    url: config.DATABASE_URL,
    pgliteDir: pgliteDirectory(config.dataDir),
    poolMax: config.DATABASE_POOL_MAX,
  });
}

/** Prints one clear line for the errors we expect (configuration, connection, migration) and exits 1. */
export function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DatabaseConnectionError || error instanceof MigrationError) {
    console.error(`\nAMS cannot start. ${error.message}\n`);
  } else {
    console.error("\nAMS cannot start because of an unexpected error:\n", error);
  }
  process.exit(1);
}
