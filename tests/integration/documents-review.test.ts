// Students' documents after upload: office staff verify or reject them (one reviewer wins a race, the
// family is emailed why and where to upload again), the queue filters and pages oldest first, each
// student's checklist and quota, administrators keep the document types, see storage, delete documents
// past retention, and files nobody recorded are swept away.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { auditLog, documents, emailOutbox } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { deleteDocument } from "@/lib/server/documents/delete-document";
import { deleteDocumentType } from "@/lib/server/documents/delete-document-type";
import { deleteExpiredDocuments } from "@/lib/server/documents/delete-expired-documents";
import { getDocumentUsage } from "@/lib/server/documents/get-document-usage";
import { getStudentDocuments } from "@/lib/server/documents/get-student-documents";
import { listDocumentQueue } from "@/lib/server/documents/list-document-queue";
import { listDocumentTypes } from "@/lib/server/documents/list-document-types";
import { listExpiredDocuments } from "@/lib/server/documents/list-expired-documents";
import { reviewDocument } from "@/lib/server/documents/review-document";
import { saveDocumentType } from "@/lib/server/documents/save-document-type";
import { sweepOrphanFiles } from "@/lib/server/documents/sweep-orphan-files";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let staff: Actor;
let parent: Actor;
let student: Actor;
let teacher: Actor;
let otherParentActor: Actor;
let childId: string;
let typeIds: Record<string, string>;
let storeDir: string;
let store: LocalDiskStore;

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error("expected a refusal, but the call succeeded"),
    (error: unknown) => error,
  );
}

/** A document row as an upload would leave it, with its file in the scratch store. */
async function insertDocument(studentId: string, typeName: string, options: { status?: "pending" | "verified" | "rejected"; daysAgo?: number; size?: number } = {}) {
  const key = `documents/${studentId}/${randomUUID()}`;
  const size = options.size ?? 1000;
  await store.put(key, randomBytes(size));
  const [row] = await selectRows<{ id: string; version: number }>(
    t.db,
    sql`insert into documents (student_id, document_type_id, storage_key, original_name, mime_type, size_bytes, sha256, status, rejection_reason, uploaded_by, created_at)
        values (${studentId}, ${typeIds[typeName]!}, ${key}, ${`${typeName}.pdf`}, 'application/pdf', ${size}, ${randomBytes(32).toString("hex")},
                ${options.status ?? "pending"}, ${options.status === "rejected" ? "Blurred" : null}, ${t.demo.parent.userId},
                now() - make_interval(days => ${options.daysAgo ?? 0}::int))
        returning id, version`,
  );
  return { ...row!, key };
}

async function newStudent(options: { status?: "active" | "withdrawn" | "graduated"; leftYearsAgo?: number } = {}) {
  const [row] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into students (admission_number, first_name, last_name, status, status_changed_on)
        values (${`DOC/${randomUUID().slice(0, 8)}`}, 'Docu', ${`Student ${randomUUID().slice(0, 4)}`}, ${options.status ?? "active"},
                ${options.leftYearsAgo === undefined ? null : sql`current_date - make_interval(years => ${options.leftYearsAgo}::int, days => 1)`})
        returning id`,
  );
  return row!.id;
}

const audits = (action: string, entityId: string) =>
  t.db
    .select({ actor: auditLog.actorUserId, before: auditLog.before, after: auditLog.after, reason: auditLog.reason })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

beforeAll(async () => {
  t = await useTestDatabase();
  [admin, staff, parent, student, teacher] = await Promise.all([
    t.actorFor(t.demo.adminUserId),
    t.actorFor(t.demo.staffUserId),
    t.actorFor(t.demo.parent.userId),
    t.actorFor(t.demo.student.userId),
    t.actorFor(t.demo.teacher.userId),
  ]);
  childId = t.demo.parent.studentIds[0]!;
  const types = await selectRows<{ id: string; name: string }>(t.db, sql`select id, name from document_types`);
  typeIds = Object.fromEntries(types.map((type) => [type.name, type.id]));
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "ams-documents-review-"));
  store = new LocalDiskStore(storeDir);

  // A parent of another family only: their child is the stranger student.
  const [user] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into users (email, name, status, email_verified_at) values (${`other.${randomUUID().slice(0, 8)}@docs.test`}, 'Other Parent', 'active', now()) returning id`,
  );
  await t.db.execute(sql`insert into user_roles (user_id, role_id) select ${user!.id}, id from roles where key = 'parent'`);
  const [guardian] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into guardians (user_id, first_name, last_name) values (${user!.id}, 'Other', 'Parent') returning id`,
  );
  await t.db.execute(sql`insert into guardian_students (guardian_id, student_id, relationship, is_primary_contact) values (${guardian!.id}, ${t.demo.strangerStudentId}, 'mother', false)`);
  otherParentActor = await t.actorFor(user!.id);
});

afterAll(() => fs.rmSync(storeDir, { recursive: true, force: true }));

describe("verifying and rejecting a document", () => {
  it("office staff verify a pending document: the status, reviewer and version change, with an audit record", async () => {
    const document = await insertDocument(childId, "Birth certificate");
    const reviewed = await reviewDocument(t.db, staff, { documentId: document.id, version: document.version, decision: "verify" });
    expect(reviewed).toMatchObject({ status: "verified", version: document.version + 1, notified: 0, rejectionReason: null });
    const [stored] = await t.db.select().from(documents).where(eq(documents.id, document.id));
    expect(stored).toMatchObject({ status: "verified", reviewedBy: t.demo.staffUserId, version: 2 });
    expect(await audits("documents.verified", document.id)).toEqual([
      expect.objectContaining({ actor: t.demo.staffUserId, before: { status: "pending", version: 1 }, after: expect.objectContaining({ status: "verified", version: 2 }) }),
    ]);
  });

  it("refuses a decision from anyone without documents.verify, and leaves the document pending", async () => {
    const document = await insertDocument(childId, "Transfer letter");
    for (const actor of [parent, teacher, student]) {
      expect(await thrown(reviewDocument(t.db, actor, { documentId: document.id, version: 1, decision: "verify" }))).toBeInstanceOf(ForbiddenError);
    }
    const [stored] = await t.db.select({ status: documents.status }).from(documents).where(eq(documents.id, document.id));
    expect(stored?.status).toBe("pending");
  });

  it("a rejection needs a reason of at least 3 characters", async () => {
    const document = await insertDocument(childId, "Transfer letter");
    for (const reason of [undefined, "", "no"]) {
      const error = await thrown(reviewDocument(t.db, staff, { documentId: document.id, version: 1, decision: "reject", reason }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.reason?.[0]).toMatch(/why/);
    }
  });

  it("a rejection keeps the reason, is audited with it, and emails each guardian why and where to upload again", async () => {
    const document = await insertDocument(childId, "Transcript from previous school");
    const reason = "The second page is missing";
    const reviewed = await reviewDocument(t.db, staff, { documentId: document.id, version: 1, decision: "reject", reason });
    expect(reviewed.status).toBe("rejected");
    const [stored] = await t.db.select().from(documents).where(eq(documents.id, document.id));
    expect(stored).toMatchObject({ status: "rejected", rejectionReason: reason });
    expect(await audits("documents.rejected", document.id)).toEqual([expect.objectContaining({ reason, after: expect.objectContaining({ rejectionReason: reason }) })]);

    const guardians = await selectRows<{ email: string }>(
      t.db,
      sql`select coalesce(nullif(g.email, ''), u.email) as email from guardian_students gs join guardians g on g.id = gs.guardian_id
          left join users u on u.id = g.user_id where gs.student_id = ${childId} and coalesce(nullif(g.email, ''), u.email) is not null`,
    );
    expect(guardians.length).toBeGreaterThan(0);
    expect(reviewed.notified).toBe(guardians.length);
    const mail = await t.db.select().from(emailOutbox).where(sql`${emailOutbox.textBody} like ${`%${reason}%`}`);
    expect(mail.map((m) => m.toAddress).sort()).toEqual(guardians.map((g) => g.email).sort());
    expect(mail[0]!.subject).toMatch(/transcript from previous school/);
    expect(mail[0]!.textBody).toContain(`/family/children/${childId}`);
    expect(mail[0]!.textBody).toContain("Transcript from previous school.pdf");
  });

  it("when two reviewers decide at once, one wins and the other is told who decided and how", async () => {
    const document = await insertDocument(childId, "Birth certificate");
    const outcomes = await Promise.allSettled([
      reviewDocument(t.db, staff, { documentId: document.id, version: 1, decision: "reject", reason: "Wrong child's certificate" }),
      reviewDocument(t.db, admin, { documentId: document.id, version: 1, decision: "verify" }),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
    const [stored] = await t.db.select().from(documents).where(eq(documents.id, document.id));
    const winner = stored!.reviewedBy === t.demo.staffUserId ? staff : admin;
    expect((lost[0]!.reason as ConflictError).message).toContain(winner.name);
    expect((lost[0]!.reason as ConflictError).message).toMatch(stored!.status === "verified" ? /verified it/ : /rejected it .*Wrong child's certificate/);
    expect(stored!.version).toBe(2);
  });

  it("a decided document can't be decided again, even with its new version", async () => {
    const document = await insertDocument(childId, "Transfer letter");
    await reviewDocument(t.db, staff, { documentId: document.id, version: 1, decision: "verify" });
    const error = await thrown(reviewDocument(t.db, admin, { documentId: document.id, version: 2, decision: "reject", reason: "Changed my mind" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/Already decided/);
    expect(await thrown(reviewDocument(t.db, staff, { documentId: randomUUID(), version: 1, decision: "verify" }))).toBeInstanceOf(NotFoundError);
  });
});

describe("the review queue", () => {
  it("lists pending documents oldest first by default, and filters by type, class, age and status", async () => {
    const queueStudent = await newStudent();
    const old = await insertDocument(queueStudent, "Transfer letter", { daysAgo: 30 });
    const recent = await insertDocument(queueStudent, "Passport photograph", { daysAgo: 1 });
    const verified = await insertDocument(queueStudent, "Birth certificate", { daysAgo: 40, status: "verified" });

    const queue = await listDocumentQueue(t.db, staff, {});
    expect(queue.filters.status).toBe("pending");
    expect(queue.rows.every((row) => row.status === "pending")).toBe(true);
    const times = queue.rows.map((row) => row.uploadedAt);
    expect(times).toEqual([...times].sort());
    const ids = queue.rows.map((row) => row.id);
    expect(ids.indexOf(old.id)).toBeLessThan(ids.indexOf(recent.id));
    expect(ids).not.toContain(verified.id);

    const byType = await listDocumentQueue(t.db, staff, { documentTypeId: typeIds["Passport photograph"] });
    expect(byType.rows.map((row) => row.id)).toContain(recent.id);
    expect(byType.rows.every((row) => row.typeName === "Passport photograph")).toBe(true);

    const aged = await listDocumentQueue(t.db, staff, { olderThanDays: 7 });
    expect(aged.rows.map((row) => row.id)).toContain(old.id);
    expect(aged.rows.map((row) => row.id)).not.toContain(recent.id);

    const verifiedOnes = await listDocumentQueue(t.db, staff, { status: "verified" });
    expect(verifiedOnes.rows.map((row) => row.id)).toContain(verified.id);

    // The demo child's class this year: only documents of students in it.
    const [klass] = await selectRows<{ id: string }>(
      t.db,
      sql`select e.class_id as id from enrolments e join academic_years y on y.id = e.academic_year_id and y.is_current where e.student_id = ${childId} and e.status = 'active'`,
    );
    const childDocument = await insertDocument(childId, "Passport photograph", { daysAgo: 2 });
    const inClass = await listDocumentQueue(t.db, staff, { classId: klass!.id });
    expect(inClass.rows.map((row) => row.id)).toContain(childDocument.id);
    expect(inClass.rows.map((row) => row.id)).not.toContain(old.id);
    expect(queue.classes.map((c) => c.id)).toContain(klass!.id);
  });

  it("pages the queue and keeps it from teachers and families", async () => {
    const pagingStudent = await newStudent();
    for (let i = 0; i < 3; i++) await insertDocument(pagingStudent, "Transfer letter", { daysAgo: 100 + i });
    const first = await listDocumentQueue(t.db, staff, { page: 1 });
    expect(first.total).toBeGreaterThanOrEqual(3);
    expect(first.pages).toBe(Math.max(1, Math.ceil(first.total / first.pageSize)));
    // The three 100+ days old are the oldest pending: first on page 1.
    expect(first.rows.slice(0, 3).every((row) => row.studentId === pagingStudent)).toBe(true);
    for (const actor of [teacher, parent, student]) expect(await thrown(listDocumentQueue(t.db, actor, {}))).toBeInstanceOf(ForbiddenError);
    expect(await thrown(listDocumentQueue(t.db, staff, { status: "lost" as "pending" }))).toBeInstanceOf(ValidationError);
  });
});

describe("a student's documents", () => {
  it("shows the family the checklist of every type, the documents newest first and the quota used", async () => {
    const checklistStudent = t.demo.parent.studentIds[1] ?? childId;
    await t.db.execute(sql`delete from documents where student_id = ${checklistStudent}`);
    await insertDocument(checklistStudent, "Birth certificate", { status: "rejected", daysAgo: 5, size: 2000 });
    await insertDocument(checklistStudent, "Birth certificate", { daysAgo: 1, size: 3000 });
    await insertDocument(checklistStudent, "Transfer letter", { status: "rejected", daysAgo: 2, size: 500 });
    await insertDocument(checklistStudent, "Passport photograph", { status: "verified", daysAgo: 3, size: 1500 });

    const view = await getStudentDocuments(t.db, parent, { studentId: checklistStudent }, { quotaBytes: 10_000 });
    const state = Object.fromEntries(view.checklist.map((item) => [item.name, item.state]));
    expect(state).toEqual({
      "Birth certificate": "received",
      "Transfer letter": "rejected",
      "Passport photograph": "verified",
      "Transcript from previous school": "missing",
    });
    expect(view.checklist[0]).toMatchObject({ name: "Birth certificate", requiredAtAdmission: true });
    expect(view.checklist.find((item) => item.name === "Transfer letter")?.rejectionReason).toBe("Blurred");
    expect(view.documents).toHaveLength(4);
    expect(view.documents.map((d) => d.uploadedAt)).toEqual(view.documents.map((d) => d.uploadedAt).sort().reverse());
    expect(view.usage).toEqual({ usedBytes: 7000, quotaBytes: 10_000 });
    expect(view).toMatchObject({ canUpload: true, canReview: false });
    expect(view.documents.every((d) => d.reviewedBy === null)).toBe(true);

    const office = await getStudentDocuments(t.db, staff, { studentId: checklistStudent });
    expect(office).toMatchObject({ canUpload: true, canReview: true });
  });

  it("is not found for another family, a teacher, or a student looking at someone else", async () => {
    for (const actor of [otherParentActor, teacher]) {
      expect(await thrown(getStudentDocuments(t.db, actor, { studentId: childId }))).toBeInstanceOf(NotFoundError);
    }
    expect(await thrown(getStudentDocuments(t.db, student, { studentId: t.demo.strangerStudentId }))).toBeInstanceOf(NotFoundError);
    const own = await getStudentDocuments(t.db, student, { studentId: t.demo.student.studentId });
    expect(own.canUpload).toBe(false);
  });
});

describe("document types", () => {
  it("administrators add, change and list types; names are unique whatever their case", async () => {
    const created = await saveDocumentType(t.db, admin, { name: "Medical form", allowedMimeTypes: ["image/png", "application/pdf"], maxSizeMb: "0.5", requiredAtAdmission: true });
    expect(created).toMatchObject({ outcome: "created", type: { name: "Medical form", allowedMimeTypes: ["application/pdf", "image/png"], maxBytes: 524288, requiredAtAdmission: true } });
    const duplicate = await thrown(saveDocumentType(t.db, admin, { name: "MEDICAL FORM", allowedMimeTypes: ["application/pdf"], maxSizeMb: "1" }));
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect((duplicate as ConflictError).fieldErrors.name).toBeDefined();

    const updated = await saveDocumentType(t.db, admin, { id: created.type.id, name: "Medical form", allowedMimeTypes: ["application/pdf"], maxSizeMb: "2", requiredAtAdmission: false });
    expect(updated).toMatchObject({ outcome: "updated", type: { maxBytes: 2 * 1024 * 1024, allowedMimeTypes: ["application/pdf"] } });
    expect(await audits("document_types.updated", created.type.id)).toHaveLength(1);
    const again = await saveDocumentType(t.db, admin, { id: created.type.id, name: "Medical form", allowedMimeTypes: ["application/pdf"], maxSizeMb: "2", requiredAtAdmission: false });
    expect(again.outcome).toBe("unchanged");

    const listed = await listDocumentTypes(t.db, admin);
    expect(listed.find((type) => type.id === created.type.id)).toMatchObject({ documentCount: 0 });
  });

  it("refuses no format, a size outside 1 KB to 20 MB, and office staff", async () => {
    const none = await thrown(saveDocumentType(t.db, admin, { name: "Nothing allowed", allowedMimeTypes: [], maxSizeMb: "1" }));
    expect((none as ValidationError).fieldErrors.allowedMimeTypes).toBeDefined();
    for (const maxSizeMb of ["21", "0.0001", "abc"]) {
      const error = await thrown(saveDocumentType(t.db, admin, { name: "Too big", allowedMimeTypes: ["application/pdf"], maxSizeMb }));
      expect((error as ValidationError).fieldErrors.maxSizeMb).toBeDefined();
    }
    expect(await thrown(saveDocumentType(t.db, staff, { name: "Office type", allowedMimeTypes: ["application/pdf"], maxSizeMb: "1" }))).toBeInstanceOf(ForbiddenError);
    expect(await thrown(listDocumentTypes(t.db, staff))).toBeInstanceOf(ForbiddenError);
  });

  it("deletes an unused type, and refuses one with documents, saying how many", async () => {
    const unused = await saveDocumentType(t.db, admin, { name: "Unused form", allowedMimeTypes: ["application/pdf"], maxSizeMb: "1" });
    await deleteDocumentType(t.db, admin, { id: unused.type.id });
    expect(await audits("document_types.deleted", unused.type.id)).toHaveLength(1);

    const used = await saveDocumentType(t.db, admin, { name: "Used form", allowedMimeTypes: ["application/pdf"], maxSizeMb: "1" });
    typeIds["Used form"] = used.type.id;
    await insertDocument(childId, "Used form");
    const error = await thrown(deleteDocumentType(t.db, admin, { id: used.type.id }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/1 document is on record/);
  });
});

describe("storage, deletion, retention and the orphan sweep", () => {
  it("administrators see total storage and the students using the most, with the quota", async () => {
    const heavy = await newStudent();
    await insertDocument(heavy, "Transfer letter", { size: 900_000 });
    const usage = await getDocumentUsage(t.db, admin, { quotaBytes: 5_000_000 });
    const [total] = await selectRows<{ bytes: number }>(t.db, sql`select sum(size_bytes)::float8 as bytes from documents`);
    expect(usage.totalBytes).toBe(total!.bytes);
    expect(usage.quotaBytes).toBe(5_000_000);
    expect(usage.topStudents[0]).toMatchObject({ studentId: heavy, usedBytes: 900_000, documentCount: 1 });
    expect(usage.topStudents.length).toBeLessThanOrEqual(20);
    expect(await thrown(getDocumentUsage(t.db, staff))).toBeInstanceOf(ForbiddenError);
  });

  it("office staff delete a document: the row goes with an audit record, then the file", async () => {
    const document = await insertDocument(childId, "Transfer letter");
    expect(await thrown(deleteDocument(t.db, parent, store, { documentId: document.id }))).toBeInstanceOf(ForbiddenError);
    await deleteDocument(t.db, staff, store, { documentId: document.id, reason: "Uploaded for the wrong child" });
    expect(await t.db.select().from(documents).where(eq(documents.id, document.id))).toEqual([]);
    expect(await store.get(document.key)).toBeNull();
    expect(await audits("documents.deleted", document.id)).toEqual([expect.objectContaining({ reason: "Uploaded for the wrong child", before: expect.objectContaining({ type: "Transfer letter" }) })]);
    expect(await thrown(deleteDocument(t.db, staff, store, { documentId: document.id }))).toBeInstanceOf(NotFoundError);
  });

  it("lists students past retention and deletes only those confirmed and still expired, files included", async () => {
    const longGone = await newStudent({ status: "withdrawn", leftYearsAgo: 8 });
    const alsoGone = await newStudent({ status: "graduated", leftYearsAgo: 10 });
    const recentlyLeft = await newStudent({ status: "graduated", leftYearsAgo: 2 });
    const stillHere = await newStudent();
    const gone = [await insertDocument(longGone, "Birth certificate", { size: 1200 }), await insertDocument(longGone, "Transfer letter", { size: 800 })];
    const kept = await insertDocument(alsoGone, "Birth certificate");
    await insertDocument(recentlyLeft, "Birth certificate");
    await insertDocument(stillHere, "Birth certificate");

    const listed = await listExpiredDocuments(t.db, admin, { retentionYears: 7 });
    expect(listed.retentionYears).toBe(7);
    const ids = listed.students.map((s) => s.studentId);
    expect(ids).toEqual(expect.arrayContaining([longGone, alsoGone]));
    expect(ids).not.toContain(recentlyLeft);
    expect(ids).not.toContain(stillHere);
    expect(listed.students.find((s) => s.studentId === longGone)).toMatchObject({ documentCount: 2, totalBytes: 2000, status: "withdrawn" });

    // The administrator confirms longGone, plus ids that are not (or no longer) expired: those are untouched.
    const result = await deleteExpiredDocuments(t.db, admin, store, { studentIds: [longGone, recentlyLeft, stillHere] }, { retentionYears: 7 });
    expect(result).toEqual({ students: 1, documents: 2, bytes: 2000, filesNotRemoved: 0 });
    const left = await selectRows<{ studentId: string }>(t.db, sql`select student_id as "studentId" from documents where student_id in (${longGone}, ${alsoGone}, ${recentlyLeft}, ${stillHere})`);
    expect(left.map((r) => r.studentId).sort()).toEqual([alsoGone, recentlyLeft, stillHere].sort());
    for (const document of gone) expect(await store.get(document.key)).toBeNull();
    expect(await store.get(kept.key)).not.toBeNull();
    expect(await audits("documents.retention_deleted", longGone)).toEqual([expect.objectContaining({ actor: t.demo.adminUserId })]);
    expect(await thrown(deleteExpiredDocuments(t.db, staff, store, { studentIds: [alsoGone] }))).toBeInstanceOf(ForbiddenError);
  });

  it("sweeps files with no record that are older than an hour, and keeps recorded and recent ones", async () => {
    // A store of its own: earlier tests removed rows directly and left their files behind.
    const sweepStore = new LocalDiskStore(path.join(storeDir, "sweep"));
    const recorded = await insertDocument(childId, "Transfer letter");
    await sweepStore.put(recorded.key, randomBytes(10));
    const orphanOld = `documents/${childId}/${randomUUID()}`;
    const orphanRecent = `documents/${childId}/${randomUUID()}`;
    const elsewhere = `report-cards/${randomUUID()}`;
    for (const key of [orphanOld, orphanRecent, elsewhere]) await sweepStore.put(key, randomBytes(10));
    const now = new Date();
    const written = new Map([[orphanOld, new Date(now.getTime() - 2 * 3600_000)], [orphanRecent, new Date(now.getTime() - 10 * 60_000)]]);
    const result = await sweepOrphanFiles(t.db, sweepStore, { now, modifiedAt: async (key) => written.get(key) ?? new Date(now.getTime() - 24 * 3600_000) });
    expect(result.removed).toBe(1);
    expect(result.tooRecent).toBe(1);
    expect(await sweepStore.get(orphanOld)).toBeNull();
    expect(await sweepStore.get(orphanRecent)).not.toBeNull();
    expect(await sweepStore.get(recorded.key)).not.toBeNull();
    expect(await sweepStore.get(elsewhere)).not.toBeNull();
  });
});
