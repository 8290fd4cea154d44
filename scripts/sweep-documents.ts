// Removes document files that have no record (a crashed upload, a deletion whose file removal failed),
// once, then exits. AMS also runs this sweep nightly as a job; the script is for running it by
// hand. Files younger than an hour are left (uploads in flight). With the embedded database the
// server must be stopped (one process per PGlite folder).
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
