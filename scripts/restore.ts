// npm run restore -- <backup folder> [--yes]: checks the whole backup (every checksum, row count and
// the database migrations), then replaces the database's rows in one transaction and makes the file
// store hold exactly the backup's files. Stop AMS first (and `npm run worker`, if used), with either database.
import { restoreBackup } from "../lib/backup/restore-backup";
import { EVERYTHING, getCache, invalidateCache } from "../lib/cache";
import type { Database } from "../lib/db/client";
import { getRedis } from "../lib/redis";
import { BackupError, countOf } from "../lib/backup/manifest";
import { getFileStore, storageDirectory } from "../lib/storage";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const args = process.argv.slice(2);
const yes = args.includes("--yes");
const folders = args.filter((arg) => arg !== "--yes");
if (folders.length !== 1 || folders[0]!.startsWith("-")) {
  console.error("\nUsage: npm run restore -- <backup folder> [--yes]\n");
  process.exit(2);
}

const config = loadConfig();
console.log("Stop AMS (and any `npm run worker`) before restoring: the restore replaces everything they read and write.");

try {
  const started = performance.now();
  const handle = await openConfiguredDatabase(config);
  console.log(`Restoring ${folders[0]} into ${handle.kind === "pglite" ? "the embedded database in" : "PostgreSQL at"} ${handle.location} and the files in ${storageDirectory(config)}.`);
  try {
    const summary = await restoreBackup({ handle, store: getFileStore(), dir: folders[0]!, replaceExisting: yes, onStep: (step) => console.log(`  ${step}`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Restored the backup made ${summary.manifest.createdAt} (AMS ${summary.manifest.amsVersion}): ${countOf(summary.rows, "row")}, ` +
        `${countOf(summary.files, "file")} written, ${countOf(summary.removedFiles, "file")} not in the backup removed, in ${seconds} s.`,
    );
    if (summary.interruptedBatches > 0) {
      console.log(`Report card print batches unfinished at backup time, now marked failed (print them again): ${summary.interruptedBatches}.`);
    }
    if (summary.interruptedImports > 0) {
      console.log(`Imports unfinished at backup time, now marked failed (check and apply their files again): ${summary.interruptedImports}.`);
    }
    await clearSharedCache(handle.db);
  } finally {
    await handle.close();
  }
} catch (error) {
  if (!(error instanceof BackupError)) fail(error);
  console.error(`\nRestore stopped: ${error.message}\n`);
  process.exit(1);
}

/** Values cached in Redis before the restore must not outlive it (ADR 20). */
async function clearSharedCache(db: Database): Promise<void> {
  const cache = getCache();
  const redis = getRedis();
  if (redis && redis.status !== "ready") {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await invalidateCache(db, [EVERYTHING]);
  if (cache.status().pendingInvalidations > 0) {
    console.log("Redis could not be reached to clear the shared cache: clear it (redis-cli FLUSHDB on AMS's Redis database) before starting AMS.");
  }
  cache.close();
  redis?.disconnect();
}
