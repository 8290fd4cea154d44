import "server-only";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import type { Queryable } from "@/lib/db/client";
import { authTokens, type TokenPurpose } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { ValidationError } from "@/lib/errors";

export const TOKEN_LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  invite: 72 * 60 * 60,
  verify_email: 48 * 60 * 60,
  reset_password: 60 * 60,
};

/**
 * Issues a single-use link token and returns it (only its hash is stored). Earlier unused tokens of
 * the same purpose for the user stop working: only the newest email's link is valid.
 */
export async function issueToken(tx: Queryable, userId: string, purpose: TokenPurpose, createdBy: string | null): Promise<string> {
  await tx
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  const token = generateToken();
  await tx.insert(authTokens).values({
    userId,
    purpose,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + TOKEN_LIFETIME_SECONDS[purpose] * 1000),
    createdBy,
  });
  return token;
}

const deadLinkMessages: Record<TokenPurpose, string> = {
  invite: "This invitation link has expired or was already used. Ask the school office to send a new one.",
  verify_email: "This verification link has expired or was already used. Sign in and ask for a new one.",
  reset_password: "This reset link has expired or was already used. Ask for a new one below.",
};

/**
 * Spends a token: one UPDATE that only succeeds for an unused, unexpired token of that purpose, so
 * two clicks on the same link cannot both succeed. Returns the user the token belongs to.
 */
export async function consumeToken(tx: Queryable, token: string, purpose: TokenPurpose): Promise<string> {
  const [row] = await tx
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.tokenHash, hashToken(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: authTokens.userId });
  if (!row) throw new ValidationError(deadLinkMessages[purpose], { token: [deadLinkMessages[purpose]] });
  return row.userId;
}

/** An absolute link into the app for emails. */
export function appUrl(path: string): string {
  const base = env().NEXTAUTH_URL ?? `http://localhost:${env().PORT}`;
  return new URL(path, base).toString();
}
