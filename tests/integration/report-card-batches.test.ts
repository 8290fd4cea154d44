// Printing a class or a level as one PDF through the background job queue (pg-boss on the test
// database): transactional enqueue, one batch per double click, progress, the file, and refusals.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { JOB_DEFINITIONS, reportCardBatchJob } from "@/lib/jobs/definitions";
import { ensureQueues, type JobQueue, JOB_SCHEMA, openJobQueue, transactionExecutor } from "@/lib/jobs/queue";
import { startWorkers } from "@/lib/jobs/worker";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { getReportCardBatch, listReportCardBatches } from "@/lib/server/report-cards/batches/list-report-card-batches";
import { openReportCardBatchFile } from "@/lib/server/report-cards/batches/open-report-card-batch-file";
import { requestReportCardBatch } from "@/lib/server/report-cards/batches/request-report-card-batch";
import { recordBatchFailure, runReportCardBatch } from "@/lib/server/report-cards/batches/run-report-card-batch";
import { publishTermResults } from "@/lib/server/results/publish-term-results";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let teacher: Actor;
let queue: JobQueue;
let store: LocalDiskStore;
let storeDir: string;
let termId: string;
let classId: string;
let classLevelId: string;

const quietLog = { info() {}, error() {} };

async function jobCount(): Promise<number> {
  const [row] = await selectRows<{ count: number }>(t.db, sql`select count(*)::int as count from ${sql.raw(JOB_SCHEMA)}.job where name = ${reportCardBatchJob.name}`);
  return row!.count;
}

async function waitForBatch(batchId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await getReportCardBatch(t.db, admin, { batchId });
    if (batch.status === "done" || batch.status === "failed") return batch;
    if (Date.now() > deadline) throw new Error(`Batch still ${batch.status} (${batch.done}/${batch.total}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  termId = t.demo.termIds[0]!;
  const [row] = await selectRows<{ classId: string; classLevelId: string }>(
    t.db,
    sql`select c.id as "classId", c.class_level_id as "classLevelId" from enrolments e join classes c on c.id = e.class_id
        where e.student_id = ${t.demo.parent.studentIds[0]!} and e.status = 'active'`,
  );
  ({ classId, classLevelId } = row!);
  queue = await openJobQueue(t);
  await ensureQueues(queue, JOB_DEFINITIONS);
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "ams-batches-"));
  store = new LocalDiskStore(storeDir);
});

afterAll(async () => {
  await queue?.stop({ graceful: false, wait: true });
  fs.rmSync(storeDir, { recursive: true, force: true });
});

describe("asking for a print batch", () => {
  it("is refused before anything is published, at the class field, and for a teacher", async () => {
    const error = await requestReportCardBatch(t.db, admin, queue, { termId, classId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/^No report cards are published for .+ yet: publish the results first/);
    expect((error as ValidationError).fieldErrors).toEqual({ classId: ["No published report cards to print"] });
    await expect(requestReportCardBatch(t.db, teacher, queue, { termId, classId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestReportCardBatch(t.db, admin, queue, { termId })).rejects.toBeInstanceOf(ValidationError);
    expect(await jobCount()).toBe(0);
  });

  it("queues one batch and one job; asking again while it waits returns the same batch", async () => {
    await lockTermScores(t.db, admin, { termId });
    await publishTermResults(t.db, admin, { termId, classLevelId });
    const first = await requestReportCardBatch(t.db, admin, queue, { termId, classId });
    const again = await requestReportCardBatch(t.db, admin, queue, { termId, classId });
    expect(first.alreadyRunning).toBe(false);
    expect(again).toEqual({ batchId: first.batchId, alreadyRunning: true });
    expect(await jobCount()).toBe(1);
    const batch = await getReportCardBatch(t.db, admin, { batchId: first.batchId });
    expect(batch).toMatchObject({ status: "queued", done: 0, requestedBy: expect.any(String) });
    expect(batch.total).toBeGreaterThan(0);
    const [audit] = await selectRows<{ action: string }>(t.db, sql`select action from audit_log where entity_id = ${first.batchId}`);
    expect(audit?.action).toBe("report_cards.batch_requested");
  });

  it("sends no job when the transaction that asked for it rolls back", async () => {
    const before = await jobCount();
    await t.db
      .transaction(async (tx) => {
        await queue.send(reportCardBatchJob.name, { batchId: "00000000-0000-4000-8000-000000000000" }, { db: transactionExecutor(tx) });
        throw new Error("roll back");
      })
      .catch(() => {});
    expect(await jobCount()).toBe(before);
  });
});

describe("the worker", () => {
  it("prints the class into one PDF, one page per card, reporting progress to done", async () => {
    const [queued] = await listReportCardBatches(t.db, admin);
    await startWorkers(queue, { db: t.db, store, log: quietLog });
    const batch = await waitForBatch(queued!.id);
    expect(batch).toMatchObject({ status: "done", error: null });
    expect(batch.done).toBe(batch.total);
    const [cards] = await selectRows<{ count: number }>(t.db, sql`select count(*)::int as count from report_cards where class_id = ${classId} and term_id = ${termId} and superseded_at is null`);
    expect(batch.total).toBe(cards!.count);
    const file = await openReportCardBatchFile(t.db, admin, store, { batchId: batch.id });
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    const pdf = Buffer.concat(chunks);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.length).toBe(batch.sizeBytes);
    expect(file.fileName).toMatch(/^report-cards-[a-z0-9-]+\.pdf$/);
    // Each card starts a page; a short card is one page.
    expect((pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(cards!.count);
  });

  it("prints a whole level, and a finished batch run again does nothing", async () => {
    const { batchId } = await requestReportCardBatch(t.db, admin, queue, { termId, classLevelId });
    const batch = await waitForBatch(batchId);
    const [cards] = await selectRows<{ count: number }>(
      t.db,
      sql`select count(*)::int as count from report_cards rc join classes c on c.id = rc.class_id
          where c.class_level_id = ${classLevelId} and rc.term_id = ${termId} and rc.superseded_at is null`,
    );
    expect(batch).toMatchObject({ status: "done", total: cards!.count, done: cards!.count });
    expect(await runReportCardBatch(t.db, store, batchId)).toEqual({ status: "skipped", cards: 0 });
  });

  it("keeps a failure's reason: queued again while retries remain, failed after the last", async () => {
    const [row] = await selectRows<{ id: string }>(
      t.db,
      sql`insert into report_card_batches (term_id, class_id, label, total) values (${termId}, ${classId}, 'Broken batch', 1) returning id`,
    );
    await recordBatchFailure(t.db, row!.id, new Error("disk full"), false);
    expect(await getReportCardBatch(t.db, admin, { batchId: row!.id })).toMatchObject({ status: "queued", error: "Retrying after: disk full" });
    await recordBatchFailure(t.db, row!.id, new Error("disk full"), true);
    expect(await getReportCardBatch(t.db, admin, { batchId: row!.id })).toMatchObject({ status: "failed", error: "disk full" });
  });
});

describe("downloading", () => {
  it("refuses a teacher, an unknown batch and an unfinished one", async () => {
    const [done] = await listReportCardBatches(t.db, admin);
    await expect(openReportCardBatchFile(t.db, teacher, store, { batchId: done!.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(openReportCardBatchFile(t.db, admin, store, { batchId: "00000000-0000-4000-8000-000000000000" })).rejects.toBeInstanceOf(NotFoundError);
    const [failed] = await selectRows<{ id: string }>(t.db, sql`select id from report_card_batches where status = 'failed' limit 1`);
    await expect(openReportCardBatchFile(t.db, admin, store, { batchId: failed!.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getReportCardBatch(t.db, teacher, { batchId: done!.id })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
