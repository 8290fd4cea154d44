// Maintenance on pg-boss's scheduler (on PGlite as on PostgreSQL): the schedules AMS writes, the
// every-minute email sweep actually firing, one sweep at a time, the nightly document orphan sweep,
// the outbox's retention and expired sign-in material's, each run as a job by the same workers as
// everything else.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { selectRows } from "@/lib/db/client";
import { authTokens, emailOutbox } from "@/lib/db/schema";
import { credentialsPurgeJob, documentSweepJob, emailPurgeJob, emailSweepJob, JOB_DEFINITIONS } from "@/lib/jobs/definitions";
import { ensureQueues, JOB_SCHEMA, type JobQueue, openJobQueue } from "@/lib/jobs/queue";
import { startWorkers, type WorkerContext } from "@/lib/jobs/worker";
import { ORPHAN_MIN_AGE_MS } from "@/lib/server/documents/sweep-orphan-files";
import { SENT_EMAIL_RETENTION_DAYS } from "@/lib/server/email/purge-sent-email";
import { CREDENTIAL_RETENTION_DAYS } from "@/lib/server/maintenance/purge-expired-credentials";
import type { MailTransport } from "@/lib/server/email/transport";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let storeDir: string;
let queues: JobQueue[] = [];
const quietLog = { info() {}, error() {} };
const sent: string[] = [];
const recordingTransport: MailTransport = { name: "smtp", send: async (message) => (sent.push(message.subject), { providerMessageId: `<${message.id}@test>` }) };

beforeAll(async () => {
  t = await useTestDatabase();
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "ams-scheduled-"));
});
afterEach(async () => {
  await Promise.all(queues.map((queue) => queue.stop({ graceful: false, wait: true })));
  queues = [];
});
afterAll(() => fs.rmSync(storeDir, { recursive: true, force: true }));

async function openQueue(options: { schedule?: boolean; context?: Partial<WorkerContext> } = {}): Promise<JobQueue> {
  const queue = await openJobQueue(t, { schedule: options.schedule });
  queues.push(queue);
  await ensureQueues(queue, JOB_DEFINITIONS);
  return queue;
}

async function work(queue: JobQueue, context: Partial<WorkerContext> = {}): Promise<void> {
  await startWorkers(queue, { db: t.db, store: new LocalDiskStore(storeDir), storageRoot: storeDir, mail: recordingTransport, log: quietLog, ...context });
}

async function waitUntil(done: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Still waiting after ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The states of a queue's jobs, finished ones included (pg-boss archives them only after a day). */
async function jobStates(name: string): Promise<string[]> {
  const rows = await selectRows<{ state: string }>(t.db, sql`select state from ${sql.raw(JOB_SCHEMA)}.job where name = ${name} order by created_on`);
  return rows.map((row) => row.state);
}

describe("schedules", () => {
  it("puts each maintenance job on its schedule, and drops a schedule no job has any more", async () => {
    const queue = await openQueue();
    await queue.createQueue("retired-job");
    await queue.schedule("retired-job", "0 * * * *");
    await ensureQueues(queue, JOB_DEFINITIONS);

    const schedules = Object.fromEntries((await queue.getSchedules()).map((s) => [s.name, s.cron]));
    expect(schedules).toEqual({
      [emailSweepJob.name]: "* * * * *",
      [documentSweepJob.name]: "45 2 * * *",
      [emailPurgeJob.name]: "30 2 * * *",
      [credentialsPurgeJob.name]: "0 3 * * *",
    });
    for (const job of [emailSweepJob, documentSweepJob, emailPurgeJob, credentialsPurgeJob]) expect((await queue.getQueue(job.name))?.policy).toBe("singleton");
  });

  it("fires the every-minute email sweep on this database, which gets a message without a job delivered", async () => {
    // Written with no job, as before email ran on jobs.
    const [row] = await t.db.insert(emailOutbox).values({ toAddress: "amara.okafor@example.com", subject: "Left behind", textBody: "Hello" }).returning();
    const queue = await openQueue({ schedule: true });
    await work(queue);

    // The scheduler, its send-it relay and the sweep poll every few seconds: well within half a minute.
    await waitUntil(async () => (await t.db.select().from(emailOutbox).where(eq(emailOutbox.id, row!.id)))[0]!.status === "sent", "the scheduled sweep");
    expect(sent).toContain("Left behind");
    expect(await jobStates(emailSweepJob.name)).toContain("completed");
  }, 45_000);

  it("runs one sweep at a time however many are queued", async () => {
    const queue = await openQueue();
    await queue.send(emailSweepJob.name, {});
    await queue.send(emailSweepJob.name, {});
    const [first] = await queue.fetch(emailSweepJob.name);
    expect(first).toBeDefined();
    // A second worker asking while the first sweep runs gets nothing.
    expect(await queue.fetch(emailSweepJob.name)).toEqual([]);
    await queue.complete(emailSweepJob.name, first!.id);
    expect(await queue.fetch(emailSweepJob.name)).toHaveLength(1);
  });
});

describe("nightly maintenance", () => {
  it("removes document files that have no record once they are an hour old, and keeps younger ones", async () => {
    const store = new LocalDiskStore(storeDir);
    const oldKey = `documents/${randomUUID()}/${randomUUID()}`;
    const freshKey = `documents/${randomUUID()}/${randomUUID()}`;
    await store.put(oldKey, Buffer.from("left by a crashed upload"));
    await store.put(freshKey, Buffer.from("an upload still in flight"));
    const longAgo = new Date(Date.now() - ORPHAN_MIN_AGE_MS - 60_000);
    fs.utimesSync(path.join(storeDir, ...oldKey.split("/")), longAgo, longAgo);

    const queue = await openQueue();
    await work(queue);
    await queue.send(documentSweepJob.name, {});
    await waitUntil(async () => (await jobStates(documentSweepJob.name)).includes("completed"), "the orphan sweep");

    expect(await store.get(oldKey)).toBeNull();
    const fresh = await store.get(freshKey);
    expect(fresh?.size).toBe("an upload still in flight".length);
    fresh?.stream.destroy();
  });

  it("deletes delivered mail older than the retention period and keeps the rest", async () => {
    await t.db.delete(emailOutbox);
    const day = 24 * 60 * 60_000;
    const longAgo = new Date(Date.now() - (SENT_EMAIL_RETENTION_DAYS + 1) * day);
    await t.db.insert(emailOutbox).values([
      { toAddress: "old@example.com", subject: "Old and sent", textBody: "x", status: "sent", sentAt: longAgo, createdAt: longAgo },
      { toAddress: "recent@example.com", subject: "Recently sent", textBody: "x", status: "sent", sentAt: new Date(Date.now() - day) },
      { toAddress: "failed@example.com", subject: "Old and failed", textBody: "x", status: "failed", attempts: 8, createdAt: longAgo },
    ]);

    const queue = await openQueue();
    await work(queue);
    await queue.send(emailPurgeJob.name, {});
    await waitUntil(async () => (await jobStates(emailPurgeJob.name)).includes("completed"), "the outbox purge");

    const left = await t.db.select({ subject: emailOutbox.subject }).from(emailOutbox).orderBy(emailOutbox.subject);
    expect(left.map((r) => r.subject)).toEqual(["Old and failed", "Recently sent"]);
  });

  it("deletes sign-in links used or expired longer ago than their grace period and keeps recent ones", async () => {
    const day = 24 * 60 * 60_000;
    const graceAgo = Date.now() - CREDENTIAL_RETENTION_DAYS.authTokens * day;
    const userId = t.demo.adminUserId;
    await t.db.insert(authTokens).values([
      { userId, purpose: "reset_password", tokenHash: "job-old", createdAt: new Date(graceAgo - 2 * day), expiresAt: new Date(graceAgo - day) },
      { userId, purpose: "reset_password", tokenHash: "job-recent", createdAt: new Date(graceAgo + day), expiresAt: new Date(graceAgo + 2 * day) },
    ]);

    const queue = await openQueue();
    await work(queue);
    await queue.send(credentialsPurgeJob.name, {});
    await waitUntil(async () => (await jobStates(credentialsPurgeJob.name)).includes("completed"), "the credentials purge");

    const left = await selectRows<{ hash: string }>(t.db, sql`select token_hash as hash from auth_tokens where token_hash like 'job-%'`);
    expect(left.map((r) => r.hash)).toEqual(["job-recent"]);
  });
});
