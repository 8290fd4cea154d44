import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { authTokens, users } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { idSchema, parseInput } from "@/lib/validation/common";

export const setUserStatusSchema = z.object({
  userId: idSchema,
  active: z.boolean(),
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500, "Keep the reason under 500 characters"),
});
export type SetUserStatusInput = z.input<typeof setUserStatusSchema>;

/**
 * Deactivates an account (every session ends at once, unused links stop working) or reactivates it.
 * Records are kept: a deactivated teacher's past scores still name them.
 */
export async function setUserStatus(db: Database, actor: Actor, input: SetUserStatusInput): Promise<void> {
  assertCan(actor, "users.manage");
  const { userId, active, reason } = parseInput(setUserStatusSchema, input);
  if (userId === actor.userId && !active) throw new ConflictError("You can't deactivate your own account.");
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ status: users.status, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!user) throw new NotFoundError("No such user.");
    // Reactivating someone who never chose a password puts them back to "invited".
    const status = active ? (user.passwordHash ? "active" : "invited") : "disabled";
    if (status === user.status) return;
    await tx.update(users).set({ status }).where(eq(users.id, userId));
    if (!active) {
      await revokeAllSessions(tx, userId, "account deactivated");
      await tx.update(authTokens).set({ usedAt: new Date() }).where(and(eq(authTokens.userId, userId), isNull(authTokens.usedAt)));
    }
    await writeAudit(tx, actor, {
      action: active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      entityId: userId,
      before: { status: user.status },
      after: { status },
      reason,
    });
  });
}
