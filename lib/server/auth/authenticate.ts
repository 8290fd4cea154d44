import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export type AuthenticatedUser = { id: string; name: string; email: string; sessionVersion: number };

/**
 * Checks an email and password. Returns null for every failure alike (unknown email, wrong
 * password, disabled account), so a sign-in form cannot be used to discover accounts.
 */
export async function authenticate(db: Database, input: unknown): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email, passwordHash: users.passwordHash, status: users.status, sessionVersion: users.sessionVersion })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !valid || user.status !== "active" || !user.passwordHash) return null;
  // Hashes made under older parameters are upgraded while the password is at hand.
  const upgraded = needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
  await db.update(users).set({ lastSignInAt: new Date(), ...upgraded }).where(eq(users.id, user.id));
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}
