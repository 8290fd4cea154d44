import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

export type MyAccount = { name: string; email: string; emailVerified: boolean; passwordChangedAt: string | null };

/** The signed-in user's own account details; nobody else's can be asked for. */
export async function getMyAccount(db: Queryable, actor: Actor): Promise<MyAccount> {
  const [me] = await db
    .select({ name: users.name, email: users.email, verified: users.emailVerifiedAt, passwordChangedAt: users.passwordChangedAt })
    .from(users)
    .where(eq(users.id, actor.userId));
  return { name: me!.name, email: me!.email, emailVerified: me!.verified !== null, passwordChangedAt: me!.passwordChangedAt?.toISOString() ?? null };
}
