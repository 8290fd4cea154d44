// Proves a backup folder is whole and unchanged before a restore touches anything: the manifest's own
// checksum, then every data file's checksum and row count, then every stored file's size and checksum.
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { BackupError, type ManifestBody, countOf, hashingStream, readManifest, storedFilePath, tableDataPath } from "./manifest";

export async function verifyBackup(dir: string, onStep?: (message: string) => void): Promise<ManifestBody> {
  const manifest = await readManifest(dir);
  onStep?.(`checking the backup: ${countOf(manifest.tables.length, "data file")} and ${countOf(manifest.files.length, "stored file")}`);
  for (const table of manifest.tables) {
    const relative = tableDataPath(table.name);
    const hashing = hashingStream();
    let rows = 0;
    const countLines = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1;
        callback();
      },
    });
    try {
      await pipeline(fs.createReadStream(path.join(dir, relative)), hashing, createGunzip(), countLines);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BackupError(`The data file ${relative} is missing from the backup in ${dir}.`);
      // A damaged gzip stream: say so the same way as a checksum mismatch, naming the file.
      throw new BackupError(`The data file ${relative} in ${dir} is damaged (${(error as Error).message}).`);
    }
    if (hashing.digest().sha256 !== table.sha256) {
      throw new BackupError(`The data file ${relative} in ${dir} has been changed or damaged since the backup was made: its checksum does not match the manifest.`);
    }
    if (rows !== table.rows) {
      throw new BackupError(`The data file ${relative} in ${dir} holds ${rows} rows; the manifest says ${table.rows}.`);
    }
  }
  for (const file of manifest.files) {
    const hashing = hashingStream();
    try {
      await pipeline(fs.createReadStream(path.join(dir, storedFilePath(file.key))), hashing, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new BackupError(`The stored file ${file.key} is missing from the backup in ${dir}.`);
      throw error;
    }
    const { sha256, size } = hashing.digest();
    if (sha256 !== file.sha256 || size !== file.size) {
      throw new BackupError(`The stored file ${file.key} in the backup in ${dir} has been changed or damaged since the backup was made: its checksum does not match the manifest.`);
    }
  }
  return manifest;
}
