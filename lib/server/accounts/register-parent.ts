import "server-only";
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/client";
import { guardians, roles, userRoles, users } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { issueToken } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { consume } from "@/lib/server/security/rate-limit";
import { type RegisterParentInput, registerParentSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";
import { alreadyRegisteredEmail, verificationEmail } from "./emails";

/**
 * A parent creates their own account. It can see nothing until the email is verified and a child
 * is linked (by the school's code or an approved request). An address that already has an account
 * gets a "you already have an account" email and the same on-screen answer, so the form cannot be
 * used to find out who has an account.
 */
export async function registerParent(db: Database, input: RegisterParentInput, context: { ip: string }): Promise<void> {
  const { firstName, lastName, email, password } = parseInput(registerParentSchema, input);
  await consume("registration", { ip: context.ip });
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
    if (existing) {
      await enqueueEmail(tx, alreadyRegisteredEmail(email));
      return;
    }
    const name = `${firstName} ${lastName}`;
    const [user] = await tx.insert(users).values({ email, name, passwordHash, passwordChangedAt: new Date() }).returning({ id: users.id });
    const [parentRole] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, "parent"));
    await tx.insert(userRoles).values({ userId: user!.id, roleId: parentRole!.id });
    await tx.insert(guardians).values({ userId: user!.id, firstName, lastName, email });
    const token = await issueToken(tx, user!.id, "verify_email", null);
    await enqueueEmail(tx, verificationEmail(email, name, token));
    await writeAudit(tx, { userId: user!.id }, { action: "user.registered", entityType: "user", entityId: user!.id, after: { email, ip: context.ip } });
  });
}
