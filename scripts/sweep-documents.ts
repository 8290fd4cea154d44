// Removes document files that have no record (a crashed upload, a deletion whose file removal failed),
// once, then exits: for a nightly cron job. Files younger than an hour are left (uploads in flight).
// With the embedded database, run it only while the server is stopped (one process per PGlite folder).
import fsp from "node:fs/promises";
import path from "node:path";
import { sweepOrphanFiles } from "../lib/server/documents/sweep-orphan-files";
import { getFileStore, storageDirectory } from "../lib/storage";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const config = loadConfig();
const root = storageDirectory(config);

/** The local disk store keeps a key's file at root/<key>; its modification time is when it was written. */
async function modifiedAt(key: string): Promise<Date | null> {
  try {
    return (await fsp.stat(path.join(root, ...key.split("/")))).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

try {
  const handle = await openConfiguredDatabase(config);
  const result = await sweepOrphanFiles(handle.db, getFileStore(), { modifiedAt });
  await handle.close();
  console.log(`Documents in ${root}: ${result.scanned} files checked, ${result.removed} without a record removed, ${result.tooRecent} recent ones left for the next run.`);
} catch (error) {
  fail(error);
}
