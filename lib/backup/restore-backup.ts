// Puts a backup back: verifies all of it first, then replaces every public table's rows in one
// transaction (all or nothing), then makes the file store hold exactly the backup's files.
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import { type SQL, inArray, sql } from "drizzle-orm";
import { type DatabaseHandle, type Transaction, describeError, selectRows } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { importRuns, reportCardBatches } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import type { FileStore } from "@/lib/storage/file-store";
import {
  type CatalogTable,
  MIGRATIONS_TABLE,
  appliedMigrations,
  columnList,
  listTables,
  publicForeignKeys,
  publicSequences,
  tableIdentifier,
  tablesWithUserTriggers,
} from "./catalog";
import { BackupError, type ManifestBody, type ManifestTable, amsVersion, countOf, hashingStream, storedFilePath, tableDataPath } from "./manifest";
import { verifyBackup } from "./verify-backup";

/** Rows (or characters of JSON, for wide rows) sent per INSERT. */
const LOAD_ROWS = 5_000;
const LOAD_CHARS = 8 * 1024 * 1024;

/** Written at every start-up (ensureReferenceData): a server that started once but holds no school is still empty. */
const REFERENCE_TABLES = new Set(["public.roles", "public.permissions", "public.role_permissions"]);

export const INTERRUPTED_BATCH_ERROR =
  "Stopped by a restore from backup: this print job was queued or running when the backup was made and did not survive it. Print the cards again.";

export type RestoreBackupOptions = {
  handle: DatabaseHandle;
  store: FileStore;
  dir: string;
  /** Replace a database or file store that already holds data (the script's --yes). */
  replaceExisting: boolean;
  onStep?: (message: string) => void;
};

export const INTERRUPTED_IMPORT_ERROR =
  "Stopped by a restore from backup: this import was queued or running when the backup was made and did not survive it. Check the file again and apply it: rows already imported are left as they are.";

export type RestoreSummary = { manifest: ManifestBody; rows: number; files: number; removedFiles: number; interruptedBatches: number; interruptedImports: number };

export async function restoreBackup({ handle, store, dir: requested, replaceExisting, onStep }: RestoreBackupOptions): Promise<RestoreSummary> {
  const dir = path.resolve(requested);
  const { manifest, tables } = await checkBeforeRestore(handle, store, dir, replaceExisting, onStep).catch((error: unknown) => {
    throw error instanceof BackupError ? new BackupError(`${error.message} Nothing was changed.`) : error;
  });

  onStep?.(`replacing the rows of ${countOf(tables.length, "table")}`);
  const { rows, interruptedBatches, interruptedImports } = await replaceRows(handle, dir, manifest, tables, onStep).catch((error: unknown) => {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`The database refused the backup's rows (${describeCause(error)}); nothing was changed.`);
  });

  // The database is committed; the files follow. Each put is atomic, so a failure part-way leaves
  // whole files, some old and some new: running the restore again finishes the job.
  onStep?.(`writing ${countOf(manifest.files.length, "stored file")}`);
  try {
    const removedFiles = await replaceFiles(store, dir, manifest);
    return { manifest, rows, files: manifest.files.length, removedFiles, interruptedBatches, interruptedImports };
  } catch (error) {
    throw new BackupError(`The database was restored, but putting back the stored files failed (${describeCause(error)}). Run the restore again to finish.`);
  }
}

/** Everything that must hold before a row is touched: a whole backup, the same migrations, consent to replace data. */
async function checkBeforeRestore(handle: DatabaseHandle, store: FileStore, dir: string, replaceExisting: boolean, onStep?: (message: string) => void) {
  const manifest = await verifyBackup(dir, onStep);

  // A new, empty database is migrated first, so it can be compared (and restored into) like any other.
  onStep?.("migrating the database");
  await migrateDatabase(handle);
  assertSameMigrations(manifest, await appliedMigrations(handle.db), handle.location);

  const tables = await listTables(handle.db, { includeMigrations: false });
  const backedUp = new Set(manifest.tables.map((table) => table.name));
  const missing = tables.filter((table) => !backedUp.has(table.name)).map((table) => table.name);
  const extra = manifest.tables.filter((table) => table.name !== MIGRATIONS_TABLE && !tables.some((t) => t.name === table.name)).map((table) => table.name);
  if (missing.length > 0 || extra.length > 0) {
    throw new BackupError(
      `The backup's tables differ from the database's although their migrations agree (${[...missing.map((name) => `missing ${name}`), ...extra.map((name) => `unknown ${name}`)].join(", ")}): the database schema was changed by hand.`,
    );
  }

  if (!replaceExisting) {
    const existing = await describeExistingData(handle.db, tables, store);
    if (existing) {
      throw new BackupError(
        `The database at ${handle.location} and its file store are not empty (${existing}). A restore replaces all of it with the backup made ${manifest.createdAt}; run it again with --yes to do that.`,
      );
    }
  }
  return { manifest, tables };
}

/** One transaction: every public table emptied and refilled from the backup, or nothing changed. */
async function replaceRows(handle: DatabaseHandle, dir: string, manifest: ManifestBody, tables: CatalogTable[], onStep?: (message: string) => void) {
  const backedUp = new Map(manifest.tables.map((table) => [table.name, table]));
  return handle.db.transaction(async (tx) => {
    // Rows go in table by table; departments and educators point at each other, so foreign keys
    // can't all be satisfied in any one order. They are dropped here and recreated (and so checked
    // against every row) before commit. Table owners may do this; no superuser needed.
    const foreignKeys = await publicForeignKeys(tx);
    const triggered = await tablesWithUserTriggers(tx);
    for (const key of foreignKeys) await tx.execute(sql`alter table ${tableIdentifier(key.table)} drop constraint ${sql.identifier(key.name)}`);
    // Rows come back exactly as they were, whatever a trigger would add or refuse on insert.
    for (const table of triggered) await tx.execute(sql`alter table ${tableIdentifier(table)} disable trigger user`);
    await tx.execute(sql`truncate ${sql.join(tables.map((table) => tableIdentifier(table.name)), sql`, `)}`);
    let rows = 0;
    for (const table of tables) {
      rows += await loadTable(tx, dir, table, backedUp.get(table.name)!);
    }
    onStep?.("checking foreign keys");
    for (const key of foreignKeys) {
      await tx.execute(sql`alter table ${tableIdentifier(key.table)} add constraint ${sql.identifier(key.name)} ${sql.raw(key.definition)}`);
    }
    for (const table of triggered) await tx.execute(sql`alter table ${tableIdentifier(table)} enable trigger user`);
    for (const { table, column, sequence } of await publicSequences(tx)) {
      await tx.execute(sql`select setval(${sequence}::regclass, coalesce((select max(${sql.identifier(column)}) from ${tableIdentifier(table)}), 0) + 1, false)`);
    }
    // Their jobs lived in the pgboss schema, which a backup leaves out: nothing would ever run them.
    const interrupted = await tx
      .update(reportCardBatches)
      .set({ status: "failed", error: INTERRUPTED_BATCH_ERROR, finishedAt: sql`now()` })
      .where(inArray(reportCardBatches.status, ["queued", "running"]))
      .returning({ id: reportCardBatches.id });
    const interruptedImports = await tx
      .update(importRuns)
      .set({ status: "failed", error: INTERRUPTED_IMPORT_ERROR, rows: null, finishedAt: sql`now()` })
      .where(inArray(importRuns.status, ["queued", "running"]))
      .returning({ id: importRuns.id });
    await writeAudit(tx, null, {
      action: "backup.restored",
      entityType: "database",
      entityId: manifest.createdAt,
      after: { backup: path.basename(dir), createdAt: manifest.createdAt, amsVersion: manifest.amsVersion, madeOn: manifest.database, restoredBy: amsVersion(), rows, files: manifest.files.length, interruptedBatches: interrupted.length, interruptedImports: interruptedImports.length },
      reason: "Restored from a backup with npm run restore",
    });
    return { rows, interruptedBatches: interrupted.length, interruptedImports: interruptedImports.length };
  });
}

/** Makes the store hold exactly the backup's files; returns how many others were removed. */
async function replaceFiles(store: FileStore, dir: string, manifest: ManifestBody): Promise<number> {
  for (const file of manifest.files) {
    const stored = await store.put(file.key, fs.createReadStream(path.join(dir, storedFilePath(file.key))));
    if (stored.sha256 !== file.sha256) throw new Error(`${file.key} changed in the backup folder while it was being restored`);
  }
  const wanted = new Set(manifest.files.map((file) => file.key));
  let removed = 0;
  for await (const key of store.list("")) {
    if (wanted.has(key)) continue;
    await store.delete(key);
    removed += 1;
  }
  return removed;
}

/** Drizzle wraps a database error in one quoting the whole query; the operator needs PostgreSQL's words. */
const describeCause = (error: unknown) => describeError((error as { cause?: unknown }).cause ?? error);

function assertSameMigrations(manifest: ManifestBody, applied: string[], location: string): void {
  const backup = manifest.migrations;
  if (backup.length === applied.length && backup.every((hash, index) => hash === applied[index])) return;
  const isPrefix = (shorter: string[], longer: string[]) => shorter.every((hash, index) => hash === longer[index]);
  const made = `AMS ${manifest.amsVersion}, ${backup.length} migrations`;
  const here = `the database at ${location} has ${applied.length}, with AMS ${amsVersion()}`;
  if (backup.length < applied.length && isPrefix(backup, applied)) {
    throw new BackupError(
      `This backup is from an older database schema (${made}); ${here}. Restore it with AMS ${manifest.amsVersion} into an empty database, then start this release to upgrade it.`,
    );
  }
  if (backup.length > applied.length && isPrefix(applied, backup)) {
    throw new BackupError(`This backup is from a newer database schema (${made}); ${here}. Upgrade AMS to ${manifest.amsVersion} or later, then restore.`);
  }
  throw new BackupError(`This backup's database migrations (${made}) differ from the database's: ${here}. Restore it with AMS ${manifest.amsVersion} into an empty database.`);
}

/** What a restore would replace, in words, or null when the database and store hold nothing of a school's. */
async function describeExistingData(db: DatabaseHandle["db"], tables: CatalogTable[], store: FileStore): Promise<string | null> {
  const counted = tables.filter((table) => !REFERENCE_TABLES.has(table.name));
  const counts: SQL[] = counted.map((table) => sql`select ${table.name} as name, count(*)::int as rows from ${tableIdentifier(table.name)}`);
  const rows = counts.length === 0 ? [] : await selectRows<{ name: string; rows: number }>(db, sql.join(counts, sql` union all `));
  const filled = rows.filter((row) => row.rows > 0).sort((a, b) => b.rows - a.rows);
  let files = 0;
  for await (const _key of store.list("")) files += 1;
  if (filled.length === 0 && files === 0) return null;
  const shown = filled.slice(0, 4).map((row) => `${row.name.replace(/^public\./, "")}: ${countOf(row.rows, "row")}`);
  if (filled.length > 4) shown.push(countOf(filled.length - 4, "more table"));
  if (files > 0) shown.push(countOf(files, "stored file"));
  return shown.join(", ");
}

/** Streams one data file into its table, checking on the way that it is still the file that was verified. */
async function loadTable(tx: Transaction, dir: string, table: CatalogTable, expected: ManifestTable): Promise<number> {
  const relative = tableDataPath(table.name);
  const target = tableIdentifier(table.name);
  const columns = columnList(table.columns);
  const hashing = hashingStream();
  let rows = 0;
  let batch: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.execute(
      sql`insert into ${target} (${columns}) overriding system value
          select ${columns} from json_populate_recordset(null::${target}, ${`[${batch.join(",")}]`}::json)`,
    );
    rows += batch.length;
    batch = [];
    chars = 0;
  };
  await pipeline(fs.createReadStream(path.join(dir, relative)), hashing, createGunzip(), async (source: AsyncIterable<Buffer>) => {
    const decoder = new StringDecoder("utf8");
    let rest = "";
    for await (const chunk of source) {
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        batch.push(line);
        chars += line.length;
        if (batch.length >= LOAD_ROWS || chars >= LOAD_CHARS) await flush();
      }
    }
    if (rest + decoder.end() !== "") throw new BackupError(`The data file ${relative} in ${dir} ends in the middle of a row.`);
    await flush();
  });
  if (hashing.digest().sha256 !== expected.sha256 || rows !== expected.rows) {
    throw new BackupError(`The data file ${relative} in ${dir} changed while it was being restored; nothing was changed. Run the restore again.`);
  }
  return rows;
}
