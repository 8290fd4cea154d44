import "server-only";
import { eq } from "drizzle-orm";
import { apiScopeCatalogue } from "@/lib/api/scopes";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { apiTokens, users } from "@/lib/db/schema";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type CreateApiTokenInput, createApiTokenSchema } from "@/lib/validation/api-tokens";
import type { ApiTokenSummary } from "./list-my-api-tokens";
import { newApiTokenSecret } from "./token-format";

export type CreatedApiToken = {
  token: ApiTokenSummary;
  /** Shown to the owner once; only its hash is kept. */
  secret: string;
};

/**
 * Makes a personal API token for the signed-in user. A scope the user's role can't use is refused
 * with a field error: a token never holds more than its owner may do. Audited like a role change.
 */
export async function createApiToken(db: Queryable, actor: Actor, input: CreateApiTokenInput): Promise<CreatedApiToken> {
  const { name, scopes, expiresInDays } = parseInput(createApiTokenSchema, input);
  const refused = scopes.filter((scope) => !apiScopeCatalogue[scope].usableBy(actor));
  if (refused.length > 0) {
    const message = `Your account can't use ${refused.join(", ")}.`;
    throw new ValidationError(message, { scopes: [message] });
  }
  const { secret, prefix, hash } = newApiTokenSecret();
  return db.transaction(async (tx) => {
    // The token belongs to the user's sessions as they are now: ending them all ends it too.
    const [owner] = await tx.select({ sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, actor.userId));
    if (!owner) throw new NotFoundError("Your account was not found.");
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + expiresInDays * 24 * 60 * 60 * 1000);
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: actor.userId, name, tokenPrefix: prefix, tokenHash: hash, scopes, sessionVersion: owner.sessionVersion, createdAt, expiresAt })
      .returning({ id: apiTokens.id });
    await writeAudit(tx, actor, {
      action: "api_token.created",
      entityType: "user",
      entityId: actor.userId,
      after: { tokenId: row!.id, name, prefix, scopes, expiresAt: expiresAt.toISOString() },
    });
    return {
      secret,
      token: {
        id: row!.id,
        name,
        prefix,
        scopes,
        createdAt: createdAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        lastUsedAt: null,
        status: "active",
      },
    };
  });
}
