// Retention for sign-in material: rows that can never be used again are deleted once a grace
// period has passed, so a recent one can still be explained ("this link was already used", a
// token listed as expired). No table references these rows; audit records name them only by id,
// and stay.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";

const DAY_MS = 24 * 60 * 60_000;

export const CREDENTIAL_RETENTION_DAYS = {
  /** Emailed links (invitation, verification, reset), once used or expired. */
  authTokens: 7,
  /** Sessions, once ended or past their absolute limit; the account page lists only live ones. */
  userSessions: 30,
  /** API tokens, once revoked or expired; the account page lists an expired one until then. */
  apiTokens: 90,
  /** Parents' child-link codes, once used or expired. */
  linkCodes: 30,
  /** Approved or rejected link requests; the office lists only pending ones. */
  linkRequests: 365,
} as const;

export type PurgedCredentials = Record<keyof typeof CREDENTIAL_RETENTION_DAYS, number>;

/** Run nightly by its job, in one transaction; no user and no audit record, like the other maintenance sweeps. */
export async function purgeExpiredCredentials(db: Queryable, options: { now?: Date } = {}): Promise<PurgedCredentials> {
  const now = (options.now ?? new Date()).getTime();
  const before = (key: keyof typeof CREDENTIAL_RETENTION_DAYS): SQL => sql`${new Date(now - CREDENTIAL_RETENTION_DAYS[key] * DAY_MS).toISOString()}::timestamptz`;
  const count = async (tx: Queryable, table: string, dead: SQL): Promise<number> => {
    const [row] = await selectRows<{ deleted: number }>(tx, sql`with gone as (delete from ${sql.identifier(table)} where ${dead} returning 1) select count(*)::int as deleted from gone`);
    return row?.deleted ?? 0;
  };
  return db.transaction(async (tx) => ({
    authTokens: await count(tx, "auth_tokens", sql`used_at < ${before("authTokens")} or expires_at < ${before("authTokens")}`),
    userSessions: await count(tx, "user_sessions", sql`revoked_at < ${before("userSessions")} or expires_at < ${before("userSessions")}`),
    apiTokens: await count(tx, "api_tokens", sql`revoked_at < ${before("apiTokens")} or expires_at < ${before("apiTokens")}`),
    linkCodes: await count(tx, "student_link_codes", sql`used_at < ${before("linkCodes")} or expires_at < ${before("linkCodes")}`),
    linkRequests: await count(tx, "guardian_link_requests", sql`status in ('approved', 'rejected') and decided_at < ${before("linkRequests")}`),
  }));
}
