// A document uploaded for a student, streamed to the file store: the declared size is checked before
// a byte is read, the bytes are counted, hashed and kept to the type's limit as they arrive, the real
// type is read from the first bytes, and a refused file leaves nothing behind.
import "server-only";
import { randomUUID } from "node:crypto";
import { pipeline, type Readable, Transform } from "node:stream";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { type Database, isoTime, selectRows } from "@/lib/db/client";
import { detectFileType, type DetectedFileType } from "@/lib/domain/file-type";
import { sanitiseFileName } from "@/lib/domain/file-name";
import { formatBytes } from "@/lib/domain/file-size";
import { jpegProblem, pngProblem, webpProblem } from "@/lib/domain/image-integrity";
import { stripImageMetadata } from "@/lib/domain/image-metadata";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import type { FileStore } from "@/lib/storage/file-store";
import { idSchema, parseInput } from "@/lib/validation/common";
import { uploadableStudentsOf } from "./document-access";

export type UploadedDocument = {
  id: string;
  documentType: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  status: "pending" | "verified" | "rejected";
  uploadedAt: string;
};

export type UploadOutcome = { document: UploadedDocument; duplicate: boolean };

export type UploadInput = {
  studentId: string;
  documentTypeId: string;
  fileName: string;
  /** The Content-Length the client declared; null when it sent none. */
  declaredSize: number | null;
  body: Readable;
};

const TYPE_WORDS: Record<DetectedFileType, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
};

const refuse = (message: string, field = "file") => new ValidationError(message, { [field]: [message] });

const uploadFields = z.object({ studentId: idSchema, documentTypeId: idSchema, fileName: z.string().max(1000) });

/** The first bytes (for the type) and the last (a PDF ends with %%EOF), kept while the rest streams past. */
class Inspector extends Transform {
  head = Buffer.alloc(0);
  tail = Buffer.alloc(0);
  size = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      callback(new SizeExceeded());
      return;
    }
    if (this.head.length < 64) this.head = Buffer.concat([this.head, chunk.subarray(0, 64 - this.head.length)]);
    // Only the last 1 KB is copied: concatenating whole chunks copied every byte of the file once more.
    this.tail = chunk.length >= 1024 ? Buffer.from(chunk.subarray(-1024)) : Buffer.concat([this.tail, chunk]).subarray(-1024);
    callback(null, chunk);
  }
}
class SizeExceeded extends Error {}

/**
 * Uploads one file. Staff may upload for any student, a parent for their own children (anyone else:
 * "not found"). The same file already on record for the student is not stored twice: the existing
 * document is returned with duplicate: true.
 */
export async function uploadDocument(db: Database, actor: Actor, store: FileStore, input: UploadInput, options: { quotaBytes: number }): Promise<UploadOutcome> {
  const { studentId, documentTypeId, fileName } = parseInput(uploadFields, input);
  const [target] = await selectRows<{ studentName: string; typeName: string | null; allowed: DetectedFileType[] | null; maxBytes: number | null; used: number }>(
    db,
    sql`select s.first_name || ' ' || s.last_name as "studentName", dt.name as "typeName", dt.allowed_mime_types as allowed, dt.max_bytes as "maxBytes",
               (select coalesce(sum(d.size_bytes), 0)::bigint from documents d where d.student_id = s.id)::float8 as used
        from students s left join document_types dt on dt.id = ${documentTypeId}
        where s.id = ${studentId} and (${uploadableStudentsOf(actor, sql`s.id`)})`,
  );
  if (!target) throw new NotFoundError("That student was not found.");
  if (!target.typeName || !target.allowed || target.maxBytes === null) throw refuse("Choose the kind of document", "documentTypeId");
  const allowedWords = target.allowed.map((type) => TYPE_WORDS[type] ?? type).join(", ");

  if (input.declaredSize === null) throw refuse("The upload didn't say how large the file is; try again from the page");
  if (input.declaredSize === 0) throw refuse("The file is empty");
  if (input.declaredSize > target.maxBytes) {
    throw refuse(`The file is ${formatBytes(input.declaredSize)}; a ${target.typeName.toLowerCase()} can be at most ${formatBytes(target.maxBytes)}`);
  }
  if (target.used + input.declaredSize > options.quotaBytes) {
    throw refuse(
      `${target.studentName}'s documents already use ${formatBytes(target.used)} of ${formatBytes(options.quotaBytes)}; this file doesn't fit. Remove an old document or ask the office`,
    );
  }

  const key = `documents/${studentId}/${randomUUID()}`;
  const inspector = new Inspector(input.declaredSize);
  let stored: { size: number; sha256: string };
  try {
    // pipeline, not pipe: a body that fails (the client went away) must fail the write, which pipe()
    // never tells the inspector, leaving the store waiting for the rest forever; and a file refused
    // mid-way stops the body being read.
    stored = await store.put(key, pipeline(input.body, inspector, () => {}));
  } catch (error) {
    await store.delete(key);
    if (error instanceof SizeExceeded) throw refuse("The file is larger than the upload said; try again");
    throw error;
  }
  try {
    if (stored.size !== input.declaredSize) throw refuse("The upload was cut off before the whole file arrived; try again");
    const type = detectFileType(inspector.head);
    if (!type || !target.allowed.includes(type)) {
      const what = type ? `a ${TYPE_WORDS[type]} file` : "not a PDF or an image, whatever its name says";
      throw refuse(`This file is ${what}; a ${target.typeName.toLowerCase()} must be ${allowedWords}`);
    }
    if (type === "application/pdf" && !inspector.tail.includes("%%EOF")) {
      throw refuse("The PDF is incomplete or damaged (it doesn't end as a PDF must); save it again and upload the new file");
    }
    if (type !== "application/pdf") stored = await checkAndCleanImage(store, key, type);
    return await record(db, actor, store, { key, studentId, documentTypeId, typeName: target.typeName, fileName, type, stored });
  } catch (error) {
    await store.delete(key);
    throw error;
  }
}

/** Images are read whole (they are small): checked to the last byte, then their metadata (GPS, camera) removed. */
async function checkAndCleanImage(store: FileStore, key: string, type: DetectedFileType): Promise<{ size: number; sha256: string }> {
  const file = await store.get(key);
  if (!file) throw new Error(`The upload ${key} vanished from the file store`);
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const problem = type === "image/png" ? pngProblem(bytes, "document") : type === "image/jpeg" ? jpegProblem(bytes, "document") : webpProblem(bytes);
  if (problem) throw refuse(problem);
  const cleaned = stripImageMetadata(bytes, type);
  return store.put(key, cleaned);
}

async function record(
  db: Database,
  actor: Actor,
  store: FileStore,
  file: { key: string; studentId: string; documentTypeId: string; typeName: string; fileName: string; type: DetectedFileType; stored: { size: number; sha256: string } },
): Promise<UploadOutcome> {
  const originalName = sanitiseFileName(file.fileName, `${file.typeName}`);
  const outcome = await db.transaction(async (tx) => {
    const [inserted] = await selectRows<{ id: string }>(
      tx,
      sql`insert into documents (student_id, document_type_id, storage_key, original_name, mime_type, size_bytes, sha256, uploaded_by)
          values (${file.studentId}, ${file.documentTypeId}, ${file.key}, ${originalName}, ${file.type}, ${file.stored.size}, ${file.stored.sha256}, ${actor.userId})
          on conflict (student_id, sha256) do nothing
          returning id`,
    );
    if (inserted) {
      await writeAudit(tx, actor, {
        action: "documents.uploaded",
        entityType: "document",
        entityId: inserted.id,
        after: { studentId: file.studentId, type: file.typeName, name: originalName, mimeType: file.type, sizeBytes: file.stored.size, sha256: file.stored.sha256 },
      });
    }
    const [document] = await selectRows<UploadedDocument>(
      tx,
      sql`select d.id, dt.name as "documentType", d.original_name as "originalName", d.mime_type as "mimeType", d.size_bytes::float8 as "sizeBytes",
                 d.status, ${isoTime(sql`d.created_at`)} as "uploadedAt"
          from documents d join document_types dt on dt.id = d.document_type_id
          where d.student_id = ${file.studentId} and d.sha256 = ${file.stored.sha256}`,
    );
    return { document: document!, duplicate: !inserted };
  });
  // The same bytes are on record already: the copy just written is not kept.
  if (outcome.duplicate) await store.delete(file.key);
  return outcome;
}
