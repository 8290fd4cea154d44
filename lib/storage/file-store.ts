// Files (report card batches now, pupils' documents later) live behind this small interface, so a
// school keeps them on its own disk by default and tests can point it at a scratch folder.
import type { Readable } from "node:stream";

export type StoredFile = { key: string; size: number; sha256: string };

export interface FileStore {
  /** Writes the whole file or nothing: readers never see half a file, and a failed write leaves no trace. */
  put(key: string, source: Readable | Uint8Array): Promise<StoredFile>;
  /** The file's bytes as a stream, or null when there is no such file. */
  get(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes the file; removing a file that isn't there is not an error (deletes are retried). */
  delete(key: string): Promise<void>;
  /** Every key under a prefix, for sweeps that look for orphaned files. */
  list(prefix: string): AsyncIterable<string>;
}

/**
 * Keys are made by AMS, never taken from a client, but are still checked: lowercase segments of
 * letters, digits, dot, dash and underscore, no leading dot, no "..", so a key can't leave the store.
 */
const segment = /^[a-z0-9_-][a-z0-9._-]{0,127}$/;

export function assertValidKey(key: string): void {
  const parts = key.split("/");
  if (key.length > 512 || parts.some((part) => !segment.test(part) || part.includes(".."))) {
    throw new RangeError(`Not a valid storage key: "${key}"`);
  }
}
