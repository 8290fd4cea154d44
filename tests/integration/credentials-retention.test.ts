// Retention of sign-in material: emailed links, sessions, API tokens and parents' link codes and
// requests are deleted once dead for longer than their grace period, an hour either side of each
// cut-off; live rows and whatever the account page lists stay; a second run deletes nothing.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { selectRows } from "@/lib/db/client";
import { apiTokens, authTokens, guardianLinkRequests, studentLinkCodes, userSessions } from "@/lib/db/schema";
import { listMyApiTokens } from "@/lib/server/api-tokens/list-my-api-tokens";
import { listMySessions } from "@/lib/server/auth/sessions";
import { CREDENTIAL_RETENTION_DAYS as KEEP, purgeExpiredCredentials } from "@/lib/server/maintenance/purge-expired-credentials";
import { type TestDatabase, useTestDatabase } from "../support/database";

const TABLES = ["auth_tokens", "user_sessions", "api_tokens", "student_link_codes", "guardian_link_requests"];
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

let t: TestDatabase;
let owner: Actor;
let now: number;
/** A moment `days` (plus `hours`) before now; negative for the future. */
const ago = (days: number, hours = 0) => new Date(now - days * DAY - hours * HOUR);

beforeAll(async () => {
  t = await useTestDatabase();
  owner = await t.actorFor(t.demo.teacher.userId);
  now = Date.now();
  for (const table of TABLES) await t.db.execute(sql`delete from ${sql.identifier(table)}`);

  const userId = owner.userId;
  const studentId = t.demo.student.studentId;
  const parentId = t.demo.parent.userId;

  const tokenDays = KEEP.authTokens;
  await t.db.insert(authTokens).values([
    // Used just over the grace period ago, though its link would only now be expiring.
    { userId, purpose: "invite", tokenHash: "used-before-cutoff", createdAt: ago(tokenDays + 1), usedAt: ago(tokenDays, 1), expiresAt: ago(tokenDays - 2) },
    { userId, purpose: "reset_password", tokenHash: "expired-before-cutoff", createdAt: ago(tokenDays, 2), expiresAt: ago(tokenDays, 1) },
    { userId, purpose: "invite", tokenHash: "used-after-cutoff", createdAt: ago(tokenDays + 1), usedAt: ago(tokenDays, -1), expiresAt: ago(tokenDays - 2) },
    { userId, purpose: "verify_email", tokenHash: "expired-after-cutoff", createdAt: ago(tokenDays + 1), expiresAt: ago(tokenDays, -1) },
    { userId, purpose: "reset_password", tokenHash: "live", createdAt: ago(0, 0.5), expiresAt: ago(0, -0.5) },
  ]);

  const sessionDays = KEEP.userSessions;
  await t.db.insert(userSessions).values([
    { userId, userAgent: "revoked-before-cutoff", createdAt: ago(sessionDays, 2), lastSeenAt: ago(sessionDays, 2), revokedAt: ago(sessionDays, 1), expiresAt: ago(sessionDays, -10) },
    { userId, userAgent: "expired-before-cutoff", createdAt: ago(sessionDays, 13), lastSeenAt: ago(sessionDays, 12), expiresAt: ago(sessionDays, 1) },
    { userId, userAgent: "revoked-after-cutoff", createdAt: ago(sessionDays, 2), lastSeenAt: ago(sessionDays, 2), revokedAt: ago(sessionDays, -1), expiresAt: ago(sessionDays, -10) },
    { userId, userAgent: "expired-after-cutoff", createdAt: ago(sessionDays, 11), lastSeenAt: ago(sessionDays, 10), expiresAt: ago(sessionDays, -1) },
    // Idle past the 2-hour limit but not yet at its absolute one: dead, not yet expired.
    { userId, userAgent: "idle", createdAt: ago(0, 4), lastSeenAt: ago(0, 3), expiresAt: ago(0, -8) },
    { userId, userAgent: "live", createdAt: ago(0, 1), lastSeenAt: ago(0), expiresAt: ago(0, -11) },
  ]);

  const apiDays = KEEP.apiTokens;
  const [me] = await selectRows<{ sessionVersion: number }>(t.db, sql`select session_version as "sessionVersion" from users where id = ${userId}`);
  const sessionVersion = me!.sessionVersion;
  const apiToken = (name: string, values: { createdAt: Date; expiresAt: Date; revokedAt?: Date }) => ({
    userId,
    name,
    tokenPrefix: name.slice(0, 8),
    tokenHash: name,
    scopes: ["students:read"],
    sessionVersion,
    revokedBy: values.revokedAt ? t.demo.adminUserId : null,
    ...values,
  });
  await t.db.insert(apiTokens).values([
    // Revoked long ago though it would still be valid for months: the revocation counts.
    apiToken("revoked-before-cutoff", { createdAt: ago(apiDays + 10), revokedAt: ago(apiDays, 1), expiresAt: ago(-200) }),
    apiToken("expired-before-cutoff", { createdAt: ago(apiDays + 30), expiresAt: ago(apiDays, 1) }),
    apiToken("revoked-after-cutoff", { createdAt: ago(apiDays + 10), revokedAt: ago(apiDays, -1), expiresAt: ago(-200) }),
    apiToken("expired-after-cutoff", { createdAt: ago(apiDays + 30), expiresAt: ago(apiDays, -1) }),
    apiToken("active", { createdAt: ago(1), expiresAt: ago(-29) }),
  ]);

  const codeDays = KEEP.linkCodes;
  await t.db.insert(studentLinkCodes).values([
    { studentId, codeHash: "used-before-cutoff", createdAt: ago(codeDays + 5), usedAt: ago(codeDays, 1), usedByUserId: parentId, expiresAt: ago(codeDays - 25) },
    { studentId, codeHash: "expired-before-cutoff", createdAt: ago(2 * codeDays, 1), expiresAt: ago(codeDays, 1) },
    { studentId, codeHash: "used-after-cutoff", createdAt: ago(codeDays + 5), usedAt: ago(codeDays, -1), usedByUserId: parentId, expiresAt: ago(codeDays - 25) },
    { studentId, codeHash: "expired-after-cutoff", createdAt: ago(2 * codeDays, -1), expiresAt: ago(codeDays, -1) },
    { studentId, codeHash: "live", createdAt: ago(1), expiresAt: ago(1 - codeDays) },
  ]);

  const requestDays = KEEP.linkRequests;
  const request = (childName: string, status: "pending" | "approved" | "rejected", createdAt: Date, decidedAt?: Date) => ({
    userId: parentId,
    admissionNumber: "ADM-0001",
    childName,
    relationship: "mother" as const,
    status,
    createdAt,
    decidedAt: decidedAt ?? null,
    decidedBy: decidedAt ? t.demo.staffUserId : null,
    decisionReason: status === "rejected" ? "Not our pupil" : null,
  });
  await t.db.insert(guardianLinkRequests).values([
    request("approved-before-cutoff", "approved", ago(requestDays + 3), ago(requestDays, 1)),
    request("rejected-before-cutoff", "rejected", ago(requestDays + 3), ago(requestDays, 1)),
    request("approved-after-cutoff", "approved", ago(requestDays + 3), ago(requestDays, -1)),
    request("rejected-after-cutoff", "rejected", ago(requestDays + 3), ago(requestDays, -1)),
    // Waiting on the office for years is the office's business, not retention's.
    request("pending-for-years", "pending", ago(3 * requestDays)),
  ]);
});

async function remaining(): Promise<Record<string, string[]>> {
  const labels = async (query: ReturnType<typeof sql>) => (await selectRows<{ label: string }>(t.db, query)).map((row) => row.label).sort();
  return {
    authTokens: await labels(sql`select token_hash as label from auth_tokens`),
    userSessions: await labels(sql`select user_agent as label from user_sessions`),
    apiTokens: await labels(sql`select name as label from api_tokens`),
    linkCodes: await labels(sql`select code_hash as label from student_link_codes`),
    linkRequests: await labels(sql`select child_name as label from guardian_link_requests`),
  };
}

describe("purging expired credentials", () => {
  it("no table references the rows it deletes, so nothing is left pointing at a deleted one", async () => {
    const references = await selectRows<{ constraint: string }>(
      t.db,
      sql`select conname as constraint from pg_constraint where contype = 'f' and confrelid::regclass::text in (${sql.join(
        TABLES.map((table) => sql`${table}`),
        sql`, `,
      )})`,
    );
    expect(references).toEqual([]);
  });

  it("deletes exactly the rows dead for longer than their grace period, keeps the rest and what the account page lists", async () => {
    const sessionsShown = await listMySessions(t.db, owner);
    expect(sessionsShown.map((s) => s.userAgent)).toEqual(["live"]);
    const auditBefore = await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log`);

    expect(await purgeExpiredCredentials(t.db)).toEqual({ authTokens: 2, userSessions: 2, apiTokens: 2, linkCodes: 2, linkRequests: 2 });

    expect(await remaining()).toEqual({
      authTokens: ["expired-after-cutoff", "live", "used-after-cutoff"],
      userSessions: ["expired-after-cutoff", "idle", "live", "revoked-after-cutoff"],
      apiTokens: ["active", "expired-after-cutoff", "revoked-after-cutoff"],
      linkCodes: ["expired-after-cutoff", "live", "used-after-cutoff"],
      linkRequests: ["approved-after-cutoff", "pending-for-years", "rejected-after-cutoff"],
    });
    expect(await listMySessions(t.db, owner)).toEqual(sessionsShown);
    // The account page still explains a recently expired token; revoked ones it never lists.
    expect((await listMyApiTokens(t.db, owner)).map((token) => [token.name, token.status])).toEqual([
      ["active", "active"],
      ["expired-after-cutoff", "expired"],
    ]);
    // Maintenance, not a user's change: the audit trail is neither touched nor added to.
    expect(await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log`)).toEqual(auditBefore);
  });

  it("deletes nothing when run again", async () => {
    const before = await remaining();
    expect(await purgeExpiredCredentials(t.db)).toEqual({ authTokens: 0, userSessions: 0, apiTokens: 0, linkCodes: 0, linkRequests: 0 });
    expect(await remaining()).toEqual(before);
  });
});
