// npm run db:migrate: applies migrations and reference data without starting the app.
import { ensureReferenceData } from "../lib/db/reference-data";
import { migrateDatabase } from "../lib/db/migrate";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

try {
  const handle = await openConfiguredDatabase(loadConfig());
  const migrate = async () => {
    await migrateDatabase(handle);
    await ensureReferenceData(handle.db);
  };
  // Takes turns with instances starting at the same time (see prepareDatabase).
  await (handle.withExclusiveLock ? handle.withExclusiveLock("ams:prepare-database", migrate) : migrate());
  console.log(`Migrated ${handle.location}`);
  await handle.close();
} catch (error) {
  fail(error);
}
