import "server-only";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { roleKeys, roles, userRoles, users } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { revokeAllSessions } from "@/lib/server/auth/sessions";
import { idSchema, parseInput } from "@/lib/validation/common";

export const setUserRolesSchema = z.object({
  userId: idSchema,
  roles: z.array(z.enum(roleKeys)).max(roleKeys.length),
  reason: z.string().trim().min(3, "Say why the roles change (at least 3 characters)").max(500, "Keep the reason under 500 characters"),
});
export type SetUserRolesInput = z.input<typeof setUserRolesSchema>;

/**
 * Grants and revokes roles. The user's sessions end, so new permissions (and lost ones) take effect
 * at once rather than when a token expires. An administrator cannot remove their own admin role:
 * a school must never lock itself out by a slip of the mouse.
 */
export async function setUserRoles(db: Database, actor: Actor, input: SetUserRolesInput): Promise<{ roles: string[] }> {
  assertCan(actor, "users.manage");
  const { userId, roles: wanted, reason } = parseInput(setUserRolesSchema, input);
  if (userId === actor.userId && !wanted.includes("admin") && actor.roles.includes("admin")) {
    throw new ConflictError("You can't remove your own administrator role. Ask another administrator.", {
      roles: ["Keep the Administrator role on your own account"],
    });
  }
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new NotFoundError("No such user.");
    const before = await currentRoles(tx, userId);
    const wantedRows = wanted.length ? await tx.select({ id: roles.id, key: roles.key }).from(roles).where(inArray(roles.key, wanted)) : [];
    const wantedIds = wantedRows.map((r) => r.id);
    await tx.delete(userRoles).where(and(eq(userRoles.userId, userId), wantedIds.length ? notInArray(userRoles.roleId, wantedIds) : undefined));
    if (wantedIds.length) {
      await tx
        .insert(userRoles)
        .values(wantedIds.map((roleId) => ({ userId, roleId, grantedBy: actor.userId })))
        .onConflictDoNothing();
    }
    const after = await currentRoles(tx, userId);
    if (before.join() !== after.join()) {
      await revokeAllSessions(tx, userId, "roles changed");
      await writeAudit(tx, actor, { action: "user.roles_changed", entityType: "user", entityId: userId, before: { roles: before }, after: { roles: after }, reason });
    }
    return { roles: after };
  });
}

async function currentRoles(tx: Parameters<Parameters<Database["transaction"]>[0]>[0], userId: string): Promise<string[]> {
  const rows = await tx
    .select({ key: roles.key })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, userId))
    .orderBy(roles.key);
  return rows.map((r) => r.key);
}
