import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { roles, userRoles, users } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { issueToken } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { consume } from "@/lib/server/security/rate-limit";
import { type InviteUserInput, inviteUserSchema } from "@/lib/validation/auth";
import { parseInput } from "@/lib/validation/common";
import { invitationEmail } from "./emails";

/**
 * Invites a member of staff or a parent by email. The account exists at once (status "invited", no
 * password) so roles can be granted; the emailed single-use link lets them choose a password within
 * 72 hours. Inviting again someone still invited sends a fresh link and voids the old one.
 */
export async function inviteUser(db: Database, actor: Actor, input: InviteUserInput): Promise<{ userId: string; reinvited: boolean }> {
  assertCan(actor, "users.manage");
  const { email, name, role } = parseInput(inviteUserSchema, input);
  await consume("invitation", { userId: actor.userId });
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id, status: users.status })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (existing && existing.status !== "invited") {
      throw new ConflictError("That person already has an account.", {
        email: ["This email address already belongs to an account. Change its roles on the Users page instead."],
      });
    }
    const userId =
      existing?.id ?? (await tx.insert(users).values({ email, name, status: "invited" }).returning({ id: users.id }))[0]!.id;
    const [roleRow] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, role));
    await tx.insert(userRoles).values({ userId, roleId: roleRow!.id, grantedBy: actor.userId }).onConflictDoNothing();
    const token = await issueToken(tx, userId, "invite", actor.userId);
    await enqueueEmail(tx, invitationEmail(email, name, actor.name, token));
    await writeAudit(tx, actor, {
      action: existing ? "user.reinvited" : "user.invited",
      entityType: "user",
      entityId: userId,
      after: { email, name, role },
    });
    return { userId, reinvited: Boolean(existing) };
  });
}
