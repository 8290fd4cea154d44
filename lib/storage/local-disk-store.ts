// The default store: a folder on the school's own server, outside anything the web server serves.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertValidKey, type FileStore, type StoredFile } from "./file-store";

/** Where unfinished writes go; a crash leaves them here, never under a real key. */
const TEMP_DIR = ".tmp";

export class LocalDiskStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, source: Readable | Uint8Array): Promise<StoredFile> {
    const target = this.pathOf(key);
    const tempDir = path.join(this.root, TEMP_DIR);
    await fsp.mkdir(tempDir, { recursive: true });
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      const input = source instanceof Readable ? source : Readable.from([Buffer.from(source)]);
      // "wx": a temp name is never reused; fsync before the rename so a power cut can't leave an empty file under the key.
      const output = fs.createWriteStream(temp, { flags: "wx", mode: 0o600 });
      await pipeline(input, count, output);
      const handle = await fsp.open(temp, "r");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, target);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest("hex") };
  }

  async get(key: string): Promise<{ stream: Readable; size: number } | null> {
    const file = this.pathOf(key);
    try {
      const handle = await fsp.open(file, "r");
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    const start = prefix.replace(/\/+$/, "");
    if (start !== "") assertValidKey(start);
    const base = start === "" ? this.root : path.join(this.root, ...start.split("/"));
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(base, { withFileTypes: true, recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const relative = path.relative(this.root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
      if (relative.startsWith(`${TEMP_DIR}/`)) continue;
      yield relative;
    }
  }
}
