import "server-only";
import { and, eq } from "drizzle-orm";
import { hashPassword } from "@/lib/auth/password";
import type { Database } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { consumeToken } from "@/lib/server/auth/account-tokens";
import { type SetPasswordWithTokenInput, setPasswordWithTokenSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";

/** Sets the invited person's first password and activates the account; the link proved the email. */
export async function acceptInvitation(db: Database, input: SetPasswordWithTokenInput): Promise<{ email: string }> {
  const { token, password } = parseInput(setPasswordWithTokenSchema, input);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "invite");
    const now = new Date();
    const [user] = await tx
      .update(users)
      .set({ passwordHash, status: "active", emailVerifiedAt: now, passwordChangedAt: now })
      .where(and(eq(users.id, userId), eq(users.status, "invited")))
      .returning({ email: users.email });
    // A deactivated invitee's link must not bring the account back.
    if (!user) throw new ValidationError("This invitation is no longer valid. Ask the school office.", { token: ["This invitation is no longer valid."] });
    await writeAudit(tx, { userId }, { action: "user.invitation_accepted", entityType: "user", entityId: userId });
    return { email: user!.email };
  });
}
