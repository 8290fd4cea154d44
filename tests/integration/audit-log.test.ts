// The audit trail page's data: filtered and paged on the server, and readable by administrators only.
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog } from "@/lib/db/schema";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { listAuditActions, listAuditLog } from "@/lib/server/audit/list-audit-log";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor, teacher: Actor, parent: Actor;

// Written through writeAudit, in this order, so newest first is e6 … e1.
const written = [
  { entityId: "e1", action: "exam.score_changed", by: "teacher" },
  { entityId: "e2", action: "exam.score_changed", by: "teacher" },
  { entityId: "e3", action: "exam.published", by: "admin" },
  { entityId: "e4", action: "exam.score_changed", by: "admin" },
  { entityId: "e5", action: "exam.published", by: "system" },
  { entityId: "e6", action: "roles.granted", by: "admin" },
] as const;

// writeAudit stamps the time of writing and the log is append-only, so records on known days
// (for the date range boundaries) are inserted with their time, long before the seeded school's.
const dated = [
  { entityId: "d1", at: "2020-03-01T23:59:59.999Z" },
  { entityId: "d2", at: "2020-03-02T00:00:00.000Z" },
  { entityId: "d3", at: "2020-03-02T12:00:00.000Z" },
  { entityId: "d4", at: "2020-03-03T23:59:59.999Z" },
  { entityId: "d5", at: "2020-03-04T00:00:00.000Z" },
] as const;

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  for (const entry of written) {
    const actor = entry.by === "admin" ? admin : entry.by === "teacher" ? teacher : null;
    await writeAudit(t.db, actor && { ...actor, requestId: `req-${entry.entityId}` }, {
      action: entry.action,
      entityType: entry.action === "roles.granted" ? "user" : "exam_score",
      entityId: entry.entityId,
      before: entry.action === "exam.score_changed" ? { score: "41.50" } : null,
      after: entry.action === "exam.score_changed" ? { score: "45.00", notes: ["recounted"] } : { state: "done" },
      reason: entry.entityId === "e4" ? "Marking error on question 3" : null,
    });
  }
  await t.db.insert(auditLog).values(
    dated.map((d) => ({ action: "term.closed", entityType: "term", entityId: d.entityId, occurredAt: new Date(d.at) })),
  );
});

describe("audit trail for an administrator", () => {
  it("filters by a kind of action, newest first, with the total and server-side pages", async () => {
    const page1 = await listAuditLog(t.db, admin, { action: "exam.", pageSize: 2 });
    expect(page1.total).toBe(5);
    expect(page1.entries.map((e) => e.entityId)).toEqual(["e5", "e4"]);
    const page3 = await listAuditLog(t.db, admin, { action: "exam.", pageSize: 2, page: 3 });
    expect(page3.entries.map((e) => e.entityId)).toEqual(["e1"]);
    expect(page3.total).toBe(5);
  });

  it("shows who did it, what changed and why, as plain data", async () => {
    const [system, byAdmin] = (await listAuditLog(t.db, admin, { action: "exam.", pageSize: 2 })).entries;
    expect(system).toMatchObject({ entityId: "e5", actorName: "System", actorEmail: null, requestId: null, before: null, after: { state: "done" } });
    expect(byAdmin).toEqual({
      id: expect.any(Number),
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      actorName: admin.name,
      actorEmail: admin.email,
      action: "exam.score_changed",
      entityType: "exam_score",
      entityId: "e4",
      reason: "Marking error on question 3",
      before: { score: "41.50" },
      after: { score: "45.00", notes: ["recounted"] },
      requestId: "req-e4",
    });
  });

  it("includes the whole first and last day of a date range, and nothing outside it", async () => {
    const range = await listAuditLog(t.db, admin, { from: "2020-03-02", to: "2020-03-03" });
    expect(range.entries.map((e) => e.entityId)).toEqual(["d4", "d3", "d2"]);
    expect(range.total).toBe(3);
    const oneDay = await listAuditLog(t.db, admin, { action: "term.closed", from: "2020-03-02", to: "2020-03-02" });
    expect(oneDay.entries.map((e) => e.entityId)).toEqual(["d3", "d2"]);
  });

  it("combines a date range with an action filter", async () => {
    const { entries: today, total } = await listAuditLog(t.db, admin, { action: "exam.", pageSize: 1 });
    const day = today[0]!.occurredAt.slice(0, 10);
    expect((await listAuditLog(t.db, admin, { action: "exam.", from: day, to: day })).total).toBe(total);
    expect((await listAuditLog(t.db, admin, { action: "exam.", to: "2020-12-31" })).total).toBe(0);
  });

  it("matches an action without a trailing dot exactly, not as a prefix", async () => {
    expect((await listAuditLog(t.db, admin, { action: "exam.published" })).total).toBe(2);
    expect((await listAuditLog(t.db, admin, { action: "exam.publish" })).total).toBe(0);
  });

  it("finds a user's entries by id or by part of their email, and filters by record type", async () => {
    const byId = await listAuditLog(t.db, admin, { user: teacher.userId, action: "exam." });
    expect(byId.entries.map((e) => e.entityId)).toEqual(["e2", "e1"]);
    const byEmail = await listAuditLog(t.db, admin, { user: teacher.email.slice(0, -3).toUpperCase(), action: "exam." });
    expect(byEmail.entries.map((e) => e.entityId)).toEqual(["e2", "e1"]);
    const byType = await listAuditLog(t.db, admin, { entityType: "user", action: "roles." });
    expect(byType.entries.map((e) => e.entityId)).toEqual(["e6"]);
  });

  it("reports the total even past the last page", async () => {
    const result = await listAuditLog(t.db, admin, { action: "exam.", page: 50 });
    expect(result.entries).toEqual([]);
    expect(result.total).toBe(5);
  });

  it("lists each recorded action once, in character order, for the filter", async () => {
    const actions = await listAuditActions(t.db, admin);
    expect(actions).toEqual([...new Set(actions)].sort());
    expect(actions).toEqual(expect.arrayContaining(["exam.published", "exam.score_changed", "roles.granted", "term.closed"]));
  });
});

describe("audit trail refusals", () => {
  it("is refused to a teacher and a parent", async () => {
    for (const actor of [teacher, parent]) {
      await expect(listAuditLog(t.db, actor, {})).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listAuditActions(t.db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("rejects an impossible date with an error on that field", async () => {
    const error = await listAuditLog(t.db, admin, { from: "2020-02-30" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors)).toEqual(["from"]);
    await expect(listAuditLog(t.db, admin, { to: "yesterday" })).rejects.toMatchObject({ fieldErrors: { to: [expect.any(String)] } });
  });

  it("rejects a range that ends before it starts, on the To field", async () => {
    await expect(listAuditLog(t.db, admin, { from: "2020-03-04", to: "2020-03-01" })).rejects.toMatchObject({
      fieldErrors: { to: ["Must be on or after the From date"] },
    });
  });

  it("caps a page at 100 entries", async () => {
    await expect(listAuditLog(t.db, admin, { pageSize: 500 })).rejects.toMatchObject({ fieldErrors: { pageSize: [expect.any(String)] } });
  });
});
