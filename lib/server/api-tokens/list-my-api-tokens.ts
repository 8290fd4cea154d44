import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import type { ApiScope } from "@/lib/db/schema";

export type ApiTokenStatus = "active" | "expired" | "ended";

/** A token as its owner sees it: never the secret or its hash. */
export type ApiTokenSummary = {
  id: string;
  name: string;
  /** The first characters after "ams_", to recognise the token by. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  /** "ended": the owner's sessions were all ended since (sign-out everywhere, password reset, role change). */
  status: ApiTokenStatus;
};

/** The signed-in user's tokens that are not revoked, newest first, for the account page. */
export async function listMyApiTokens(db: Queryable, actor: Actor): Promise<ApiTokenSummary[]> {
  return selectRows<ApiTokenSummary>(
    db,
    sql`select t.id, t.name, t.token_prefix as prefix, t.scopes, ${isoTime(sql`t.created_at`)} as "createdAt",
               ${isoTime(sql`t.expires_at`)} as "expiresAt",
               case when t.last_used_at is null then null else ${isoTime(sql`t.last_used_at`)} end as "lastUsedAt",
               case when t.session_version <> u.session_version then 'ended'
                    when t.expires_at <= now() then 'expired'
                    else 'active' end as status
        from api_tokens t join users u on u.id = t.user_id
        where t.user_id = ${actor.userId} and t.revoked_at is null
        order by t.created_at desc, t.id`,
  );
}
