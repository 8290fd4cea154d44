import "server-only";
import { sql } from "drizzle-orm";
import { type ApiScope, usableApiScopes } from "@/lib/api/scopes";
import type { Actor } from "@/lib/auth/policy";
import { type Database, selectRows } from "@/lib/db/client";
import { UnauthenticatedError } from "@/lib/errors";
import { loadActor } from "@/lib/server/auth/load-actor";
import { apiTokenShape, hashApiToken } from "./token-format";

export type ApiCaller = {
  /** The token owner's own actor: the same roles, permissions and scope as in the browser. */
  actor: Actor;
  tokenId: string;
  /** The token's scopes that the owner may still use today. */
  scopes: ReadonlySet<ApiScope>;
};

type Row = {
  id: string;
  userId: string;
  scopes: ApiScope[];
  expired: boolean;
  revoked: boolean;
  ended: boolean;
  stale: boolean;
};

/**
 * Who an `Authorization: Bearer ams_…` header speaks for. The token is found by the SHA-256 of the
 * secret (a unique index), so no stored secret is ever compared byte by byte and the lookup's timing
 * says nothing about how close a guess came. Refused with 401: no or malformed header, an unknown,
 * expired or revoked token, a token whose owner's sessions were all ended since it was made (sign-out
 * everywhere, password reset, role change, deactivation), and a disabled account. The token's scopes
 * are cut to what the owner's roles allow today. last_used_at is written at most once a minute.
 */
export async function authenticateApiToken(db: Database, authorization: string | null, requestId?: string): Promise<ApiCaller> {
  if (!authorization) throw new UnauthenticatedError("Send a personal API token: Authorization: Bearer ams_…");
  const [scheme, secret, ...rest] = authorization.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== "bearer" || !secret || rest.length > 0 || !apiTokenShape.test(secret)) {
    throw new UnauthenticatedError("The Authorization header must be Bearer and a personal API token (ams_…).");
  }
  const [row] = await selectRows<Row>(
    db,
    sql`select t.id, t.user_id as "userId", t.scopes, t.expires_at <= now() as expired, t.revoked_at is not null as revoked,
               t.session_version <> u.session_version as ended,
               t.last_used_at is null or t.last_used_at < now() - interval '60 seconds' as stale
        from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = ${hashApiToken(secret)}`,
  );
  if (!row) throw new UnauthenticatedError("This API token is not recognised.");
  if (row.revoked) throw new UnauthenticatedError("This API token was revoked.");
  if (row.expired) throw new UnauthenticatedError("This API token has expired. Make a new one on your account page.");
  if (row.ended) throw new UnauthenticatedError("This API token ended when every session of its account was ended. Make a new one.");
  const actor = await loadActor(db, row.userId);
  if (!actor) throw new UnauthenticatedError("This API token's account can't sign in.");
  if (row.stale) await db.execute(sql`update api_tokens set last_used_at = now() where id = ${row.id}`);
  const usable = new Set(usableApiScopes(actor));
  return { actor: { ...actor, requestId }, tokenId: row.id, scopes: new Set(row.scopes.filter((scope) => usable.has(scope))) };
}
