// The public API (/api/v1) called through its route handlers with real Request objects: personal
// tokens (made, listed, revoked, refused when expired, revoked, ended or out of scope), the same
// reach as in the browser (a parent's children only, a teacher's own classes only), published
// results only, scores written through the grade grid's own write, rate limits and problem answers.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as classesRoute } from "@/app/api/v1/classes/route";
import { GET as enrolmentsRoute } from "@/app/api/v1/enrolments/route";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { GET as resultsRoute } from "@/app/api/v1/results/route";
import { PUT as scoresRoute } from "@/app/api/v1/scores/route";
import { GET as studentsRoute } from "@/app/api/v1/students/route";
import { GET as subjectsRoute } from "@/app/api/v1/subjects/route";
import type { Actor } from "@/lib/auth/policy";
import { hashToken } from "@/lib/auth/tokens";
import { selectRows } from "@/lib/db/client";
import { type ApiScope, apiTokens, auditLog, users } from "@/lib/db/schema";
import { ValidationError } from "@/lib/errors";
import { getRedis } from "@/lib/redis";
import { createApiToken } from "@/lib/server/api-tokens/create-api-token";
import { listMyApiTokens } from "@/lib/server/api-tokens/list-my-api-tokens";
import { revokeApiToken } from "@/lib/server/api-tokens/revoke-api-token";
import { signOutEverywhere } from "@/lib/server/auth/sessions";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { publishTermResults } from "@/lib/server/results/publish-term-results";
import { consume, reset as resetRateLimit } from "@/lib/server/security/rate-limit";
import {
  apiClassPage,
  apiEnrolmentPage,
  apiProblem,
  apiPutScoresResult,
  apiResultPage,
  apiStudentPage,
  apiSubjectPage,
} from "@/lib/validation/api";
import { type TestDatabase, useTestDatabase } from "../support/database";

const mocked = vi.hoisted(() => ({ handle: null as import("@/lib/db/client").DatabaseHandle | null }));

vi.mock("@/lib/db", () => ({
  getDb: async () => mocked.handle!.db,
  getDatabaseHandle: async () => mocked.handle!,
}));

type Handler = (request: Request) => Promise<Response>;
type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { data?: Array<Record<string, unknown>> } };

async function call(
  handler: Handler,
  path: string,
  options: { token?: string | null; query?: Record<string, string>; body?: unknown; method?: string; authorization?: string } = {},
): Promise<Answer> {
  const url = new URL(`/api/v1${path}`, "http://localhost:3000");
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const headers = new Headers({ "x-request-id": `api-v1-${randomUUID()}` });
  if (options.authorization) headers.set("authorization", options.authorization);
  else if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const init: RequestInit = { method: options.method ?? (options.body === undefined ? "GET" : "PUT"), headers };
  if (options.body !== undefined) {
    headers.set("content-type", "application/json");
    init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const response = await handler(new Request(url, init));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer["body"] };
}

function expectProblem(answer: Answer, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  return apiProblem.parse(answer.body);
}

let t: TestDatabase;
let admin: Actor;
let staff: Actor;
let teacher: Actor;
let otherTeacher: Actor;
let parent: Actor;
let student: Actor;

/** A token made the way the account page makes one. */
async function tokenFor(actor: Actor, scopes: ApiScope[], expiresInDays = 30): Promise<string> {
  return (await createApiToken(t.db, actor, { name: `test ${randomUUID().slice(0, 6)}`, scopes, expiresInDays })).secret;
}

/** A token written straight into the table, skipping creation's checks: what a forged or outdated grant would be. */
async function forgedToken(userId: string, scopes: ApiScope[]): Promise<string> {
  const secret = `ams_${randomUUID().replace(/-/g, "")}${"x".repeat(11)}`;
  const [user] = await t.db.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, userId));
  await t.db.insert(apiTokens).values({
    userId,
    name: "forged",
    tokenPrefix: secret.slice(4, 12),
    tokenHash: hashToken(secret),
    scopes,
    sessionVersion: user!.sessionVersion,
    expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000),
  });
  return secret;
}

/** A throwaway office account, for changes no other test should see (sign-out everywhere, deactivation). */
async function throwawayStaff(): Promise<Actor> {
  const [user] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into users (email, name, status, email_verified_at) values (${`office.${randomUUID().slice(0, 8)}@api.test`}, 'Office Throwaway', 'active', now()) returning id`,
  );
  await t.db.execute(sql`insert into user_roles (user_id, role_id) select ${user!.id}, id from roles where key = 'staff'`);
  return t.actorFor(user!.id);
}

const classOf = async (studentId: string) =>
  (await selectRows<{ id: string }>(t.db, sql`select class_id as id from enrolments where student_id = ${studentId} and status = 'active'`))[0]!.id;

beforeAll(async () => {
  t = await useTestDatabase();
  mocked.handle = t;
  admin = await t.actorFor(t.demo.adminUserId);
  staff = await t.actorFor(t.demo.staffUserId);
  teacher = await t.actorFor(t.demo.teacher.userId);
  otherTeacher = await t.actorFor(t.demo.otherTeacher.userId);
  parent = await t.actorFor(t.demo.parent.userId);
  student = await t.actorFor(t.demo.student.userId);
});

afterAll(() => {
  getRedis()?.disconnect();
});

describe("making, listing and revoking tokens", () => {
  it("returns the secret once and stores only its SHA-256, a prefix, the scopes and an audit record", async () => {
    const created = await createApiToken(t.db, teacher, { name: "Timetable sync", scopes: ["scores:write", "classes:read"], expiresInDays: 90 });
    expect(created.secret).toMatch(/^ams_[A-Za-z0-9_-]{43}$/);
    expect(created.token.prefix).toBe(created.secret.slice(4, 12));
    // Stored in catalogue order, whatever order they were ticked in.
    expect(created.token.scopes).toEqual(["classes:read", "scores:write"]);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.token.id));
    expect(row!.tokenHash).toBe(hashToken(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(4));
    const days = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(90, 5);
    const listed = await listMyApiTokens(t.db, teacher);
    expect(listed.find((token) => token.id === created.token.id)).toEqual({ ...created.token, lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(row!.tokenHash);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "api_token.created"), eq(auditLog.actorUserId, teacher.userId)));
    expect(audit.some((a) => (a.after as { tokenId: string }).tokenId === created.token.id)).toBe(true);
  });

  it("refuses, with a field error, a scope the user's role can't use", async () => {
    const error = await createApiToken(t.db, parent, { name: "Sneaky", scopes: ["results:read", "scores:write"], expiresInDays: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors.scopes).toEqual(["Your account can't use scores:write."]);
    const studentError = await createApiToken(t.db, student, { name: "Classes", scopes: ["classes:read"], expiresInDays: 30 }).catch((e: unknown) => e);
    expect((studentError as ValidationError).fieldErrors.scopes).toEqual(["Your account can't use classes:read."]);
    const teacherError = await createApiToken(t.db, teacher, { name: "Results", scopes: ["results:read"], expiresInDays: 30 }).catch((e: unknown) => e);
    expect((teacherError as ValidationError).fieldErrors.scopes).toBeDefined();
  });

  it("refuses no scopes, an empty name and a lifetime over a year, each on its field; the database refuses a longer one too", async () => {
    const error = (await createApiToken(t.db, staff, { name: " ", scopes: [], expiresInDays: 400 }).catch((e: unknown) => e)) as ValidationError;
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["expiresInDays", "name", "scopes"]);
    await expect(
      t.db.insert(apiTokens).values({
        userId: staff.userId,
        name: "too long",
        tokenPrefix: "abcdefgh",
        tokenHash: hashToken(randomUUID()),
        scopes: ["students:read"],
        sessionVersion: 1,
        expiresAt: new Date(Date.now() + 400 * 86_400_000),
      }),
    ).rejects.toThrow();
  });

  it("lets an owner revoke their own token once (a second revoke changes nothing), refuses other people's, and lets an admin revoke anyone's", async () => {
    const mine = await createApiToken(t.db, parent, { name: "Mine", scopes: ["results:read"], expiresInDays: 7 });
    await expect(revokeApiToken(t.db, teacher, { tokenId: mine.token.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await revokeApiToken(t.db, parent, { tokenId: mine.token.id })).toEqual({ alreadyRevoked: false });
    expect(await revokeApiToken(t.db, parent, { tokenId: mine.token.id })).toEqual({ alreadyRevoked: true });
    const audits = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where action = 'api_token.revoked' and after->>'tokenId' = ${mine.token.id}`,
    );
    expect(audits[0]!.n).toBe(1);
    expect((await listMyApiTokens(t.db, parent)).some((token) => token.id === mine.token.id)).toBe(false);

    const teachers = await createApiToken(t.db, teacher, { name: "Teacher's", scopes: ["classes:read"], expiresInDays: 7 });
    expect(await revokeApiToken(t.db, admin, { tokenId: teachers.token.id })).toEqual({ alreadyRevoked: false });
    const [row] = await t.db.select({ revokedBy: apiTokens.revokedBy }).from(apiTokens).where(eq(apiTokens.id, teachers.token.id));
    expect(row!.revokedBy).toBe(admin.userId);
  });
});

describe("authentication", () => {
  it("refuses a request without a token, with a bearer challenge and a problem", async () => {
    const answer = await call(studentsRoute, "/students");
    const problem = expectProblem(answer, 401);
    expect(problem.type).toMatch(/unauthenticated$/);
    expect(answer.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("refuses a malformed header and an unknown token alike", async () => {
    expectProblem(await call(studentsRoute, "/students", { authorization: "Basic dXNlcjpwYXNz" }), 401);
    expectProblem(await call(studentsRoute, "/students", { authorization: "Bearer not-a-token" }), 401);
    const unknown = await call(studentsRoute, "/students", { token: `ams_${"A".repeat(43)}` });
    expect(expectProblem(unknown, 401).detail).toMatch(/not recognised/);
  });

  it("refuses an expired token", async () => {
    const secret = await tokenFor(staff, ["students:read"]);
    await t.db
      .update(apiTokens)
      .set({ createdAt: new Date(Date.now() - 10 * 86_400_000), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.tokenHash, hashToken(secret)));
    expect(expectProblem(await call(studentsRoute, "/students", { token: secret }), 401).detail).toMatch(/expired/);
  });

  it("refuses a revoked token at once", async () => {
    const created = await createApiToken(t.db, staff, { name: "Revoked", scopes: ["students:read"], expiresInDays: 7 });
    expect((await call(studentsRoute, "/students", { token: created.secret })).status).toBe(200);
    await revokeApiToken(t.db, staff, { tokenId: created.token.id });
    expect(expectProblem(await call(studentsRoute, "/students", { token: created.secret }), 401).detail).toMatch(/revoked/);
  });

  it("ends a token when every session of its owner is ended, and refuses a disabled account's token", async () => {
    const office = await throwawayStaff();
    const ended = await tokenFor(office, ["students:read"]);
    expect((await call(studentsRoute, "/students", { token: ended })).status).toBe(200);
    await signOutEverywhere(t.db, office);
    expect(expectProblem(await call(studentsRoute, "/students", { token: ended }), 401).detail).toMatch(/every session/);
    expect((await listMyApiTokens(t.db, office))[0]!.status).toBe("ended");

    const disabled = await tokenFor(office, ["students:read"]);
    expect((await call(studentsRoute, "/students", { token: disabled })).status).toBe(200);
    await t.db.update(users).set({ status: "disabled" }).where(eq(users.id, office.userId));
    expectProblem(await call(studentsRoute, "/students", { token: disabled }), 401);
  });

  it("records when a token was last used, at most once a minute", async () => {
    const created = await createApiToken(t.db, staff, { name: "Used", scopes: ["students:read"], expiresInDays: 7 });
    await call(studentsRoute, "/students", { token: created.secret });
    const lastUsed = async () => (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, created.token.id)))[0]!.at;
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await call(studentsRoute, "/students", { token: created.secret });
    expect(await lastUsed()).toEqual(first);
  });
});

describe("scopes", () => {
  it("refuses an operation outside the token's scopes with 403, and records the refusal", async () => {
    const secret = await tokenFor(staff, ["students:read"]);
    const problem = expectProblem(await call(classesRoute, "/classes", { token: secret }), 403);
    expect(problem.detail).toMatch(/classes:read/);
    const refusals = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "auth.refused"), eq(auditLog.actorUserId, staff.userId)));
    expect(refusals.some((r) => r.entityId === "GET /api/v1/classes")).toBe(true);
  });

  it("cuts a token's scopes to what its owner's roles allow today", async () => {
    // A parent's token claiming classes:read and scores:write (creation would refuse both).
    const forged = await forgedToken(t.demo.parent.userId, ["classes:read", "scores:write", "students:read"]);
    expectProblem(await call(classesRoute, "/classes", { token: forged }), 403);
    expectProblem(await call(scoresRoute, "/scores", { token: forged, body: { classId: randomUUID(), subjectId: randomUUID(), assessmentId: randomUUID(), scores: [] } }), 403);
    expect((await call(studentsRoute, "/students", { token: forged })).status).toBe(200);
  });

  it("refuses a student's token everything but their own records", async () => {
    const secret = await tokenFor(student, ["students:read", "enrolments:read", "results:read"]);
    const students = await call(studentsRoute, "/students", { token: secret });
    expect(apiStudentPage.parse(students.body).data.map((s) => s.id)).toEqual([t.demo.student.studentId]);
    const enrolments = apiEnrolmentPage.parse((await call(enrolmentsRoute, "/enrolments", { token: secret, query: { status: "all" } })).body);
    expect(new Set(enrolments.data.map((e) => e.studentId))).toEqual(new Set([t.demo.student.studentId]));
    const forged = await forgedToken(t.demo.student.userId, ["scores:write", "classes:read"]);
    expectProblem(await call(classesRoute, "/classes", { token: forged }), 403);
    const body = { classId: await classOf(t.demo.student.studentId), subjectId: t.demo.teacher.subjectId, assessmentId: randomUUID(), scores: [{ studentId: t.demo.student.studentId, score: 10 }] };
    expectProblem(await call(scoresRoute, "/scores", { token: forged, body }), 403);
  });
});

describe("reading", () => {
  it("gives a parent only their own children, and a teacher only the students of the classes they teach", async () => {
    const parentPage = apiStudentPage.parse((await call(studentsRoute, "/students", { token: await tokenFor(parent, ["students:read"]) })).body);
    expect(parentPage.data.map((s) => s.id).sort()).toEqual([...t.demo.parent.studentIds].sort());
    expect(parentPage.total).toBe(t.demo.parent.studentIds.length);

    const teacherToken = await tokenFor(teacher, ["students:read", "classes:read", "subjects:read", "enrolments:read"]);
    const strangerClass = await classOf(t.demo.strangerStudentId);
    const strangers = apiStudentPage.parse((await call(studentsRoute, "/students", { token: teacherToken, query: { classId: strangerClass } })).body);
    expect(strangers).toMatchObject({ data: [], total: 0 });
    const ownClass = t.demo.teacher.classIds[0]!;
    const own = apiStudentPage.parse((await call(studentsRoute, "/students", { token: teacherToken, query: { classId: ownClass, pageSize: "100" } })).body);
    expect(own.total).toBeGreaterThan(0);
    expect(own.data).toHaveLength(own.total);
  });

  it("lists a teacher's own classes, subjects and enrolments, and everything for the office", async () => {
    const teacherToken = await tokenFor(teacher, ["classes:read", "subjects:read", "enrolments:read"]);
    const taught = await selectRows<{ id: string }>(
      t.db,
      sql`select c.id from classes c join academic_years y on y.id = c.academic_year_id and y.is_current
          where c.class_teacher_id = ${t.demo.teacher.educatorId}
             or c.id in (select so.class_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id where ot.educator_id = ${t.demo.teacher.educatorId})`,
    );
    const classes = apiClassPage.parse((await call(classesRoute, "/classes", { token: teacherToken, query: { pageSize: "100" } })).body);
    expect(classes.data.map((c) => c.id).sort()).toEqual(taught.map((c) => c.id).sort());
    const allClasses = apiClassPage.parse((await call(classesRoute, "/classes", { token: await tokenFor(staff, ["classes:read"]), query: { pageSize: "100" } })).body);
    expect(allClasses.total).toBe(t.demo.classIds.length);
    expect(allClasses.total).toBeGreaterThan(classes.total);

    const subjects = apiSubjectPage.parse((await call(subjectsRoute, "/subjects", { token: teacherToken })).body);
    expect(subjects.data.map((s) => s.id)).toContain(t.demo.teacher.subjectId);
    const allSubjects = apiSubjectPage.parse((await call(subjectsRoute, "/subjects", { token: await tokenFor(staff, ["subjects:read"]), query: { pageSize: "100" } })).body);
    expect(allSubjects.total).toBeGreaterThan(subjects.total);

    const strangerClass = await classOf(t.demo.strangerStudentId);
    const none = apiEnrolmentPage.parse((await call(enrolmentsRoute, "/enrolments", { token: teacherToken, query: { classId: strangerClass } })).body);
    expect(none.total).toBe(0);
    const ownClass = t.demo.teacher.classIds[0]!;
    const enrolled = apiEnrolmentPage.parse((await call(enrolmentsRoute, "/enrolments", { token: teacherToken, query: { classId: ownClass } })).body);
    expect(enrolled.total).toBeGreaterThan(0);
    expect(enrolled.data.every((e) => e.classId === ownClass && e.status === "active")).toBe(true);
  });

  it("pages with page and pageSize, and counts past the last page", async () => {
    const token = await tokenFor(staff, ["students:read"]);
    const first = apiStudentPage.parse((await call(studentsRoute, "/students", { token, query: { pageSize: "5" } })).body);
    const second = apiStudentPage.parse((await call(studentsRoute, "/students", { token, query: { pageSize: "5", page: "2" } })).body);
    expect(first.data).toHaveLength(5);
    expect(second.data.map((s) => s.id).some((id) => first.data.some((s) => s.id === id))).toBe(false);
    const beyond = apiStudentPage.parse((await call(studentsRoute, "/students", { token, query: { pageSize: "100", page: "999" } })).body);
    expect(beyond).toMatchObject({ data: [], total: first.total });
    const classesBeyond = apiClassPage.parse((await call(classesRoute, "/classes", { token: await tokenFor(staff, ["classes:read"]), query: { page: "50" } })).body);
    expect(classesBeyond).toMatchObject({ data: [], total: t.demo.classIds.length });
  });

  it("answers a bad query with 422 and each field's message", async () => {
    const problem = expectProblem(await call(studentsRoute, "/students", { token: await tokenFor(staff, ["students:read"]), query: { pageSize: "500", classId: "x" } }), 422);
    expect(Object.keys(problem.errors ?? {}).sort()).toEqual(["classId", "pageSize"]);
  });
});

describe("published results", () => {
  const termId = () => t.demo.termIds[0]!;
  let childClassId: string;

  beforeAll(async () => {
    childClassId = await classOf(t.demo.student.studentId);
  });

  it("shows nothing before publishing, even to an administrator", async () => {
    const answer = await call(resultsRoute, "/results", { token: await tokenFor(admin, ["results:read"]), query: { classId: childClassId } });
    expect(apiResultPage.parse(answer.body)).toMatchObject({ data: [], total: 0 });
  });

  it("after publishing, gives a parent their child's card and a 404 for another family's child", async () => {
    await lockTermScores(t.db, admin, { termId: termId() });
    await publishTermResults(t.db, admin, { termId: termId(), classId: childClassId });
    const token = await tokenFor(parent, ["results:read"]);
    const childId = t.demo.student.studentId;
    expect(t.demo.parent.studentIds).toContain(childId);
    const own = apiResultPage.parse((await call(resultsRoute, "/results", { token, query: { studentId: childId } })).body);
    expect(own.data).toHaveLength(1);
    const [card] = await selectRows<{ average: string; subjects: number }>(
      t.db,
      sql`select content->'summary'->>'average' as average, jsonb_array_length(content->'subjects') as subjects
          from report_cards where student_id = ${childId} and term_id = ${termId()} and superseded_at is null`,
    );
    expect(own.data[0]).toMatchObject({ studentId: childId, termId: termId(), version: 1 });
    expect(own.data[0]!.summary.average).toBe(card!.average);
    expect(own.data[0]!.subjects).toHaveLength(card!.subjects);

    const stranger = await selectRows<{ id: string }>(
      t.db,
      sql`select e.student_id as id from enrolments e where e.class_id = ${childClassId} and e.status = 'active'
            and e.student_id not in (select gs.student_id from guardian_students gs where gs.guardian_id = ${t.demo.parent.guardianId}) limit 1`,
    );
    expectProblem(await call(resultsRoute, "/results", { token, query: { studentId: stranger[0]!.id } }), 404);
    // Asking for the whole class gives only the parent's own children in it.
    const wholeClass = apiResultPage.parse((await call(resultsRoute, "/results", { token, query: { classId: childClassId } })).body);
    expect(wholeClass.data.every((r) => t.demo.parent.studentIds.includes(r.studentId))).toBe(true);
    const adminClass = apiResultPage.parse((await call(resultsRoute, "/results", { token: await tokenFor(admin, ["results:read"]), query: { classId: childClassId } })).body);
    expect(adminClass.total).toBeGreaterThan(wholeClass.total);
  });

  it("never shows a term that was not published", async () => {
    const token = await tokenFor(admin, ["results:read"]);
    const unpublished = apiResultPage.parse((await call(resultsRoute, "/results", { token, query: { termId: t.demo.termIds[1]! } })).body);
    expect(unpublished.total).toBe(0);
  });
});

describe("writing scores", () => {
  let context: { classId: string; offeringId: string; componentId: string; maxScore: string; studentIds: string[] };
  let otherClassId: string;

  // Writes count toward the teacher's limit of changes a minute. With Redis that count is shared
  // with the other test files running now (same seeded user ids), so each test starts from zero.
  beforeEach(async () => {
    await resetRateLimit("mutation", { userId: teacher.userId });
  });

  beforeAll(async () => {
    // The demo teacher's Mathematics in the third term (open, no scores yet), and its CA1.
    const [row] = await selectRows<{ classId: string; offeringId: string }>(
      t.db,
      sql`select so.class_id as "classId", so.id as "offeringId" from subject_offerings so
          join offering_teachers ot on ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId}
          where so.subject_id = ${t.demo.teacher.subjectId} and so.term_id = ${t.demo.termIds[2]!} order by so.id limit 1`,
    );
    const [component] = await selectRows<{ id: string; maxScore: string }>(
      t.db,
      sql`select ac.id, ac.max_score::text as "maxScore" from assessment_components ac join assessment_schemes s on s.id = ac.scheme_id
          where s.class_level_id is null and s.subject_id is null and s.term_id is null and ac.code = 'CA1'`,
    );
    const students = await selectRows<{ id: string }>(
      t.db,
      sql`select student_id as id from enrolments where class_id = ${row!.classId} and status = 'active' order by student_id limit 3`,
    );
    context = { ...row!, componentId: component!.id, maxScore: component!.maxScore, studentIds: students.map((s) => s.id) };
    const [other] = await selectRows<{ classId: string }>(
      t.db,
      sql`select so.class_id as "classId" from subject_offerings so
          where so.subject_id = ${t.demo.teacher.subjectId} and so.term_id = ${t.demo.termIds[2]!}
            and not exists (select 1 from offering_teachers ot where ot.offering_id = so.id and ot.educator_id = ${t.demo.teacher.educatorId})
          limit 1`,
    );
    otherClassId = other!.classId;
  });

  const body = (classId: string, scores: Array<{ studentId: string; score: number | string | null }>) => ({
    classId,
    subjectId: t.demo.teacher.subjectId,
    termId: t.demo.termIds[2]!,
    assessmentId: context.componentId,
    scores,
  });

  it("writes a teacher's scores through the gradebook, and the same PUT again changes nothing", async () => {
    const token = await tokenFor(teacher, ["scores:write"]);
    const [a, b, c] = context.studentIds;
    const rows = [
      { studentId: a!, score: 7.5 },
      { studentId: b!, score: "absent" },
      { studentId: c!, score: null },
    ];
    const first = await call(scoresRoute, "/scores", { token, body: body(context.classId, rows) });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const result = apiPutScoresResult.parse(first.body);
    expect(result).toMatchObject({ offeringId: context.offeringId, termId: t.demo.termIds[2]!, assessmentId: context.componentId, conflicts: [] });
    expect(result.saved).toEqual(
      expect.arrayContaining([
        { studentId: a!, score: 7.5, version: 1, changed: true },
        { studentId: b!, score: "absent", version: 1, changed: true },
        { studentId: c!, score: null, version: 0, changed: false },
      ]),
    );
    const stored = await selectRows<{ studentId: string; mark: string; value: string | null }>(
      t.db,
      sql`select student_id as "studentId", mark, value::text as value from scores where offering_id = ${context.offeringId} and component_id = ${context.componentId}`,
    );
    expect(stored).toEqual(expect.arrayContaining([{ studentId: a!, mark: "score", value: "7.50" }, { studentId: b!, mark: "absent", value: null }]));
    const saves = async () =>
      (await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'scores.saved' and entity_id = ${context.offeringId}`))[0]!.n;
    const savesBefore = await saves();
    expect(savesBefore).toBe(1);

    const again = apiPutScoresResult.parse((await call(scoresRoute, "/scores", { token, body: body(context.classId, rows) })).body);
    expect(again.saved.every((cell) => !cell.changed)).toBe(true);
    expect(await saves()).toBe(savesBefore);

    // A later PUT overwrites what the API itself wrote: it says what the cell should hold.
    const changed = apiPutScoresResult.parse((await call(scoresRoute, "/scores", { token, body: body(context.classId, [{ studentId: a!, score: 8 }]) })).body);
    expect(changed.saved).toEqual([{ studentId: a!, score: 8, version: 2, changed: true }]);
  });

  it("answers 404 to a teacher writing scores for a class they don't teach, and writes nothing", async () => {
    const token = await tokenFor(teacher, ["scores:write"]);
    const [stranger] = await selectRows<{ id: string }>(t.db, sql`select student_id as id from enrolments where class_id = ${otherClassId} and status = 'active' limit 1`);
    const answer = await call(scoresRoute, "/scores", { token, body: body(otherClassId, [{ studentId: stranger!.id, score: 5 }]) });
    expectProblem(answer, 404);
    const written = await selectRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from scores sc join subject_offerings so on so.id = sc.offering_id
          where so.class_id = ${otherClassId} and so.term_id = ${t.demo.termIds[2]!} and sc.student_id = ${stranger!.id}`,
    );
    expect(written[0]!.n).toBe(0);
    // The other teacher, who doesn't teach the demo teacher's class its Mathematics, gets the same answer there.
    const otherToken = await tokenFor(otherTeacher, ["scores:write"]);
    const theirs = await call(scoresRoute, "/scores", { token: otherToken, body: body(context.classId, [{ studentId: context.studentIds[0]!, score: 1 }]) });
    expectProblem(theirs, 404);
  });

  it("refuses the whole batch with each bad row's message under its index", async () => {
    const token = await tokenFor(teacher, ["scores:write"]);
    const [a, b] = context.studentIds;
    const [outsider] = await selectRows<{ id: string }>(t.db, sql`select student_id as id from enrolments where class_id = ${otherClassId} and status = 'active' limit 1`);
    const answer = await call(scoresRoute, "/scores", {
      token,
      body: body(context.classId, [
        { studentId: a!, score: 1 },
        { studentId: b!, score: Number(context.maxScore) + 1 },
        { studentId: outsider!.id, score: 2 },
      ]),
    });
    const problem = expectProblem(answer, 422);
    expect(Object.keys(problem.errors ?? {})).toEqual(["scores.1.score"]);
    expect(problem.errors!["scores.1.score"]![0]).toMatch(/Above the maximum/);
    const outside = expectProblem(await call(scoresRoute, "/scores", { token, body: body(context.classId, [{ studentId: a!, score: 1 }, { studentId: outsider!.id, score: 2 }]) }), 422);
    expect(Object.keys(outside.errors ?? {})).toEqual(["scores.1.studentId"]);
    const duplicate = expectProblem(await call(scoresRoute, "/scores", { token, body: body(context.classId, [{ studentId: a!, score: 1 }, { studentId: a!, score: 2 }]) }), 422);
    expect(Object.keys(duplicate.errors ?? {})).toEqual(["scores.1.studentId"]);
    const wrongType = expectProblem(await call(scoresRoute, "/scores", { token, body: body(context.classId, [{ studentId: a!, score: "twelve" }]) }), 422);
    expect(Object.keys(wrongType.errors ?? {})).toEqual(["scores.0.score"]);
    const notInScheme = expectProblem(await call(scoresRoute, "/scores", { token, body: { ...body(context.classId, [{ studentId: a!, score: 1 }]), assessmentId: randomUUID() } }), 422);
    expect(Object.keys(notInScheme.errors ?? {})).toEqual(["assessmentId"]);
    const notJson = expectProblem(await call(scoresRoute, "/scores", { token, body: "{not json" }), 422);
    expect(notJson.detail).toMatch(/not valid JSON/);
    // Nothing of the refused batches was written: the first row's cell still holds what the earlier test stored.
    const [cell] = await selectRows<{ value: string }>(
      t.db,
      sql`select value::text as value from scores where offering_id = ${context.offeringId} and component_id = ${context.componentId} and student_id = ${a!}`,
    );
    expect(cell!.value).toBe("8.00");
  });

  it("answers 409 while the term's scores are locked", async () => {
    const token = await tokenFor(teacher, ["scores:write"]);
    await t.db.execute(sql`update terms set scores_locked_at = now() where id = ${t.demo.termIds[2]!}`);
    try {
      expectProblem(await call(scoresRoute, "/scores", { token, body: body(context.classId, [{ studentId: context.studentIds[0]!, score: 3 }]) }), 409);
    } finally {
      await t.db.execute(sql`update terms set scores_locked_at = null where id = ${t.demo.termIds[2]!}`);
    }
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a token has used its minute's requests", async () => {
    const created = await createApiToken(t.db, staff, { name: "Busy", scopes: ["students:read"], expiresInDays: 7 });
    for (let i = 0; i < 600; i++) await consume("apiToken", { tokenId: created.token.id });
    const answer = await call(studentsRoute, "/students", { token: created.secret });
    const problem = expectProblem(answer, 429);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(problem.retryAfterSeconds).toBe(Number(answer.headers.get("retry-after")));
    // Another token of the same person has its own allowance.
    expect((await call(studentsRoute, "/students", { token: await tokenFor(staff, ["students:read"]) })).status).toBe(200);
  });
});

describe("the document", () => {
  it("is served without a token", async () => {
    const response = await openApiRoute();
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/students", "/scores", "/results"]));
  });
});
