// Writes a backup folder: every row of every public table (and the migration journal) from one
// consistent snapshot, then every file in the store, then the manifest that checksums them all.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, type Transaction, selectRows } from "@/lib/db/client";
import type { FileStore } from "@/lib/storage/file-store";
import { type CatalogTable, appliedMigrations, columnList, listTables, tableIdentifier } from "./catalog";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type ManifestBody,
  type ManifestFile,
  type ManifestTable,
  NOT_INCLUDED,
  amsVersion,
  hashingStream,
  storedFilePath,
  syncFile,
  tableDataPath,
  writeManifest,
  MANIFEST_FILE,
} from "./manifest";

/** Rows fetched per round trip: memory stays flat whatever the table's size. */
const FETCH_ROWS = 5_000;

export type CreateBackupOptions = {
  handle: DatabaseHandle;
  store: FileStore;
  /** The folder to create; it must not exist. It is written as `<dir>.partial` and renamed when complete. */
  dir: string;
  onStep?: (message: string) => void;
};

export type BackupSummary = { dir: string; manifest: ManifestBody; rows: number; bytes: number };

export async function createBackup({ handle, store, dir: requested, onStep }: CreateBackupOptions): Promise<BackupSummary> {
  const dir = path.resolve(requested);
  const partial = `${dir}.partial`;
  if (fs.existsSync(dir)) throw new BackupError(`${dir} already exists: a backup never overwrites another. Choose a new folder.`);
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  try {
    // Not recursive: two backups started into the same folder collide here instead of mixing.
    await fsp.mkdir(partial, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    throw new BackupError(`${partial} exists: another backup is writing it, or one was interrupted. Remove it if none is running, then try again.`);
  }
  try {
    const createdAt = new Date().toISOString();
    await fsp.mkdir(path.join(partial, "db"), { mode: 0o700 });
    let bytes = 0;
    // One snapshot for every table, so the rows agree with each other while the app keeps writing.
    const { migrations, tables } = await handle.db.transaction(
      async (tx) => {
        await tx.execute(sql`set local timezone = 'UTC'`);
        const migrations = await appliedMigrations(tx);
        if (migrations.length === 0) throw new BackupError(`The database at ${handle.location} has never been migrated: there is nothing of AMS's to back up.`);
        const tables: ManifestTable[] = [];
        for (const table of await listTables(tx, { includeMigrations: true })) {
          onStep?.(`table ${table.name}`);
          const dumped = await dumpTable(tx, table, partial);
          bytes += dumped.size;
          tables.push({ name: table.name, rows: dumped.rows, sha256: dumped.sha256 });
        }
        return { migrations, tables };
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    // Files after the rows: an upload stores its file before its row, so every row in the snapshot has
    // its file by now. Only a file deleted during the backup can be missing; a new file without a row
    // is harmless (the nightly documents sweep removes it).
    onStep?.("stored files");
    const files = await copyStoredFiles(store, partial);
    bytes += files.reduce((sum, file) => sum + file.size, 0);
    const manifest: ManifestBody = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      amsVersion: amsVersion(),
      createdAt,
      database: handle.kind,
      notIncluded: NOT_INCLUDED,
      migrations,
      tables,
      files,
    };
    await writeManifest(partial, manifest);
    bytes += (await fsp.stat(path.join(partial, MANIFEST_FILE))).size;
    await fsp.rename(partial, dir);
    return { dir, manifest, rows: tables.reduce((sum, table) => sum + table.rows, 0), bytes };
  } catch (error) {
    await fsp.rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * One gzipped line of JSON per row, in primary key order. row_to_json runs in the database, so every
 * value is in PostgreSQL's own text form (numeric digits, microseconds) and goes back exactly.
 */
async function dumpTable(tx: Transaction, table: CatalogTable, dir: string): Promise<{ rows: number; sha256: string; size: number }> {
  const order = table.primaryKey.length > 0 ? columnList(table.primaryKey) : sql`1`;
  await tx.execute(sql`declare backup_rows no scroll cursor for
                       select row_to_json(t)::text as line from ${tableIdentifier(table.name)} t order by ${order}`);
  let rows = 0;
  async function* lines() {
    for (;;) {
      const batch = await selectRows<{ line: string }>(tx, sql`fetch forward ${sql.raw(String(FETCH_ROWS))} from backup_rows`);
      if (batch.length === 0) return;
      rows += batch.length;
      yield `${batch.map((row) => row.line).join("\n")}\n`;
    }
  }
  const file = path.join(dir, tableDataPath(table.name));
  const hashing = hashingStream();
  await pipeline(Readable.from(lines()), createGzip(), hashing, fs.createWriteStream(file, { flags: "wx", mode: 0o600 }));
  await tx.execute(sql`close backup_rows`);
  await syncFile(file);
  return { rows, ...hashing.digest() };
}

async function copyStoredFiles(store: FileStore, dir: string): Promise<ManifestFile[]> {
  const keys: string[] = [];
  for await (const key of store.list("")) keys.push(key);
  keys.sort();
  const files: ManifestFile[] = [];
  for (const key of keys) {
    const source = await store.get(key);
    if (!source) continue; // deleted since it was listed
    const target = path.join(dir, storedFilePath(key));
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const hashing = hashingStream();
    await pipeline(source.stream, hashing, fs.createWriteStream(target, { flags: "wx", mode: 0o600 }));
    await syncFile(target);
    const { sha256, size } = hashing.digest();
    files.push({ key, size, sha256 });
  }
  return files;
}
