// Document uploads (issue 9): a 10 MB PDF through uploadDocument into a LocalDiskStore, against the
// floor of a plain file copy of the same bytes (read stream into write stream) on the same disk; and
// memory while 20 such uploads run at once, which should stay flat because nothing is held whole.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type { Actor } from "../lib/auth/policy";
import { type DatabaseHandle, selectRows } from "../lib/db/client";
import { uploadDocument } from "../lib/server/documents/upload-document";
import { LocalDiskStore } from "../lib/storage/local-disk-store";
import { validPdf } from "../tests/support/document-corpus";
import { measure, type Timing } from "./support";

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };

const MB = 1024 * 1024;
const CONCURRENT = 20;

/** Peak increase of RSS and of Buffer memory (arrayBuffers) over the value before `work`, sampled every 20 ms. */
async function peakMemory(work: () => Promise<unknown>): Promise<{ ms: number; rss: number; arrayBuffers: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const peak = { rss: before.rss, arrayBuffers: before.arrayBuffers };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  sample();
  return { ms: performance.now() - started, rss: peak.rss - before.rss, arrayBuffers: peak.arrayBuffers - before.arrayBuffers };
}

const inMb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

export async function benchmarkDocuments(handle: DatabaseHandle, admin: Actor, iterations: number): Promise<Row[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ams-bench-documents-"));
  try {
    const store = new LocalDiskStore(path.join(scratch, "store"));
    const copies = path.join(scratch, "copies");
    fs.mkdirSync(copies);
    const source = path.join(scratch, "scan.pdf");
    // Just under the type's 10 MB limit (padding comes in whole lines).
    const pdf = validPdf({ padTo: 10 * MB - 256 });
    fs.writeFileSync(source, pdf);
    const size = pdf.length;

    // The large school has no document types; the demo's birth certificate (PDF or image, 10 MB).
    await handle.db.execute(sql`insert into document_types (name, max_bytes) values ('Birth certificate', ${10 * MB}) on conflict do nothing`);
    const [{ typeId }] = (await selectRows<{ typeId: string }>(handle.db, sql`select id as "typeId" from document_types where lower(name) = 'birth certificate'`)) as [{ typeId: string }];
    // Duplicates are per student, so each upload goes to a student with no documents: every run stores the file.
    const warmup = Math.min(5, iterations);
    const students = (await selectRows<{ id: string }>(
      handle.db,
      sql`select s.id from students s where not exists (select 1 from documents d where d.student_id = s.id) order by s.id limit ${warmup + iterations + 2 * CONCURRENT}`,
    )).map((r) => r.id);
    let next = 0;
    const uploadOne = (studentId = students[next++]!) =>
      uploadDocument(
        handle.db,
        admin,
        store,
        { studentId, documentTypeId: typeId, fileName: "scan.pdf", declaredSize: size, body: fs.createReadStream(source) },
        { quotaBytes: 100 * MB },
      ).then((outcome) => {
        if (outcome.duplicate) throw new Error("The benchmark stored a duplicate: each upload must go to a new student");
      });
    let copy = 0;
    const copyOne = () => pipeline(fs.createReadStream(source), fs.createWriteStream(path.join(copies, `${copy++}.pdf`)));

    const ours = await measure(uploadOne, iterations, warmup);
    const floor = await measure(copyOne, iterations, warmup);
    console.log(
      `Document upload, 10 MB PDF: p50 ${ours.median.toFixed(1)} ms, p95 ${ours.p95.toFixed(1)} ms ` +
        `(file copy p50 ${floor.median.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms; ${(ours.median / floor.median).toFixed(2)}×)`,
    );

    // 20 at once, each to its own student, sampling memory; then 20 plain copies at once the same way.
    const concurrentOurs = await peakMemory(() => Promise.all(Array.from({ length: CONCURRENT }, () => uploadOne())));
    const concurrentFloor = await peakMemory(() => Promise.all(Array.from({ length: CONCURRENT }, () => copyOne())));
    console.log(
      `${CONCURRENT} concurrent uploads: ${concurrentOurs.ms.toFixed(0)} ms, peak RSS +${inMb(concurrentOurs.rss)}, Buffers +${inMb(concurrentOurs.arrayBuffers)}` +
        ` (${CONCURRENT} copies: ${concurrentFloor.ms.toFixed(0)} ms, RSS +${inMb(concurrentFloor.rss)}, Buffers +${inMb(concurrentFloor.arrayBuffers)}; the files total ${inMb(CONCURRENT * size)})`,
    );
    const once = (ms: number): Timing => ({ samples: 1, median: ms, p95: ms, min: ms });
    return [
      {
        name: "Document upload, 10 MB PDF",
        what: "uploadDocument into a LocalDiskStore: access and quota query, streamed size check, SHA-256, type and %%EOF check, fsync, rename, row and audit; floor: a plain file copy of the same bytes (read stream into write stream)",
        ours,
        floor,
        goal: "≤ 1.5× floor",
      },
      {
        name: `Document upload, ${CONCURRENT} × 10 MB at once`,
        what:
          `${CONCURRENT} uploads to ${CONCURRENT} students in parallel, memory sampled every 20 ms: peak RSS +${inMb(concurrentOurs.rss)}, Buffers +${inMb(concurrentOurs.arrayBuffers)} ` +
          `(floor: ${CONCURRENT} plain copies, RSS +${inMb(concurrentFloor.rss)}, Buffers +${inMb(concurrentFloor.arrayBuffers)}; ${inMb(CONCURRENT * size)} of files)`,
        ours: once(concurrentOurs.ms),
        floor: once(concurrentFloor.ms),
        goal: "memory flat (streamed, not buffered whole)",
      },
    ];
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
