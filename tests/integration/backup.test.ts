// Backup and restore: a round trip gives back every row of every table and every stored file exactly as
// they were when the backup was made, and a backup that is damaged, changed or from another schema is
// refused before anything is touched.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup } from "@/lib/backup/create-backup";
import { BackupError, type ManifestBody, MANIFEST_FILE, readManifest, storedFilePath, tableDataPath, writeManifest } from "@/lib/backup/manifest";
import { INTERRUPTED_BATCH_ERROR, INTERRUPTED_IMPORT_ERROR, restoreBackup } from "@/lib/backup/restore-backup";
import { selectRows } from "@/lib/db/client";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type TestDatabase, useTestDatabase } from "../support/database";

type State = { tables: Record<string, string[]>; files: Record<string, string> };

let t: TestDatabase;
let root: string;
let store: LocalDiskStore;
let backupDir: string;
let atBackup: State;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const documentKey = () => `documents/${t.demo.student.studentId}/${randomUUID()}`;

/** Every row of every table (as PostgreSQL's own JSON, sorted) and every stored file's checksum. */
async function currentState(): Promise<State> {
  const names = await selectRows<{ name: string }>(
    t.db,
    sql`select table_schema || '.' || table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and (table_schema = 'public' or (table_schema = 'drizzle' and table_name = '__drizzle_migrations'))
        order by 1`,
  );
  const tables: State["tables"] = {};
  for (const { name } of names) {
    const [schema, table] = name.split(".") as [string, string];
    const rows = await selectRows<{ line: string }>(t.db, sql`select row_to_json(x)::text as line from ${sql.identifier(schema)}.${sql.identifier(table)} x order by 1`);
    tables[name] = rows.map((row) => row.line);
  }
  const files: State["files"] = {};
  for await (const key of store.list("")) {
    const file = await store.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of file!.stream) chunks.push(chunk as Buffer);
    files[key] = sha256(Buffer.concat(chunks));
  }
  return { tables, files };
}

/** A copy of the good backup with one thing done to it. */
async function tamperedCopy(change: (dir: string) => void | Promise<void>): Promise<string> {
  const dir = path.join(root, `tampered-${randomUUID()}`);
  fs.cpSync(backupDir, dir, { recursive: true });
  await change(dir);
  return dir;
}

/** Rewrites the manifest with a valid checksum: a backup that is internally consistent but wrong in some other way. */
async function resigned(dir: string, edit: (body: ManifestBody) => ManifestBody): Promise<void> {
  await writeManifest(dir, edit(await readManifest(dir)));
}

async function expectRefused(dir: string, message: RegExp): Promise<void> {
  const before = await currentState();
  const attempt = restoreBackup({ handle: t, store, dir, replaceExisting: true });
  await expect(attempt).rejects.toBeInstanceOf(BackupError);
  await expect(attempt).rejects.toThrow(message);
  expect(await currentState()).toEqual(before);
}

beforeAll(async () => {
  t = await useTestDatabase();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "ams-backup-"));
  store = new LocalDiskStore(path.join(root, "files"));
  backupDir = path.join(root, "backups", "ams-test");
  // A document larger than one read chunk, the school's logo and a printed batch.
  await store.put(documentKey(), randomBytes(1_500_000));
  await store.put("branding/logo.png", randomBytes(2_000));
  await store.put(`report-card-batches/${randomUUID()}.pdf`, randomBytes(30_000));
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("a backup and a restore", () => {
  it("give back every row of every table and every stored file exactly as they were at backup time", async () => {
    atBackup = await currentState();
    expect(atBackup.tables["public.scores"]!.length).toBeGreaterThan(0);
    const summary = await createBackup({ handle: t, store, dir: backupDir });
    expect(summary.manifest.database).toBe(t.kind);
    expect(summary.manifest.tables.map((table) => table.name).sort()).toEqual(Object.keys(atBackup.tables).sort());
    expect(summary.manifest.tables.find((table) => table.name === "public.scores")!.rows).toBe(atBackup.tables["public.scores"]!.length);
    expect(summary.manifest.files.map((file) => file.key).sort()).toEqual(Object.keys(atBackup.files).sort());
    expect(fs.existsSync(`${backupDir}.partial`)).toBe(false);
    await expect(createBackup({ handle: t, store, dir: backupDir })).rejects.toThrow(/already exists/);

    // After the backup: a score changed, rows deleted and added, files deleted, added and altered.
    const [score] = await selectRows<{ id: string }>(t.db, sql`select id from scores where value is not null order by id limit 1`);
    await t.db.execute(sql`update scores set value = value + 1, version = version + 1 where id = ${score!.id}`);
    await t.db.execute(sql`delete from guardian_students where student_id = ${t.demo.parent.studentIds[0]!}`);
    await t.db.execute(sql`insert into audit_log (action, entity_type, entity_id) values ('test.after_backup', 'test', 'x')`);
    await t.db.execute(sql`insert into departments (code, name) values ('ADD', 'Added after the backup')`);
    await store.delete(Object.keys(atBackup.files).find((key) => key.startsWith("documents/"))!);
    await store.put("branding/logo.png", randomBytes(2_000));
    await store.put(documentKey(), randomBytes(10));
    expect(await currentState()).not.toEqual(atBackup);

    const result = await restoreBackup({ handle: t, store, dir: backupDir, replaceExisting: true });
    expect(result).toMatchObject({ files: 3, removedFiles: 1, interruptedBatches: 0, interruptedImports: 0 });

    const restored = await currentState();
    // The restore records itself in the audit log, with the next id after the backup's last one.
    const auditRows = restored.tables["public.audit_log"]!;
    const restoreRecords = auditRows.filter((line) => (JSON.parse(line) as { action: string }).action === "backup.restored");
    expect(restoreRecords).toHaveLength(1);
    const maxBackedUpId = Math.max(0, ...atBackup.tables["public.audit_log"]!.map((line) => Number((JSON.parse(line) as { id: number }).id)));
    expect(JSON.parse(restoreRecords[0]!)).toMatchObject({ id: maxBackedUpId + 1, entity_type: "database", entity_id: result.manifest.createdAt });
    restored.tables["public.audit_log"] = auditRows.filter((line) => line !== restoreRecords[0]);
    expect(restored).toEqual(atBackup);
  });

  it("marks report card batches and imports that were queued or running at backup time as failed, since their jobs are not in the backup", async () => {
    const [queued] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into report_card_batches (term_id, class_id, label, status) values (${t.demo.termIds[0]!}, ${t.demo.classIds[0]!}, 'Queued at backup', 'queued') returning id`,
    );
    const [running] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into import_runs (kind, mode, status, idempotency_key, header, columns, rows, total, processed, result)
          values ('students', 'all_or_nothing', 'running', 'running at backup', '[]', '[]', '[]', 2, 1, '{}') returning id`,
    );
    const dir = path.join(root, "backups", "with-batch");
    await createBackup({ handle: t, store, dir });
    const result = await restoreBackup({ handle: t, store, dir, replaceExisting: true });
    expect(result.interruptedBatches).toBe(1);
    const [batch] = await selectRows<{ status: string; error: string; finished: boolean }>(
      t.db,
      sql`select status, error, finished_at is not null as finished from report_card_batches where id = ${queued!.id}`,
    );
    expect(batch).toEqual({ status: "failed", error: INTERRUPTED_BATCH_ERROR, finished: true });
    expect(result.interruptedImports).toBe(1);
    const [run] = await selectRows<{ status: string; error: string; rows: unknown }>(t.db, sql`select status, error, rows from import_runs where id = ${running!.id}`);
    expect(run).toEqual({ status: "failed", error: INTERRUPTED_IMPORT_ERROR, rows: null });
  });
});

describe("a restore refuses, changing nothing,", () => {
  it("a folder that is missing or holds no manifest", async () => {
    await expectRefused(path.join(root, "no-such-backup"), /There is no backup folder at .*no-such-backup/);
    await expectRefused(await tamperedCopy((dir) => fs.rmSync(path.join(dir, MANIFEST_FILE))), /has no manifest\.json/);
  });

  it("a manifest changed after the backup was made, or in a format it does not know", async () => {
    const edited = await tamperedCopy((dir) => {
      const file = path.join(dir, MANIFEST_FILE);
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { body: ManifestBody };
      manifest.body.tables[0]!.rows += 1;
      fs.writeFileSync(file, JSON.stringify(manifest));
    });
    await expectRefused(edited, /manifest\.json .* has been changed or damaged/);
    const future = await tamperedCopy((dir) => resigned(dir, (body) => ({ ...body, formatVersion: 2 as 1 })));
    await expectRefused(future, /backup format 2; this release of AMS reads format 1/);
  });

  it("a data file changed after the backup was made, naming it", async () => {
    const dir = await tamperedCopy((dir) => {
      const file = path.join(dir, tableDataPath("public.scores"));
      const text = gunzipSync(fs.readFileSync(file)).toString("utf8");
      fs.writeFileSync(file, gzipSync(text.replace(/"value":"?(\d+)/, '"value":99')));
    });
    await expectRefused(dir, /data file db\/public\.scores\.ndjson\.gz .* checksum does not match/);
  });

  it("a stored file changed or missing, naming its key", async () => {
    const altered = await tamperedCopy((dir) => fs.appendFileSync(path.join(dir, storedFilePath("branding/logo.png")), "x"));
    await expectRefused(altered, /stored file branding\/logo\.png .* checksum does not match/);
    const missing = await tamperedCopy((dir) => fs.rmSync(path.join(dir, storedFilePath("branding/logo.png"))));
    await expectRefused(missing, /stored file branding\/logo\.png is missing/);
  });

  it("a backup from a newer or an older database schema, saying which", async () => {
    const newer = await tamperedCopy((dir) => resigned(dir, (body) => ({ ...body, amsVersion: "9.0.0", migrations: [...body.migrations, "f".repeat(64)] })));
    await expectRefused(newer, /newer database schema \(AMS 9\.0\.0, \d+ migrations\).*Upgrade AMS to 9\.0\.0/);
    const older = await tamperedCopy((dir) => resigned(dir, (body) => ({ ...body, amsVersion: "0.0.1", migrations: body.migrations.slice(0, -1) })));
    await expectRefused(older, /older database schema \(AMS 0\.0\.1.*Restore it with AMS 0\.0\.1 into an empty database/);
  });

  it("rows the database rejects (a student missing under their enrolments): the whole database step rolls back", async () => {
    const dir = await tamperedCopy((dir) =>
      resigned(dir, (body) => {
        const file = path.join(dir, tableDataPath("public.students"));
        const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n").filter(Boolean);
        const bytes = gzipSync(`${lines.slice(1).join("\n")}\n`);
        fs.writeFileSync(file, bytes);
        return { ...body, tables: body.tables.map((table) => (table.name === "public.students" ? { ...table, rows: lines.length - 1, sha256: sha256(bytes) } : table)) };
      }),
    );
    await expectRefused(dir, /database refused the backup's rows \(.*violates foreign key constraint.*\); nothing was changed\.$/);
  });

  it("to replace a database that holds data without being told to (--yes), saying what is there", async () => {
    const before = await currentState();
    await expect(restoreBackup({ handle: t, store, dir: backupDir, replaceExisting: false })).rejects.toThrow(
      /not empty \(.*rows.*3 stored files\)\. A restore replaces all of it .* --yes .*Nothing was changed\./,
    );
    expect(await currentState()).toEqual(before);
  });
});
