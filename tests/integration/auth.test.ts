// Signing in and loading the acting user: what gets a session and what doesn't.
import { eq, sql } from "drizzle-orm";
import { hash } from "@node-rs/argon2";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "@/lib/db/schema";
import { DEMO_ACCOUNTS } from "@/lib/db/seed";
import { authenticate } from "@/lib/server/auth/authenticate";
import { loadActor } from "@/lib/server/auth/load-actor";
import { createSession } from "@/lib/server/auth/sessions";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});

const account = (role: (typeof DEMO_ACCOUNTS)[number]["role"]) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

describe("sign-in", () => {
  it("accepts every demo account with its password, whatever the email's case", async () => {
    for (const a of DEMO_ACCOUNTS) {
      const user = await authenticate(t.db, { email: a.email.toUpperCase(), password: a.password });
      expect(user?.email).toBe(a.email);
    }
  });

  it("refuses a wrong password, an unknown email and malformed input alike", async () => {
    expect(await authenticate(t.db, { email: account("admin").email, password: "ams-demo-teacher" })).toBeNull();
    expect(await authenticate(t.db, { email: "nobody@school.test", password: "whatever" })).toBeNull();
    expect(await authenticate(t.db, { email: "not an email", password: "x" })).toBeNull();
    expect(await authenticate(t.db, null)).toBeNull();
  });

  it("refuses a disabled account even with the right password", async () => {
    await t.db.update(users).set({ status: "disabled" }).where(eq(users.id, t.demo.otherTeacher.userId));
    const [row] = await t.db.select({ email: users.email }).from(users).where(eq(users.id, t.demo.otherTeacher.userId));
    expect(await authenticate(t.db, { email: row!.email, password: account("teacher").password })).toBeNull();
    expect(await loadActor(t.db, t.demo.otherTeacher.userId)).toBeNull();
  });

  it("upgrades a hash made with older argon2 parameters at the next sign-in", async () => {
    const weaker = await hash(account("student").password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await t.db.update(users).set({ passwordHash: weaker }).where(eq(users.id, t.demo.student.userId));
    expect(await authenticate(t.db, { email: account("student").email, password: account("student").password })).not.toBeNull();
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, t.demo.student.userId));
    expect(row!.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await authenticate(t.db, { email: account("student").email, password: account("student").password })).not.toBeNull();
  });

  it("records the time of a successful sign-in", async () => {
    await authenticate(t.db, { email: account("parent").email, password: account("parent").password });
    const [row] = await t.db.select({ at: users.lastSignInAt }).from(users).where(eq(users.id, t.demo.parent.userId));
    expect(row!.at).toBeInstanceOf(Date);
  });
});

describe("acting user", () => {
  it("carries the roles, permissions and identities the data layer scopes by", async () => {
    const admin = await t.actorFor(t.demo.adminUserId);
    expect(admin.roles).toEqual(["admin"]);
    expect(admin.permissions.has("school.manage")).toBe(true);
    const teacher = await t.actorFor(t.demo.teacher.userId);
    expect(teacher).toMatchObject({ roles: ["teacher"], educatorId: t.demo.teacher.educatorId, guardianId: null, studentId: null });
    expect([...teacher.permissions]).toEqual(["scores.enter"]);
    const parent = await t.actorFor(t.demo.parent.userId);
    expect(parent).toMatchObject({ guardianId: t.demo.parent.guardianId, educatorId: null });
    expect(parent.permissions.size).toBe(0);
    expect((await t.actorFor(t.demo.student.userId)).studentId).toBe(t.demo.student.studentId);
  });

  it("ends a session whose version is older than the user's (signed out everywhere)", async () => {
    const { id: sessionId } = await createSession(t.db, { userId: t.demo.staffUserId });
    expect(await loadActor(t.db, t.demo.staffUserId, { sessionId, sessionVersion: 1 })).not.toBeNull();
    await t.db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, t.demo.staffUserId));
    expect(await loadActor(t.db, t.demo.staffUserId, { sessionId, sessionVersion: 1 })).toBeNull();
    expect(await loadActor(t.db, t.demo.staffUserId, { sessionId, sessionVersion: 2 })).not.toBeNull();
  });

  it("refuses a session id that does not exist", async () => {
    const sessionId = crypto.randomUUID();
    expect(await loadActor(t.db, t.demo.staffUserId, { sessionId, sessionVersion: 2 })).toBeNull();
  });
});
