// npm run backup [-- --out <dir>]: writes one backup folder (every table, every stored file and a
// checksummed manifest), then exits: for a nightly cron job. Default folder: DATA_DIR/backups/ams-<UTC time>.
// On PostgreSQL it runs while AMS serves (one consistent snapshot). With the embedded database AMS must
// be stopped first: PGlite allows one process per folder and does not notice a second one.
import path from "node:path";
import { createBackup } from "../lib/backup/create-backup";
import { BackupError, countOf } from "../lib/backup/manifest";
import { formatFileSize } from "../lib/domain/report-card";
import { getFileStore, storageDirectory } from "../lib/storage";
import { fail, loadConfig, openConfiguredDatabase } from "./_bootstrap";

const usage = "Usage: npm run backup [-- --out <folder>]";
const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args[outAt + 1] : undefined;
if (args.some((arg, index) => arg !== "--out" && index !== outAt + 1) || (outAt >= 0 && !out)) {
  console.error(`\n${usage}\n`);
  process.exit(2);
}

const config = loadConfig();
const storeRoot = storageDirectory(config);
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
const dir = path.resolve(out ?? path.join(config.dataDir, "backups", `ams-${stamp}`));
if (`${dir}${path.sep}`.startsWith(`${storeRoot}${path.sep}`)) {
  console.error(`\nBackup refused: ${dir} is inside the file store (${storeRoot}); choose a folder outside it.\n`);
  process.exit(1);
}
if (!config.DATABASE_URL) console.log("Embedded database: AMS must be stopped while this runs (one process per data folder).");

try {
  const started = performance.now();
  const handle = await openConfiguredDatabase(config);
  console.log(`Backing up ${handle.kind === "pglite" ? "the embedded database in" : "PostgreSQL at"} ${handle.location} and the files in ${storeRoot} into ${dir}.partial ...`);
  try {
    const summary = await createBackup({ handle, store: getFileStore(), dir });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Backup complete: ${summary.dir} (${countOf(summary.manifest.tables.length, "table")}, ${countOf(summary.rows, "row")}, ` +
        `${countOf(summary.manifest.files.length, "file")}, ${formatFileSize(summary.bytes)}) in ${seconds} s.`,
    );
  } finally {
    await handle.close();
  }
} catch (error) {
  if (!(error instanceof BackupError)) fail(error);
  console.error(`\nBackup refused: ${error.message}\n`);
  process.exit(1);
}
