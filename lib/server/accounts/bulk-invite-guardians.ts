import "server-only";
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { guardians, roles, userRoles, users } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { issueToken } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { consume } from "@/lib/server/security/rate-limit";
import { idSchema, parseInput } from "@/lib/validation/common";
import { invitationEmail } from "./emails";

const bulkInviteSchema = z.object({
  /** Which guardians; all guardians with an email and no account when omitted. */
  guardianIds: z.array(idSchema).max(2000, "Invite at most 2,000 guardians at a time").optional(),
});

export type BulkInviteResult = { invited: number; skipped: Array<{ guardianId: string; name: string; reason: string }> };

/**
 * Invites imported guardians who have an email address but no account yet. One transaction:
 * re-running it invites nobody twice (invited guardians now have an account and are skipped).
 */
export async function bulkInviteGuardians(db: Database, actor: Actor, input: z.input<typeof bulkInviteSchema> = {}): Promise<BulkInviteResult> {
  assertCan(actor, "users.manage");
  const { guardianIds } = parseInput(bulkInviteSchema, input);
  await consume("invitation", { userId: actor.userId });
  return db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: guardians.id, firstName: guardians.firstName, lastName: guardians.lastName, email: guardians.email })
      .from(guardians)
      .where(and(isNull(guardians.userId), isNotNull(guardians.email), guardianIds ? inArray(guardians.id, guardianIds) : undefined))
      .orderBy(guardians.lastName, guardians.firstName)
      .for("update");
    const [parentRole] = await tx.select({ id: roles.id }).from(roles).where(eq(roles.key, "parent"));
    const skipped: BulkInviteResult["skipped"] = [];
    let invited = 0;
    for (const guardian of candidates) {
      const name = `${guardian.firstName} ${guardian.lastName}`;
      const email = guardian.email!.trim().toLowerCase();
      if (!z.email().safeParse(email).success) {
        skipped.push({ guardianId: guardian.id, name, reason: `"${guardian.email}" is not a valid email address` });
        continue;
      }
      const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
      if (taken) {
        skipped.push({ guardianId: guardian.id, name, reason: "another account already uses this email address" });
        continue;
      }
      const [user] = await tx.insert(users).values({ email, name, status: "invited" }).returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: user!.id, roleId: parentRole!.id, grantedBy: actor.userId });
      await tx.update(guardians).set({ userId: user!.id }).where(eq(guardians.id, guardian.id));
      const token = await issueToken(tx, user!.id, "invite", actor.userId);
      await enqueueEmail(tx, invitationEmail(email, name, actor.name, token));
      invited++;
    }
    await writeAudit(tx, actor, {
      action: "user.bulk_invited_guardians",
      entityType: "guardian",
      entityId: "bulk",
      after: { invited, skipped: skipped.length },
    });
    return { invited, skipped };
  });
}
