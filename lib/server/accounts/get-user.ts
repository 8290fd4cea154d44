import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { type RoleKey, userSessions, users } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";

export type UserDetail = {
  id: string;
  name: string;
  email: string;
  status: string;
  roles: RoleKey[];
  emailVerified: boolean;
  lastSignInAt: string | null;
  liveSessions: number;
};

/** One account for the admin user page. */
export async function getUser(db: Queryable, actor: Actor, userId: string): Promise<UserDetail> {
  assertCan(actor, "users.manage");
  const id = parseInput(idSchema, userId);
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      roles: sql<RoleKey[]>`array(select r.key from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = "users"."id" order by r.key)`,
      verified: users.emailVerifiedAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(eq(users.id, id));
  if (!row) throw new NotFoundError("No such user.");
  const [sessions] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userSessions)
    .where(and(eq(userSessions.userId, id), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, new Date())));
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    status: row.status,
    roles: row.roles,
    emailVerified: row.verified !== null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    liveSessions: sessions?.n ?? 0,
  };
}
