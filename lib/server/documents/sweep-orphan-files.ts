// Removes document files the database doesn't know: left behind by a crash mid-upload, or by a
// deletion whose file removal failed after the row was gone.
import "server-only";
import fsp from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { FileStore } from "@/lib/storage/file-store";

/** An upload writes its file before its row; younger files may be uploads still in flight. */
export const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;
const BATCH = 500;

export type SweepResult = { scanned: number; removed: number; tooRecent: number };

export type SweepOptions = {
  /**
   * When a stored file was last written, or null when it is gone. FileStore keeps no dates, so the
   * caller supplies them from the backend (modifiedOnDisk for the local disk store).
   */
  modifiedAt: (key: string) => Promise<Date | null>;
  now?: Date;
  minAgeMs?: number;
};

/**
 * Every file under documents/ with no documents row and older than an hour is removed. Run nightly
 * by its job, or by `npm run documents:sweep` (no user: a maintenance job, so no audit record; the
 * files had no record).
 */
export async function sweepOrphanFiles(db: Queryable, store: FileStore, options: SweepOptions): Promise<SweepResult> {
  const cutoff = (options.now ?? new Date()).getTime() - (options.minAgeMs ?? ORPHAN_MIN_AGE_MS);
  const result: SweepResult = { scanned: 0, removed: 0, tooRecent: 0 };
  let batch: string[] = [];

  const sweep = async (keys: string[]) => {
    // Keys are text, not uuids: compare them as text.
    const known = await selectRows<{ key: string }>(
      db,
      sql`select storage_key as key from documents where storage_key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`,
    );
    const recorded = new Set(known.map((row) => row.key));
    for (const key of keys) {
      if (recorded.has(key)) continue;
      const modified = await options.modifiedAt(key);
      if (!modified) continue;
      if (modified.getTime() > cutoff) {
        result.tooRecent++;
        continue;
      }
      await store.delete(key);
      result.removed++;
    }
  };

  for await (const key of store.list("documents")) {
    result.scanned++;
    batch.push(key);
    if (batch.length >= BATCH) {
      await sweep(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await sweep(batch);
  return result;
}

/** The local disk store keeps a key's file at root/<key>; its modification time is when it was written. */
export function modifiedOnDisk(root: string): (key: string) => Promise<Date | null> {
  return async (key) => {
    try {
      return (await fsp.stat(path.join(root, ...key.split("/")))).mtime;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };
}
