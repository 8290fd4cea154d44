import "server-only";
import { and, eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { consumeToken } from "@/lib/server/auth/account-tokens";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { type SetPasswordWithTokenInput, setPasswordWithTokenSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";

/** Sets a new password from a reset link and signs the user out everywhere (a thief included). */
export async function resetPassword(db: Database, input: SetPasswordWithTokenInput): Promise<{ email: string }> {
  const { token, password } = parseInput(setPasswordWithTokenSchema, input);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "reset_password");
    const now = new Date();
    const [user] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now })
      .where(and(eq(users.id, userId), eq(users.status, "active")))
      .returning({ email: users.email, verified: users.emailVerifiedAt });
    if (!user) throw new ValidationError("This account is not active. Ask the school office.", { token: ["This account is not active."] });
    // Receiving the link proves the address, as an invitation does.
    if (!user.verified) await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, userId));
    await revokeAllSessions(tx, userId, "password reset");
    await writeAudit(tx, { userId }, { action: "auth.password_reset", entityType: "user", entityId: userId });
    return { email: user.email };
  });
}
