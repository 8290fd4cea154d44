import path from "node:path";

/** Where the embedded database lives inside the data folder. */
export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, "pglite");
}
