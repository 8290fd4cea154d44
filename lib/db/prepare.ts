// Brings a database up to date at start-up: migrations, reference data, and the demo school once.
import type { DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { ensureReferenceData } from "./reference-data";
import { isSeeded, seedDemoSchool } from "./seed";

export async function prepareDatabase(
  handle: DatabaseHandle,
  options: { seedDemo: boolean },
): Promise<{ seededNow: boolean; hasSchool: boolean }> {
  await migrateDatabase(handle);
  await ensureReferenceData(handle.db);
  if (await isSeeded(handle.db)) return { seededNow: false, hasSchool: true };
  if (!options.seedDemo) return { seededNow: false, hasSchool: false };
  await seedDemoSchool(handle.db);
  return { seededNow: true, hasSchool: true };
}
