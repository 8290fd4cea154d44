// The account lifecycle end to end in the data layer: invitations, sign-in sessions and their
// revocation, password reset, self-registration, linking children, roles and deactivation.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog, authTokens, userSessions, users } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, RateLimitedError, ValidationError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/server/accounts/accept-invitation";
import { bulkInviteGuardians } from "@/lib/server/accounts/bulk-invite-guardians";
import { changePassword } from "@/lib/server/accounts/change-password";
import { createAdminFromConsole } from "@/lib/server/accounts/create-admin-from-console";
import { inviteUser } from "@/lib/server/accounts/invite-user";
import { registerParent } from "@/lib/server/accounts/register-parent";
import { requestPasswordReset } from "@/lib/server/accounts/request-password-reset";
import { resetPassword } from "@/lib/server/accounts/reset-password";
import { setUserRoles } from "@/lib/server/accounts/set-user-roles";
import { setUserStatus } from "@/lib/server/accounts/set-user-status";
import { verifyEmail } from "@/lib/server/accounts/verify-email";
import { loadActor } from "@/lib/server/auth/load-actor";
import { listMySessions, revokeSession, signOutEverywhere } from "@/lib/server/auth/sessions";
import { signInWithPassword, type SignedIn } from "@/lib/server/auth/sign-in";
import { signInThrottle } from "@/lib/server/auth/sign-in-throttle";
import { getMyChildren } from "@/lib/server/family/get-my-children";
import { issueLinkCode, linkChildWithCode } from "@/lib/server/family/link-codes";
import { decideLinkRequest, listPendingLinkRequests, requestChildLink } from "@/lib/server/family/link-requests";
import { lastEmailTo, testIp, tokenFromEmail } from "../support/mail";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
});

const STRONG = "violet-tractor-47-mango-lagoon";
const STRONGER = "quiet-harbour-91-amber-falcon";

async function signIn(email: string, password: string, ip = testIp()): Promise<SignedIn | null> {
  return signInWithPassword(t.db, { email, password }, { ip, userAgent: "vitest", throttle: signInThrottle() });
}

/** The actor for a signed-in session, exactly as a request would load it (revocation included). */
function actorOf(session: SignedIn) {
  return loadActor(t.db, session.id, { sessionId: session.sessionId, sessionVersion: session.sessionVersion });
}

async function expectError<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe("invitations", () => {
  it("invites a teacher who sets a password from the emailed link, then signs in", async () => {
    const { userId } = await inviteUser(t.db, admin, { email: "New.Teacher@School.test", name: "Ngozi Eze", role: "teacher" });
    const email = await lastEmailTo(t.db, "new.teacher@school.test");
    expect(email?.subject).toBe("You're invited to AMS");
    expect(await signIn("new.teacher@school.test", STRONG)).toBeNull(); // no password yet

    const token = await tokenFromEmail(t.db, "new.teacher@school.test", "/invitation");
    await acceptInvitation(t.db, { token, password: STRONG, confirmPassword: STRONG });
    const session = await signIn("new.teacher@school.test", STRONG);
    expect(session?.id).toBe(userId);
    const actor = await actorOf(session!);
    expect(actor?.roles).toEqual(["teacher"]);

    // The link is single-use.
    await expectError(acceptInvitation(t.db, { token, password: STRONGER, confirmPassword: STRONGER }), ValidationError);
  });

  it("refuses expired and forged invitation links, and weak or mismatched passwords, changing nothing", async () => {
    const { userId } = await inviteUser(t.db, admin, { email: "late@school.test", name: "Late Comer", role: "staff" });
    const token = await tokenFromEmail(t.db, "late@school.test", "/invitation");
    const weak = await expectError(acceptInvitation(t.db, { token, password: "password1234", confirmPassword: "password1234" }), ValidationError);
    expect(weak.fieldErrors.password?.[0]).toMatch(/common|easy/);
    const mismatch = await expectError(acceptInvitation(t.db, { token, password: STRONG, confirmPassword: STRONGER }), ValidationError);
    expect(mismatch.fieldErrors.confirmPassword).toBeDefined();

    await expectError(acceptInvitation(t.db, { token: "x".repeat(43), password: STRONG, confirmPassword: STRONG }), ValidationError);
    await t.db.update(authTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(authTokens.userId, userId));
    const expired = await expectError(acceptInvitation(t.db, { token, password: STRONG, confirmPassword: STRONG }), ValidationError);
    expect(expired.message).toMatch(/expired or was already used/);
    const [user] = await t.db.select({ status: users.status, hash: users.passwordHash }).from(users).where(eq(users.id, userId));
    expect(user).toEqual({ status: "invited", hash: null });
  });

  it("re-inviting voids the earlier link; an existing account is a conflict on the email field", async () => {
    await inviteUser(t.db, admin, { email: "twice@school.test", name: "Twice Asked", role: "parent" });
    const first = await tokenFromEmail(t.db, "twice@school.test", "/invitation");
    expect((await inviteUser(t.db, admin, { email: "twice@school.test", name: "Twice Asked", role: "parent" })).reinvited).toBe(true);
    await expectError(acceptInvitation(t.db, { token: first, password: STRONG, confirmPassword: STRONG }), ValidationError);

    const conflict = await expectError(inviteUser(t.db, admin, { email: "ADMIN@school.test", name: "Copy", role: "staff" }), ConflictError);
    expect(conflict.fieldErrors.email).toBeDefined();
  });

  it("refuses scripts in names and oversized fields at the field, and refuses non-admins", async () => {
    const bad = await expectError(inviteUser(t.db, admin, { email: "x@school.test", name: "<script>alert(1)</script>", role: "staff" }), ValidationError);
    expect(bad.fieldErrors.name?.[0]).toMatch(/< or >/);
    const long = await expectError(inviteUser(t.db, admin, { email: `${"a".repeat(250)}@school.test`, name: "A", role: "staff" }), ValidationError);
    expect(long.fieldErrors.email).toBeDefined();
    const [{ n }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.email, "x@school.test"))) as [{ n: number }];
    expect(n).toBe(0);

    const teacher = await t.actorFor(t.demo.teacher.userId);
    await expectError(inviteUser(t.db, teacher, { email: "y@school.test", name: "Y", role: "admin" }), ForbiddenError);
  });

  it("creates a first administrator from the console with a link that works", async () => {
    const { link } = await createAdminFromConsole(t.db, { email: "Head@School.test", name: "Ada Head" });
    const token = decodeURIComponent(new URL(link).searchParams.get("token")!);
    await acceptInvitation(t.db, { token, password: STRONG, confirmPassword: STRONG });
    const session = (await signIn("head@school.test", STRONG))!;
    expect((await actorOf(session))?.roles).toEqual(["admin"]);
    await expectError(createAdminFromConsole(t.db, { email: "head@school.test", name: "Ada Head" }), ConflictError);
  });

  it("bulk-invites guardians with an email and no account, once", async () => {
    const first = await bulkInviteGuardians(t.db, admin);
    expect(first.invited).toBeGreaterThan(10);
    const again = await bulkInviteGuardians(t.db, admin);
    expect(again.invited).toBe(0);
  });
});

describe("sessions", () => {
  it("audits sign-ins, failed ones included, and throttles after 10 failures for the account", async () => {
    const ip = testIp();
    const email = "office@school.test";
    for (let i = 0; i < 10; i++) expect(await signIn(email, "wrong password", ip)).toBeNull();
    const refused = await expectError(signIn(email, "ams-demo-office", ip), RateLimitedError);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
    // Another address is not blocked: throttling, not an account lockout.
    expect(await signIn(email, "ams-demo-office")).not.toBeNull();
    const [failed] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.sign_in_failed"), eq(auditLog.entityId, email)));
    expect(failed!.n).toBeGreaterThanOrEqual(10);
  });

  it("sign out everywhere ends every session; ending one session leaves the others", async () => {
    const a = (await signIn("parent@school.test", "ams-demo-parent"))!;
    const b = (await signIn("parent@school.test", "ams-demo-parent"))!;
    const c = (await signIn("parent@school.test", "ams-demo-parent"))!;
    const actorA = (await actorOf(a))!;
    expect((await listMySessions(t.db, actorA)).filter((s) => s.current)).toHaveLength(1);
    await revokeSession(t.db, actorA, { sessionId: b.sessionId });
    expect(await actorOf(b)).toBeNull();
    expect(await actorOf(c)).not.toBeNull();

    await signOutEverywhere(t.db, actorA);
    expect(await actorOf(a)).toBeNull();
    expect(await actorOf(c)).toBeNull();
  });

  it("refuses another user's session id and a session past its absolute end or idle timeout", async () => {
    const mine = (await signIn("student@school.test", "ams-demo-student"))!;
    const other = (await signIn("teacher@school.test", "ams-demo-teacher"))!;
    expect(await loadActor(t.db, mine.id, { sessionId: other.sessionId, sessionVersion: mine.sessionVersion })).toBeNull();
    const actorOther = (await actorOf(other))!;
    await expectError(revokeSession(t.db, actorOther, { sessionId: mine.sessionId }), Error);
    expect(await actorOf(mine)).not.toBeNull();

    // Use within the idle limit keeps the session alive by moving last_seen_at forward…
    await t.db.update(userSessions).set({ lastSeenAt: new Date(Date.now() - 90 * 60 * 1000) }).where(eq(userSessions.id, mine.sessionId));
    expect(await actorOf(mine)).not.toBeNull();
    const [touched] = await t.db.select({ at: userSessions.lastSeenAt }).from(userSessions).where(eq(userSessions.id, mine.sessionId));
    expect(Date.now() - touched!.at.getTime()).toBeLessThan(60_000);
    // …and past it the session is over.
    await t.db.update(userSessions).set({ lastSeenAt: new Date(Date.now() - 3 * 60 * 60 * 1000) }).where(eq(userSessions.id, mine.sessionId));
    expect(await actorOf(mine)).toBeNull();
    await t.db.update(userSessions).set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) }).where(eq(userSessions.id, other.sessionId));
    expect(await actorOf(other)).toBeNull();
  });
});

describe("password reset and change", () => {
  it("answers the same for unknown emails, and a reset ends every session and is single-use", async () => {
    await requestPasswordReset(t.db, { email: "nobody-here@school.test" }, { ip: testIp() });
    expect(await lastEmailTo(t.db, "nobody-here@school.test")).toBeUndefined();

    const before = (await signIn("teacher@school.test", "ams-demo-teacher"))!;
    await requestPasswordReset(t.db, { email: "Teacher@School.test" }, { ip: testIp() });
    const token = await tokenFromEmail(t.db, "teacher@school.test", "/reset-password");
    await resetPassword(t.db, { token, password: STRONG, confirmPassword: STRONG });
    expect(await actorOf(before)).toBeNull();
    expect(await signIn("teacher@school.test", "ams-demo-teacher")).toBeNull();
    expect(await signIn("teacher@school.test", STRONG)).not.toBeNull();
    await expectError(resetPassword(t.db, { token, password: STRONGER, confirmPassword: STRONGER }), ValidationError);
  });

  it("limits reset requests per address", async () => {
    const ip = testIp();
    for (let i = 0; i < 5; i++) await requestPasswordReset(t.db, { email: `someone${i}@school.test` }, { ip });
    await expectError(requestPasswordReset(t.db, { email: "someone9@school.test" }, { ip }), RateLimitedError);
  });

  it("changing the password needs the current one and ends the other sessions only", async () => {
    const here = (await signIn("office@school.test", "ams-demo-office"))!;
    const elsewhere = (await signIn("office@school.test", "ams-demo-office"))!;
    const actor = (await actorOf(here))!;
    const wrong = await expectError(changePassword(t.db, actor, { currentPassword: "nope", password: STRONG, confirmPassword: STRONG }), ValidationError);
    expect(wrong.fieldErrors.currentPassword).toBeDefined();
    await changePassword(t.db, actor, { currentPassword: "ams-demo-office", password: STRONG, confirmPassword: STRONG });
    expect(await actorOf(here)).not.toBeNull();
    expect(await actorOf(elsewhere)).toBeNull();
  });
});

describe("self-registration and linking children", () => {
  it("registers, verifies the email, then links to a child with the school's one-time code", async () => {
    await registerParent(t.db, { firstName: "Bola", lastName: "Ade", email: "bola@family.test", password: STRONG, confirmPassword: STRONG }, { ip: testIp() });
    const session = (await signIn("bola@family.test", STRONG))!;
    let parent = (await actorOf(session))!;
    expect(await getMyChildren(t.db, parent)).toEqual([]);

    const office = await t.actorFor(t.demo.staffUserId);
    const { code } = await issueLinkCode(t.db, office, { studentId: t.demo.strangerStudentId, relationship: "mother" });
    const unverified = await expectError(linkChildWithCode(t.db, parent, { code }), ValidationError);
    expect(unverified.message).toMatch(/Confirm your email/);

    await verifyEmail(t.db, { token: await tokenFromEmail(t.db, "bola@family.test", "/verify-email") });
    parent = (await actorOf(session))!;
    await linkChildWithCode(t.db, parent, { code: code.toLowerCase().replace(/-/g, " ") });
    parent = (await actorOf(session))!;
    expect((await getMyChildren(t.db, parent)).map((c) => c.id)).toEqual([t.demo.strangerStudentId]);

    // Single use, even for the same parent.
    await expectError(linkChildWithCode(t.db, parent, { code }), ValidationError);
  });

  it("registering an address that has an account creates nothing and tells the owner by email", async () => {
    const [{ n: before }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }];
    await registerParent(t.db, { firstName: "Copy", lastName: "Cat", email: "parent@school.test", password: STRONG, confirmPassword: STRONG }, { ip: testIp() });
    const [{ n: after }] = (await t.db.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }];
    expect(after).toBe(before);
    expect((await lastEmailTo(t.db, "parent@school.test"))?.subject).toMatch(/tried to register/);
  });

  it("a parent without a code asks; the office approves and the child appears", async () => {
    await registerParent(t.db, { firstName: "Musa", lastName: "Sule", email: "musa@family.test", password: STRONG, confirmPassword: STRONG }, { ip: testIp() });
    await verifyEmail(t.db, { token: await tokenFromEmail(t.db, "musa@family.test", "/verify-email") });
    const session = (await signIn("musa@family.test", STRONG))!;
    const parent = (await actorOf(session))!;
    const [student] = await t.db.execute<{ admission_number: string }>(sql`select admission_number from students where id = ${t.demo.student.studentId}`).then((r) => (r as unknown as { rows: Array<{ admission_number: string }> }).rows);
    const first = await requestChildLink(t.db, parent, { admissionNumber: student!.admission_number, childName: "My child", relationship: "father" });
    const again = await requestChildLink(t.db, parent, { admissionNumber: student!.admission_number, childName: "My child", relationship: "father" });
    expect(again.requestId).toBe(first.requestId);

    await expectError(listPendingLinkRequests(t.db, parent), ForbiddenError);
    const office = await t.actorFor(t.demo.staffUserId);
    const pending = await listPendingLinkRequests(t.db, office);
    expect(pending.find((r) => r.id === first.requestId)?.matchedStudent?.id).toBe(t.demo.student.studentId);
    await expectError(decideLinkRequest(t.db, office, { requestId: first.requestId, approve: false }), ValidationError); // reason required
    await decideLinkRequest(t.db, office, { requestId: first.requestId, approve: true });
    await expectError(decideLinkRequest(t.db, office, { requestId: first.requestId, approve: true }), ConflictError);
    const reloaded = (await actorOf(session))!;
    expect((await getMyChildren(t.db, reloaded)).map((c) => c.id)).toEqual([t.demo.student.studentId]);
  });
});

describe("roles and deactivation", () => {
  it("changing roles ends the user's sessions and is audited with before, after and reason", async () => {
    const session = (await signIn("student@school.test", "ams-demo-student"))!;
    await setUserRoles(t.db, admin, { userId: t.demo.student.userId, roles: ["student", "parent"], reason: "Also a parent of a sibling" });
    expect(await actorOf(session)).toBeNull();
    const [entry] = await t.db
      .select({ before: auditLog.before, after: auditLog.after, reason: auditLog.reason })
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.roles_changed"), eq(auditLog.entityId, t.demo.student.userId)));
    expect(entry).toEqual({ before: { roles: ["student"] }, after: { roles: ["parent", "student"] }, reason: "Also a parent of a sibling" });
  });

  it("an administrator cannot remove their own admin role or deactivate themself", async () => {
    await expectError(setUserRoles(t.db, admin, { userId: admin.userId, roles: ["teacher"], reason: "oops" }), ConflictError);
    await expectError(setUserStatus(t.db, admin, { userId: admin.userId, active: false, reason: "oops" }), ConflictError);
  });

  it("deactivating ends sessions at once, refuses sign-in, and voids pending links", async () => {
    const session = (await signIn("teacher@school.test", STRONG))!;
    await setUserStatus(t.db, admin, { userId: t.demo.teacher.userId, active: false, reason: "Left the school" });
    expect(await actorOf(session)).toBeNull();
    expect(await signIn("teacher@school.test", STRONG)).toBeNull();

    const { userId } = await inviteUser(t.db, admin, { email: "gone@school.test", name: "Gone Soon", role: "teacher" });
    const token = await tokenFromEmail(t.db, "gone@school.test", "/invitation");
    await setUserStatus(t.db, admin, { userId, active: false, reason: "Offer withdrawn" });
    await expectError(acceptInvitation(t.db, { token, password: STRONG, confirmPassword: STRONG }), ValidationError);

    await setUserStatus(t.db, admin, { userId: t.demo.teacher.userId, active: true, reason: "Came back" });
    expect(await signIn("teacher@school.test", STRONG)).not.toBeNull();
  });
});
