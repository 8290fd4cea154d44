import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { educators, users } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type LinkEducatorAccountInput, linkEducatorAccountSchema } from "@/lib/validation/people";
import { educatorDisplayName, loadEducatorForUpdate } from "./educator-records";

/** Only teaching accounts may act as an educator: the role gives the pages, the link gives the classes. */
const teachingRoles = ["teacher", "head_of_department"] as const;

/**
 * Links an educator to the sign-in account with this email, so that account sees the educator's
 * classes and subjects. The account must hold a teaching role, and one account is one educator.
 * Linking the account that is already linked changes nothing; linking another account replaces it.
 */
export async function linkEducatorAccount(
  db: Database,
  actor: Actor,
  input: LinkEducatorAccountInput,
): Promise<{ userId: string; email: string; changed: boolean }> {
  assertCan(actor, "school.manage");
  const { educatorId, email } = parseInput(linkEducatorAccountSchema, input);
  return db.transaction(async (tx) => {
    // Serialise links so two educators cannot both claim one account between check and write.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('educators.user_id'))`);
    const educator = await loadEducatorForUpdate(tx, educatorId);
    const [account] = await tx
      .select({
        id: users.id,
        email: users.email,
        // "users"."id" spelled out: Drizzle leaves columns unqualified in a one-table select, and a
        // bare "id" inside the subquery would bind to roles.id.
        teaching: sql<boolean>`exists (select 1 from user_roles ur join roles r on r.id = ur.role_id
          where ur.user_id = "users"."id" and r.key in (${sql.join(teachingRoles.map((role) => sql`${role}`), sql`, `)}))`,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (!account) {
      throw new ValidationError("Some fields need attention.", {
        email: [`No account uses ${email}. Invite them from Users first, then link the account here.`],
      });
    }
    if (!account.teaching) {
      throw new ValidationError("Some fields need attention.", {
        email: [`The account ${account.email} is not a teacher or head of department account. Give it the Teacher role first.`],
      });
    }
    if (educator.userId === account.id) return { userId: account.id, email: account.email, changed: false };
    const [other] = await tx
      .select({ title: educators.title, firstName: educators.firstName, lastName: educators.lastName, staffNumber: educators.staffNumber })
      .from(educators)
      .where(and(eq(educators.userId, account.id), ne(educators.id, educatorId)));
    if (other) {
      throw new ConflictError("That account belongs to another educator.", {
        email: [`The account ${account.email} is already linked to ${educatorDisplayName(other)} (${other.staffNumber})`],
      });
    }
    await tx.update(educators).set({ userId: account.id }).where(eq(educators.id, educatorId));
    await writeAudit(tx, actor, {
      action: "educator.account_link",
      entityType: "educator",
      entityId: educatorId,
      before: { userId: educator.userId },
      after: { userId: account.id, email: account.email },
    });
    return { userId: account.id, email: account.email, changed: true };
  });
}
