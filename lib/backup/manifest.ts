// A backup's table of contents (manifest.json): what it holds and each part's checksum, itself
// checksummed, so a restore can prove the whole backup is the one that was written before using it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { z } from "zod";
import { assertValidKey } from "@/lib/storage/file-store";

/** Raised when a backup cannot be made or used; its message is one line an operator can act on. */
export class BackupError extends Error {
  override name = "BackupError";
}

export const BACKUP_FORMAT = "ams-backup";
/** Bumped when the layout changes; a restore refuses formats it does not know. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";

/** What a backup deliberately leaves out, written into every manifest so nobody has to guess. */
export const NOT_INCLUDED =
  "The pgboss schema (the job queue: transient, rebuilt at start; report card batches queued or running at backup time are marked failed by a restore), the configuration file and its secrets, and Redis (rate limits only).";

const tableName = z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, "must be schema.table");
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex");
const storageKey = z.string().refine((key) => {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}, "must be a valid storage key");

const manifestBodySchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  amsVersion: z.string(),
  createdAt: z.iso.datetime(),
  database: z.enum(["postgres", "pglite"]),
  notIncluded: z.string(),
  /** drizzle.__drizzle_migrations hashes in the order they were applied. */
  migrations: z.array(sha256Hex),
  tables: z.array(z.object({ name: tableName, rows: z.number().int().min(0), sha256: sha256Hex })),
  files: z.array(z.object({ key: storageKey, size: z.number().int().min(0), sha256: sha256Hex })),
});

export type ManifestBody = z.infer<typeof manifestBodySchema>;
export type ManifestTable = ManifestBody["tables"][number];
export type ManifestFile = ManifestBody["files"][number];

/** Where a table's rows are kept inside the backup folder. */
export const tableDataPath = (table: string) => path.join("db", `${table}.ndjson.gz`);
/** Where a stored file's copy is kept inside the backup folder (keys are checked: they cannot leave it). */
export const storedFilePath = (key: string) => path.join("files", ...key.split("/"));

const bodyChecksum = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex");

/** The running release's version, recorded so a refusal can say which release made a backup. */
export function amsVersion(): string {
  const packageJson = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string };
  return packageJson.version ?? "unknown";
}

export async function writeManifest(dir: string, body: ManifestBody): Promise<void> {
  const file = path.join(dir, MANIFEST_FILE);
  await fsp.writeFile(file, `${JSON.stringify({ sha256: bodyChecksum(body), body }, null, 2)}\n`, { mode: 0o600 });
  await syncFile(file);
}

/** On disk before the backup folder is renamed complete, so a power cut cannot leave a "complete" backup of empty files. */
export async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads and checks the manifest: present, a format this release knows, unchanged since written, well formed. */
export async function readManifest(dir: string): Promise<ManifestBody> {
  const stat = await fsp.stat(dir).catch(() => null);
  if (!stat?.isDirectory()) throw new BackupError(`There is no backup folder at ${dir}.`);
  let text: string;
  try {
    text = await fsp.readFile(path.join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new BackupError(`${dir} has no ${MANIFEST_FILE}: it is not a complete AMS backup.`);
  }
  let parsed: { sha256?: unknown; body?: { format?: unknown; formatVersion?: unknown } };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new BackupError(`${MANIFEST_FILE} in ${dir} is damaged: it is not valid JSON.`);
  }
  const body = parsed?.body;
  if (body?.format !== BACKUP_FORMAT) throw new BackupError(`${MANIFEST_FILE} in ${dir} is not an AMS backup manifest.`);
  if (body.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `${dir} is in backup format ${String(body.formatVersion)}; this release of AMS reads format ${BACKUP_FORMAT_VERSION}. Restore it with the release that made it.`,
    );
  }
  if (parsed.sha256 !== bodyChecksum(body)) {
    throw new BackupError(`${MANIFEST_FILE} in ${dir} has been changed or damaged since the backup was made: its checksum does not match.`);
  }
  const result = manifestBodySchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new BackupError(`${MANIFEST_FILE} in ${dir} is not a valid backup manifest (${issue.path.join(".")}: ${issue.message}).`);
  }
  return result.data;
}

/** "1 file", "14,845 rows": counts in the scripts' and refusals' words. */
export const countOf = (n: number, noun: string) => `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;

/** A pass-through stream that hashes and counts what flows through it. */
export function hashingStream(): Transform & { digest(): { sha256: string; size: number } } {
  const hash = createHash("sha256");
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return Object.assign(stream, { digest: () => ({ sha256: hash.digest("hex"), size }) });
}
