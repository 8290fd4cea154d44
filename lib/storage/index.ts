// The server's file store, from the environment: STORAGE_DIR, or "files" inside the data folder.
import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import type { FileStore } from "./file-store";
import { LocalDiskStore } from "./local-disk-store";

const globalForStore = globalThis as unknown as { amsFileStore?: FileStore };

export function storageDirectory(config: { STORAGE_DIR?: string; dataDir: string }): string {
  return config.STORAGE_DIR ? path.resolve(config.STORAGE_DIR) : path.join(config.dataDir, "files");
}

export function getFileStore(): FileStore {
  globalForStore.amsFileStore ??= new LocalDiskStore(storageDirectory(env()));
  return globalForStore.amsFileStore;
}
