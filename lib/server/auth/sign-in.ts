import "server-only";
import type { Database } from "@/lib/db/client";
import { writeAudit } from "@/lib/server/audit";
import { authenticate } from "./authenticate";
import { createSession } from "./sessions";

/** Counts failed sign-ins per account+address and per address; throws RateLimitedError when over. */
export type SignInThrottle = {
  assertAllowed(email: string, ip: string): Promise<void>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string, ip: string): Promise<void>;
};

export type SignInContext = { ip: string; userAgent: string | null; requestId?: string; throttle: SignInThrottle };

export type SignedIn = { id: string; name: string; email: string; sessionId: string; sessionVersion: number; authTime: number };

/**
 * Email and password sign-in. Throttled (failures only count, so a family sharing one address is
 * not punished for one member's typos), timed the same whether or not the account exists, and
 * audited either way. On success, a session row is the token's anchor for revocation.
 */
export async function signInWithPassword(db: Database, input: unknown, context: SignInContext): Promise<SignedIn | null> {
  const email = typeof input === "object" && input && "email" in input ? String(input.email).trim().toLowerCase().slice(0, 320) : "";
  await context.throttle.assertAllowed(email, context.ip);
  const user = await authenticate(db, input);
  if (!user) {
    await context.throttle.recordFailure(email, context.ip);
    await writeAudit(db, null, {
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: email || "(none)",
      after: { ip: context.ip, userAgent: context.userAgent?.slice(0, 200) ?? null },
    });
    return null;
  }
  await context.throttle.recordSuccess(email, context.ip);
  const session = await createSession(db, { userId: user.id, ipAddress: context.ip, userAgent: context.userAgent });
  await writeAudit(db, { userId: user.id, requestId: context.requestId }, {
    action: "auth.signed_in",
    entityType: "user",
    entityId: user.id,
    after: { sessionId: session.id, ip: context.ip },
  });
  return { ...user, sessionId: session.id, authTime: Math.floor(Date.now() / 1000) };
}
