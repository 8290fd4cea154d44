import "server-only";
import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { consumeToken, issueToken } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { consume } from "@/lib/server/security/rate-limit";
import { verifyEmailSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";
import { verificationEmail } from "./emails";

export async function verifyEmail(db: Database, input: { token: string }): Promise<void> {
  const { token } = parseInput(verifyEmailSchema, input);
  await db.transaction(async (tx) => {
    const userId = await consumeToken(tx, token, "verify_email");
    await tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId));
    await writeAudit(tx, { userId }, { action: "auth.email_verified", entityType: "user", entityId: userId });
  });
}

/** Sends a fresh verification link to the signed-in user (the old one stops working). */
export async function resendVerificationEmail(db: Database, actor: Actor): Promise<void> {
  await consume("emailVerification", { email: actor.email.toLowerCase() });
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ verified: users.emailVerifiedAt }).from(users).where(eq(users.id, actor.userId));
    if (user?.verified) throw new ConflictError("Your email address is already confirmed.");
    const token = await issueToken(tx, actor.userId, "verify_email", actor.userId);
    await enqueueEmail(tx, verificationEmail(actor.email, actor.name, token));
  });
}
