// Sends the outbox's due messages: claims a batch, sends each one, and records what happened.
import "server-only";
import { and, asc, eq, inArray, lt, lte, ne, or } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { afterFailedAttempt } from "@/lib/domain/email-backoff";
import { type MailTransport, SEND_TIMEOUT_MS } from "./transport";

/** How long a claimed message belongs to the worker that claimed it; after that it is taken over. */
export const CLAIM_LOCK_MS = 2 * 60_000;
/** Long enough for a few HTTP error bodies or SMTP replies, short enough for a table of many rows. */
const MAX_ERROR_LENGTH = 500;

export type DeliveryOptions = {
  batchSize?: number;
  /** The time the run starts at; tests move it forward instead of waiting for retries to fall due. */
  now?: Date;
  /** Source of the retry jitter; tests pass a fixed one. */
  random?: () => number;
};

export type DeliveryResult = { sent: number; retried: number; failed: number };

/**
 * Delivers due mail once. Takes the database, not a transaction: the claim must be committed before
 * sending, so other workers see it, and no lock is held while a slow provider answers.
 */
export async function deliverPendingEmail(db: Database, transport: MailTransport, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { batchSize = 20, now = new Date(), random = Math.random } = options;
  const startedAt = performance.now();
  // The run's clock: `now` advanced by the real time spent, so sent and retry times stay accurate.
  const clock = () => new Date(now.getTime() + (performance.now() - startedAt));
  const lockedUntil = new Date(now.getTime() + CLAIM_LOCK_MS);
  const claimed = await claimDueMessages(db, { batchSize, now, lockedUntil });
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };

  for (const [index, message] of claimed.entries()) {
    // A send started later than this could outlive the claim and race a worker taking it over.
    if (performance.now() - startedAt > CLAIM_LOCK_MS - SEND_TIMEOUT_MS - 15_000) {
      await releaseClaims(db, claimed.slice(index).map((m) => m.id), lockedUntil);
      break;
    }
    let outcome: { ok: true; providerMessageId: string } | { ok: false; error: unknown };
    try {
      const { id, to, subject, text, html } = message;
      outcome = { ok: true, ...(await transport.send({ id, to, subject, text, html })) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // One write per message, straight after its send: recording a whole batch at the end would
    // resend every delivered message of the batch if the process died half-way through it.
    if (outcome.ok) {
      await db
        .update(emailOutbox)
        .set({ status: "sent", sentAt: clock(), providerMessageId: outcome.providerMessageId, lockedUntil: null, lastError: null })
        // Delivered is delivered, even if our claim lapsed and another worker has touched the row since.
        .where(and(eq(emailOutbox.id, message.id), ne(emailOutbox.status, "sent")));
      result.sent++;
      continue;
    }
    const attempts = message.attempts + 1;
    const decision = afterFailedAttempt(attempts, clock(), random);
    await db
      .update(emailOutbox)
      .set({
        status: decision.status,
        attempts,
        lastError: describeFailure(outcome.error),
        lockedUntil: null,
        ...(decision.status === "pending" ? { nextAttemptAt: decision.nextAttemptAt } : {}),
      })
      .where(ownClaim(message.id, lockedUntil));
    if (decision.status === "failed") result.failed++;
    else result.retried++;
  }
  return result;
}

type ClaimedMessage = { id: string; to: string; subject: string; text: string; html: string | null; attempts: number; createdAt: Date };

/**
 * Marks up to `batchSize` due messages as being sent, in one statement. FOR UPDATE SKIP LOCKED makes
 * concurrent workers pass over each other's rows instead of waiting for them or taking them twice; a
 * message left 'sending' by a worker that died is due again once its lock has run out.
 */
async function claimDueMessages(db: Database, { batchSize, now, lockedUntil }: { batchSize: number; now: Date; lockedUntil: Date }): Promise<ClaimedMessage[]> {
  const due = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      or(
        and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)),
        and(eq(emailOutbox.status, "sending"), lt(emailOutbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(emailOutbox)
    .set({ status: "sending", lockedUntil })
    .where(inArray(emailOutbox.id, due))
    .returning({
      id: emailOutbox.id,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      text: emailOutbox.textBody,
      html: emailOutbox.htmlBody,
      attempts: emailOutbox.attempts,
      createdAt: emailOutbox.createdAt,
    });
  // RETURNING has no order; oldest first is what people waiting for mail expect.
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** The row is still held by this run's claim (not taken over after the lock ran out). */
function ownClaim(id: string, lockedUntil: Date) {
  return and(eq(emailOutbox.id, id), eq(emailOutbox.status, "sending"), eq(emailOutbox.lockedUntil, lockedUntil));
}

/** Returns unsent claimed messages to the queue as they were: no attempt was made, so none is counted. */
async function releaseClaims(db: Database, ids: string[], lockedUntil: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(emailOutbox)
    .set({ status: "pending", lockedUntil: null })
    .where(and(inArray(emailOutbox.id, ids), eq(emailOutbox.status, "sending"), eq(emailOutbox.lockedUntil, lockedUntil)));
}

/**
 * The error as stored in last_error: short, on one line, and without credentials. The transports
 * already remove their own secrets; this also catches ones from a library message that quotes a URL.
 */
function describeFailure(error: unknown): string {
  const text = (error instanceof Error ? error.message || error.name : String(error))
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1[redacted]@")
    .replace(/\bBearer\s+\S+/gi, "Bearer [redacted]")
    .replace(/\bre_[A-Za-z0-9_-]{8,}/g, "re_[redacted]")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text || "Unknown error";
}
