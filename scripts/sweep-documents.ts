// Removes document files that have no record (a crashed upload, a deletion whose file removal failed),
// once, then exits: for a nightly cron job. Files younger than an hour are left (uploads in flight).
// With the embedded database, run it only while the server is stopped (one process per PGlite folder).
import { modifiedOnDisk, sweepOrphanFiles } from "../lib/server/documents/sweep-orphan-files";
import { getFileStore, storageDirectory } from "../lib/storage";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const config = loadConfig();
const root = storageDirectory(config);


try {
  const handle = await openConfiguredDatabase(config);
  const result = await sweepOrphanFiles(handle.db, getFileStore(), { modifiedAt: modifiedOnDisk(root) });
  await handle.close();
  console.log(`Documents in ${root}: ${result.scanned} files checked, ${result.removed} without a record removed, ${result.tooRecent} recent ones left for the next run.`);
} catch (error) {
  fail(error);
}
