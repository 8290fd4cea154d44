import "server-only";
import { eq } from "drizzle-orm";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { type ChangePasswordInput, changePasswordSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";

/** Changes the actor's password after checking the current one; every other session ends. */
export async function changePassword(db: Database, actor: Actor, input: ChangePasswordInput): Promise<void> {
  const { currentPassword, password } = parseInput(changePasswordSchema, input);
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new ValidationError("Your current password is not correct.", { currentPassword: ["This is not your current password"] });
  }
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, actor.userId));
    await revokeAllSessions(tx, actor.userId, "password changed", actor.sessionId);
    await writeAudit(tx, actor, { action: "auth.password_changed", entityType: "user", entityId: actor.userId });
  });
}
