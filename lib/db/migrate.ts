// Applies the committed SQL migrations in drizzle/ to either database kind.
import path from "node:path";
import type { DatabaseHandle } from "./client";
import { describeError } from "./client";

export const migrationsFolder = path.join(process.cwd(), "drizzle");

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function migrateDatabase(handle: DatabaseHandle, folder = migrationsFolder): Promise<void> {
  try {
    if (handle.kind === "pglite") {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      // The union type hides the concrete driver; the handle's kind says which one it is.
      await migrate(handle.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: folder });
    } else {
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      await migrate(handle.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: folder });
    }
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new MigrationError(`Database migration failed: ${describeError(cause ?? error)}`);
  }
}
