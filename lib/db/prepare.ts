// Brings a database up to date at start-up: migrations, reference data, and the demo school once.
import type { DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { ensureReferenceData } from "./reference-data";
import { isSeeded, seedDemoSchool } from "./seed";

type Prepared = { seededNow: boolean; hasSchool: boolean };

/**
 * On PostgreSQL, instances started together after an upgrade take turns: the first migrates (and
 * seeds), the others wait for it and then find nothing left to do.
 */
export async function prepareDatabase(handle: DatabaseHandle, options: { seedDemo: boolean }): Promise<Prepared> {
  const prepare = () => migrateAndSeed(handle, options);
  return handle.withExclusiveLock ? handle.withExclusiveLock("ams:prepare-database", prepare) : prepare();
}

async function migrateAndSeed(handle: DatabaseHandle, options: { seedDemo: boolean }): Promise<Prepared> {
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  if (await isSeeded(handle.db)) return { seededNow: false, hasSchool: true };
  if (!options.seedDemo) return { seededNow: false, hasSchool: false };
  await seedDemoSchool(handle.db);
  return { seededNow: true, hasSchool: true };
}
