import "server-only";
import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { type RoleKey, roleKeys, userStatuses, users } from "@/lib/db/schema";
import { parseInput } from "@/lib/validation/common";

export const userListSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  search: z.string().trim().max(100).optional().transform((value) => value || undefined),
  role: z.enum(roleKeys).optional().catch(undefined),
  status: z.enum(userStatuses).optional().catch(undefined),
});

export type UserListRow = {
  id: string;
  name: string;
  email: string;
  status: string;
  roles: RoleKey[];
  emailVerified: boolean;
  lastSignInAt: string | null;
};

const PAGE_SIZE = 25;

/** Accounts for the admin Users page: search by name or email, filter by role and status. */
export async function listUsers(db: Queryable, actor: Actor, input: unknown = {}) {
  assertCan(actor, "users.manage");
  const { page, search, role, status } = parseInput(userListSchema, input);
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const roleList = sql<RoleKey[]>`array(select r.key from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = "users"."id" order by r.key)`;
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      roles: roleList,
      emailVerifiedAt: users.emailVerifiedAt,
      lastSignInAt: users.lastSignInAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(users)
    .where(
      and(
        pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
        status ? eq(users.status, status) : undefined,
        role ? sql`exists (select 1 from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = "users"."id" and r.key = ${role})` : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return {
    rows: rows.map(
      (row): UserListRow => ({
        id: row.id,
        name: row.name,
        email: row.email,
        status: row.status,
        roles: row.roles,
        emailVerified: row.emailVerifiedAt !== null,
        lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
      }),
    ),
    total: rows[0]?.total ?? 0,
    page,
    pageSize: PAGE_SIZE,
  };
}
