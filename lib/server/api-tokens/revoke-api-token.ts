import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { apiTokens } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type RevokeApiTokenInput, revokeApiTokenSchema } from "@/lib/validation/api-tokens";

/**
 * Revokes a token at once: one's own, or anyone's for an administrator with users.manage. Revoking
 * a token that is already revoked succeeds and changes nothing (a double click, a retry); a token
 * the actor may not touch is "not found".
 */
export async function revokeApiToken(db: Queryable, actor: Actor, input: RevokeApiTokenInput): Promise<{ alreadyRevoked: boolean }> {
  const { tokenId } = parseInput(revokeApiTokenSchema, input);
  const owner = can(actor, "users.manage") ? undefined : eq(apiTokens.userId, actor.userId);
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date(), revokedBy: actor.userId })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt), owner))
      .returning({ userId: apiTokens.userId, name: apiTokens.name, prefix: apiTokens.tokenPrefix });
    if (revoked) {
      await writeAudit(tx, actor, {
        action: "api_token.revoked",
        entityType: "user",
        entityId: revoked.userId,
        after: { tokenId, name: revoked.name, prefix: revoked.prefix },
      });
      return { alreadyRevoked: false };
    }
    const [existing] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(and(eq(apiTokens.id, tokenId), owner));
    if (!existing) throw new NotFoundError("That token was not found.");
    return { alreadyRevoked: true };
  });
}
