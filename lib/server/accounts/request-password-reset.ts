import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { issueToken } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { consume } from "@/lib/server/security/rate-limit";
import { type RequestPasswordResetInput, requestPasswordResetSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";
import { passwordResetEmail } from "./emails";

/**
 * Emails a reset link to an active account. Says nothing about whether the account exists: the
 * caller shows the same message either way, and the work done (a lookup, a queued email) is the same
 * order of cost, with sending left to the outbox worker so timing reveals little.
 */
export async function requestPasswordReset(db: Database, input: RequestPasswordResetInput, context: { ip: string }): Promise<void> {
  const { email } = parseInput(requestPasswordResetSchema, input);
  await consume("passwordReset", { ip: context.ip });
  await consume("passwordReset", { email });
  await db.transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email, status: users.status })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!user || user.status !== "active") return;
    const token = await issueToken(tx, user.id, "reset_password", null);
    await enqueueEmail(tx, passwordResetEmail(user.email, user.name, token));
    await writeAudit(tx, null, { action: "auth.password_reset_requested", entityType: "user", entityId: user.id, after: { ip: context.ip } });
  });
}
