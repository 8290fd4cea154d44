import "server-only";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { userSessions, users } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { idSchema, parseInput } from "@/lib/validation/common";

/** A session ends this long after the last request, whatever the token says. */
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
/** …and this long after sign-in, however active: a stolen token is useful for a working day at most. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

export type NewSession = { id: string; expiresAt: Date };

export async function createSession(
  db: Queryable,
  input: { userId: string; ipAddress?: string | null; userAgent?: string | null },
): Promise<NewSession> {
  const expiresAt = new Date(Date.now() + SESSION_ABSOLUTE_SECONDS * 1000);
  const [row] = await db
    .insert(userSessions)
    .values({
      userId: input.userId,
      expiresAt,
      ipAddress: input.ipAddress?.slice(0, 64) ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: userSessions.id });
  return { id: row!.id, expiresAt };
}

/**
 * Ends every session of a user at once: bumps the session version every token carries (checked on
 * each request) and marks their session rows. Call inside the transaction of the change that
 * requires it (password reset, role change, deactivation, sign-out everywhere).
 */
export async function revokeAllSessions(tx: Queryable, userId: string, reason: string, exceptSessionId?: string): Promise<void> {
  if (exceptSessionId) {
    // Keep the caller's own browser signed in: bump nothing global, end the others one by one.
    await tx
      .update(userSessions)
      .set({ revokedAt: new Date(), revokedReason: reason })
      .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), sql`${userSessions.id} <> ${exceptSessionId}`));
    return;
  }
  await tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
  await tx
    .update(userSessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
}

export type SessionSummary = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
};

/** The signed-in user's live sessions, newest first, for the account page. */
export async function listMySessions(db: Queryable, actor: Actor): Promise<SessionSummary[]> {
  const rows = await db
    .select({
      id: userSessions.id,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      expiresAt: userSessions.expiresAt,
      ipAddress: userSessions.ipAddress,
      userAgent: userSessions.userAgent,
    })
    .from(userSessions)
    .where(
      and(
        eq(userSessions.userId, actor.userId),
        isNull(userSessions.revokedAt),
        gt(userSessions.expiresAt, new Date()),
        gt(userSessions.lastSeenAt, new Date(Date.now() - SESSION_IDLE_SECONDS * 1000)),
      ),
    )
    .orderBy(desc(userSessions.lastSeenAt));
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === actor.sessionId,
  }));
}

const revokeSessionSchema = z.object({ sessionId: idSchema });

/** Signs out one session: one's own, or anyone's for an administrator with users.manage. */
export async function revokeSession(db: Queryable, actor: Actor, input: z.input<typeof revokeSessionSchema>): Promise<void> {
  const { sessionId } = parseInput(revokeSessionSchema, input);
  await db.transaction(async (tx) => {
    const owner = can(actor, "users.manage") ? undefined : eq(userSessions.userId, actor.userId);
    const [ended] = await tx
      .update(userSessions)
      .set({ revokedAt: new Date(), revokedReason: "signed out" })
      .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt), owner))
      .returning({ userId: userSessions.userId });
    if (!ended) throw new NotFoundError("That session has already ended.");
    await writeAudit(tx, actor, { action: "auth.session_revoked", entityType: "user", entityId: ended.userId, after: { sessionId } });
  });
}

/** "Sign out everywhere": every session of the actor ends, this one included. */
export async function signOutEverywhere(db: Queryable, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await revokeAllSessions(tx, actor.userId, "signed out everywhere");
    await writeAudit(tx, actor, { action: "auth.signed_out_everywhere", entityType: "user", entityId: actor.userId });
  });
}

/** Ends a session on sign-out, so its token is refused even if a copy of the cookie survives. */
export async function endSessionById(db: Queryable, sessionId: string): Promise<void> {
  if (!idSchema.safeParse(sessionId).success) return;
  await db
    .update(userSessions)
    .set({ revokedAt: new Date(), revokedReason: "signed out" })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}
