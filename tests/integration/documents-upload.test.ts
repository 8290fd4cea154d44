// Uploading a student's document and reading it back: every file of the bad-file corpus is refused on
// the "file" field with words a parent understands and leaves nothing on disk; a good file is stored
// once, by its checksum, without the metadata a phone put in it; only the family and staff get near it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { auditLog, documents, guardianStudents, guardians, roles, userRoles, users } from "@/lib/db/schema";
import { DAMAGED, jpegProblem, pngProblem } from "@/lib/domain/image-integrity";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { openDocumentFile } from "@/lib/server/documents/open-document-file";
import { type UploadOutcome, uploadDocument } from "@/lib/server/documents/upload-document";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import {
  FAKE_GPS_MARKER,
  TRICK_NAMES,
  WEBP,
  elfExecutable,
  emptyFile,
  generatedStream,
  htmlWithScript,
  jpegMarkers,
  jpegWithExifGps,
  pngChunkTypes,
  pngWithBadIdatCrc,
  pngWithMetadata,
  streamOf,
  truncatedJpeg,
  truncatedPdf,
  validPdf,
  webpWithGarbage,
  windowsExecutable,
} from "../support/document-corpus";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let root: string;
let store: LocalDiskStore;
let parent: Actor;
let otherParent: Actor;
let staff: Actor;
let teacher: Actor;
let student: Actor;
let childId: string;
let types: { birth: string; photo: string };

const MB = 1024 * 1024;
const QUOTA = 100 * MB;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  t = await useTestDatabase();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "ams-documents-"));
  store = new LocalDiskStore(root);
  childId = t.demo.student.studentId;
  expect(t.demo.parent.studentIds).toContain(childId);
  parent = await t.actorFor(t.demo.parent.userId);
  staff = await t.actorFor(t.demo.staffUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  student = await t.actorFor(t.demo.student.userId);

  // Another family: a parent account whose only child is the stranger student.
  const [user] = await t.db.insert(users).values({ email: "other.family@documents.test", name: "Other Family", status: "active", emailVerifiedAt: new Date() }).returning({ id: users.id });
  const [role] = await t.db.select({ id: roles.id }).from(roles).where(eq(roles.key, "parent"));
  await t.db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
  const [guardian] = await t.db.insert(guardians).values({ userId: user!.id, firstName: "Other", lastName: "Family" }).returning({ id: guardians.id });
  await t.db.insert(guardianStudents).values({ guardianId: guardian!.id, studentId: t.demo.strangerStudentId, relationship: "mother", isPrimaryContact: false });
  otherParent = await t.actorFor(user!.id);

  const rows = await selectRows<{ id: string; name: string }>(t.db, sql`select id, name from document_types`);
  const typeId = (name: string) => rows.find((r) => r.name === name)!.id;
  types = { birth: typeId("Birth certificate"), photo: typeId("Passport photograph") };
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

type Upload = { name?: string; type?: string; studentId?: string; declaredSize?: number | null; quotaBytes?: number; actor?: Actor };

function upload(body: Uint8Array | Readable, options: Upload = {}): Promise<UploadOutcome> {
  const stream = body instanceof Readable ? body : streamOf(body);
  const declaredSize = options.declaredSize !== undefined ? options.declaredSize : body instanceof Readable ? null : body.length;
  return uploadDocument(
    t.db,
    options.actor ?? parent,
    store,
    { studentId: options.studentId ?? childId, documentTypeId: options.type ?? types.birth, fileName: options.name ?? "document.pdf", declaredSize, body: stream },
    { quotaBytes: options.quotaBytes ?? QUOTA },
  );
}

/** The message on the file field of a refused upload (which is also the error's own message). */
async function refusal(body: Uint8Array | Readable, options: Upload = {}): Promise<string> {
  const error = await upload(body, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  const message = (error as ValidationError).fieldErrors.file?.[0];
  expect(message).toBe((error as ValidationError).message);
  return message!;
}

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list("")) keys.push(key);
  return keys.sort();
}

/** Unfinished writes: a refused upload must not leave one behind. */
function tempFiles(): string[] {
  const temp = path.join(root, ".tmp");
  return fs.existsSync(temp) ? fs.readdirSync(temp) : [];
}

async function documentRows(studentId = childId) {
  return t.db
    .select({ id: documents.id, storageKey: documents.storageKey, sha256: documents.sha256, sizeBytes: documents.sizeBytes, mimeType: documents.mimeType, originalName: documents.originalName })
    .from(documents)
    .where(eq(documents.studentId, studentId));
}

async function storedBytes(documentId: string): Promise<Buffer> {
  const [row] = await t.db.select({ key: documents.storageKey }).from(documents).where(eq(documents.id, documentId));
  return buffer((await store.get(row!.key))!.stream);
}

const notAFile = "This file is not a PDF or an image, whatever its name says; a birth certificate must be PDF, JPEG, PNG, WebP";

describe("the bad-file corpus", () => {
  const corpus: Array<[what: string, bytes: () => Buffer, name: string, message: string, type?: "photo"]> = [
    ["a PDF cut off before %%EOF", truncatedPdf, "birth.pdf", "The PDF is incomplete or damaged (it doesn't end as a PDF must); save it again and upload the new file"],
    ["a zero-byte file", emptyFile, "birth.pdf", "The file is empty"],
    ['a Windows program named "birth.pdf"', windowsExecutable, "birth.pdf", notAFile],
    ['a Linux program named ".png"', elfExecutable, "photo.png", notAFile],
    ['a web page with a script named ".pdf"', htmlWithScript, "transcript.pdf", notAFile],
    ["a PNG whose pixel data fails its checksum", pngWithBadIdatCrc, "photo.png", DAMAGED],
    ["a JPEG cut off before its end-of-image marker", truncatedJpeg, "photo.jpg", DAMAGED],
    ["a WebP header in front of noise", webpWithGarbage, "photo.webp", DAMAGED],
    ["a good PDF sent as a passport photograph", () => validPdf(), "photo.pdf", "This file is a PDF file; a passport photograph must be JPEG, PNG, WebP", "photo"],
  ];

  it.each(corpus)("refuses %s on the file field and keeps nothing of it", async (_what, bytes, name, message, type) => {
    expect(await refusal(bytes(), { name, type: type === "photo" ? types.photo : types.birth })).toBe(message);
    expect(await storedKeys()).toEqual([]);
    expect(tempFiles()).toEqual([]);
    expect(await documentRows()).toEqual([]);
  });

  it("refuses a file over the type's limit from its declared size, before reading any of it", async () => {
    const body = generatedStream(20 * MB);
    expect(await refusal(body, { name: "birth.pdf", declaredSize: 20 * MB })).toBe("The file is 20 MB; a birth certificate can be at most 10 MB");
    expect(body.bytesRead).toBe(0);
    const photo = generatedStream(3 * MB);
    expect(await refusal(photo, { name: "photo.png", type: types.photo, declaredSize: 3 * MB })).toBe("The file is 3 MB; a passport photograph can be at most 2 MB");
    expect(photo.bytesRead).toBe(0);
    expect(await storedKeys()).toEqual([]);
  });

  it("refuses a stream larger than the upload said, and stops reading it", async () => {
    const body = generatedStream(20 * MB);
    expect(await refusal(body, { declaredSize: MB })).toBe("The file is larger than the upload said; try again");
    // Read up to the declared size and a few buffered chunks past it, never the 20 MB.
    expect(body.bytesRead).toBeLessThan(2 * MB);
    expect(await storedKeys()).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });

  it("refuses a stream that ends before the declared size as cut off", async () => {
    const pdf = validPdf();
    expect(await refusal(pdf, { declaredSize: pdf.length + 100 })).toBe("The upload was cut off before the whole file arrived; try again");
    expect(await storedKeys()).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });

  it("fails, rather than waiting forever, when the client goes away mid-upload, and keeps nothing", async () => {
    const pdf = validPdf({ padTo: 256 * 1024 });
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent >= 64 * 1024) {
          this.destroy(new Error("client went away"));
          return;
        }
        this.push(pdf.subarray(sent, sent + 16 * 1024));
        sent += 16 * 1024;
      },
    });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("the upload hung")), 5000));
    await expect(Promise.race([upload(body, { declaredSize: pdf.length }), timeout])).rejects.toThrow("client went away");
    expect(await storedKeys()).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });

  it("refuses an upload that didn't say its size", async () => {
    expect(await refusal(validPdf(), { declaredSize: null })).toBe("The upload didn't say how large the file is; try again from the page");
  });
});

describe("a good file", () => {
  let first: UploadOutcome;
  const pdf = validPdf();

  it("is stored with its checksum, size and real type, and the upload audited", async () => {
    first = await upload(pdf, { name: "Birth certificate.pdf", actor: { ...parent, requestId: "req-doc-upload" } });
    expect(first.duplicate).toBe(false);
    expect(first.document).toMatchObject({ documentType: "Birth certificate", originalName: "Birth certificate.pdf", mimeType: "application/pdf", sizeBytes: pdf.length, status: "pending" });
    const [row] = await documentRows();
    expect(row).toMatchObject({ id: first.document.id, sha256: sha256(pdf), sizeBytes: pdf.length, mimeType: "application/pdf" });
    expect(await storedKeys()).toEqual([row!.storageKey]);
    expect((await storedBytes(first.document.id)).equals(pdf)).toBe(true);
    expect(tempFiles()).toEqual([]);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "documents.uploaded"), eq(auditLog.entityId, first.document.id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: parent.userId,
      requestId: "req-doc-upload",
      after: { studentId: childId, type: "Birth certificate", name: "Birth certificate.pdf", mimeType: "application/pdf", sizeBytes: pdf.length, sha256: sha256(pdf) },
    });
  });

  it("uploaded again, is the same document with duplicate: true, and no second file or record", async () => {
    const again = await upload(pdf, { name: "copy of birth certificate.pdf", actor: staff });
    expect(again).toEqual({ document: first.document, duplicate: true });
    expect(await documentRows()).toHaveLength(1);
    expect(await storedKeys()).toHaveLength(1);
    expect(tempFiles()).toEqual([]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "documents.uploaded"))).toHaveLength(1);
  });

  it("is refused before a byte is read when the student's documents would go over the quota", async () => {
    const [{ name }] = (await selectRows<{ name: string }>(t.db, sql`select first_name || ' ' || last_name as name from students where id = ${childId}`)) as [{ name: string }];
    const body = generatedStream(MB);
    const quota = pdf.length + MB - 1;
    expect(await refusal(body, { declaredSize: MB, quotaBytes: quota })).toBe(
      `${name}'s documents already use 1 KB of 1 MB; this file doesn't fit. Remove an old document or ask the office`,
    );
    expect(body.bytesRead).toBe(0);
    expect(await storedKeys()).toHaveLength(1);
  });

  it("is downloaded by the student's parent, and the download audited", async () => {
    const file = await openDocumentFile(t.db, { ...parent, requestId: "req-doc-download" }, store, { documentId: first.document.id, purpose: "download" });
    expect({ size: file.size, mimeType: file.mimeType, fileName: file.fileName }).toEqual({ size: pdf.length, mimeType: "application/pdf", fileName: "Birth certificate.pdf" });
    expect((await buffer(file.stream)).equals(pdf)).toBe(true);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-doc-download"));
    expect(audit).toMatchObject({ action: "documents.downloaded", actorUserId: parent.userId, entityType: "document", entityId: first.document.id, after: { studentId: childId } });
  });

  it("is previewed by the student, audited as a preview", async () => {
    const file = await openDocumentFile(t.db, { ...student, requestId: "req-doc-preview" }, store, { documentId: first.document.id, purpose: "preview" });
    expect((await buffer(file.stream)).equals(pdf)).toBe(true);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-doc-preview"));
    expect(audit).toMatchObject({ action: "documents.previewed", actorUserId: student.userId });
  });

  it("is not found for another family's parent or a teacher, and nothing is recorded for them", async () => {
    for (const actor of [otherParent, teacher]) {
      await expect(openDocumentFile(t.db, { ...actor, requestId: "req-doc-denied" }, store, { documentId: first.document.id, purpose: "download" })).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-doc-denied"))).toEqual([]);
  });
});

describe("images", () => {
  it("a PNG is stored without its text notes, Exif and time, and still passes the integrity check", async () => {
    const original = pngWithMetadata();
    const { document } = await upload(original, { name: "passport.png", type: types.photo });
    const stored = await storedBytes(document.id);
    expect(pngChunkTypes(stored)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(stored.includes(FAKE_GPS_MARKER)).toBe(false);
    expect(pngProblem(stored, "document")).toBeNull();
    // The checksum and size on record are the stored (cleaned) file's.
    const [row] = (await documentRows()).filter((r) => r.id === document.id);
    expect(row).toMatchObject({ sha256: sha256(stored), sizeBytes: stored.length, mimeType: "image/png" });
    expect(stored.length).toBeLessThan(original.length);
  });

  it("a JPEG is stored without its APP1 Exif block (and GPS position), and still passes the integrity check", async () => {
    const { document } = await upload(jpegWithExifGps({ withTrailer: true }), { name: "passport.jpg", type: types.photo });
    const stored = await storedBytes(document.id);
    expect(jpegMarkers(stored)).not.toContain(0xe1);
    expect(stored.includes("Exif")).toBe(false);
    expect(stored.includes(FAKE_GPS_MARKER)).toBe(false);
    expect(jpegProblem(stored, "document")).toBeNull();
    expect(document).toMatchObject({ mimeType: "image/jpeg", sizeBytes: stored.length });
  });

  it("a well-formed WebP is stored as it is", async () => {
    const { document } = await upload(WEBP, { name: "passport.webp", type: types.photo });
    expect((await storedBytes(document.id)).equals(WEBP)).toBe(true);
    expect(document.mimeType).toBe("image/webp");
  });
});

describe("who may upload", () => {
  it("a parent for another family's child, a teacher, or a student: not found, and nothing stored", async () => {
    const before = await storedKeys();
    const pdf = validPdf({ text: "Not yours" });
    for (const [actor, studentId] of [
      [parent, t.demo.strangerStudentId],
      [teacher, childId],
      [student, childId],
    ] as const) {
      const error = await upload(pdf, { actor, studentId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as NotFoundError).message).toBe("That student was not found.");
    }
    expect(await storedKeys()).toEqual(before);
    expect(tempFiles()).toEqual([]);
    expect(await documentRows(t.demo.strangerStudentId)).toEqual([]);
  });

  it("a parent for their own child, and the office for any student", async () => {
    const own = await upload(validPdf({ text: "Transfer letter" }), { name: "transfer.pdf" });
    expect(own.duplicate).toBe(false);
    const office = await upload(validPdf({ text: "Stranger's birth certificate" }), { actor: staff, studentId: t.demo.strangerStudentId });
    expect(office.duplicate).toBe(false);
    expect(await documentRows(t.demo.strangerStudentId)).toHaveLength(1);
  });
});

describe("file names", () => {
  it.each(TRICK_NAMES.map(({ sent, stored }) => [JSON.stringify(sent).slice(0, 60), sent, stored]))(
    "%s is stored sanitised, and the storage key holds none of it",
    async (_label, sent, stored) => {
      const { document } = await upload(validPdf({ text: `Named ${sent.length} ${sha256(Buffer.from(sent)).slice(0, 8)}` }), { name: sent });
      expect(document.originalName).toBe(stored);
      const [row] = await t.db.select({ key: documents.storageKey }).from(documents).where(eq(documents.id, document.id));
      // The key is made by the server alone: the student's id (a UUID, checked) and a random UUID.
      expect(row!.key).toMatch(new RegExp(`^documents/${childId}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
      expect(fs.existsSync(path.join(root, ...row!.key.split("/")))).toBe(true);
    },
  );

  it("nothing was ever written outside the store's folder", () => {
    expect(fs.existsSync(path.join(root, "..", "passwd"))).toBe(false);
    const everything = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).map((p) => p.split(path.sep)[0]);
    expect([...new Set(everything)].sort()).toEqual([".tmp", "documents"]);
  });
});
