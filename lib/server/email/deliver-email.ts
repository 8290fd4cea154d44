// Delivers one outbox message for its job: claims the row, sends it, and records what happened.
import "server-only";
import { and, eq, inArray, lt, lte, ne, or } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { afterFailedAttempt } from "@/lib/domain/email-backoff";
import { emailDeliveryJob, type EmailDeliveryJobData } from "@/lib/jobs/definitions";
import { sendJob } from "@/lib/jobs/queue";
import type { MailTransport } from "./transport";

/**
 * How long a claimed message belongs to the worker that claimed it; after that it is due again (the
 * worker died mid-send). Longer than one send can take (SEND_TIMEOUT_MS), since a claim covers one.
 */
export const CLAIM_LOCK_MS = 2 * 60_000;
/** Long enough for a few HTTP error bodies or SMTP replies, short enough for a table of many rows. */
const MAX_ERROR_LENGTH = 500;

export type DeliveryOptions = {
  /** The time the delivery starts at; tests move it forward instead of waiting for retries to fall due. */
  now?: Date;
  /** Source of the retry jitter; tests pass a fixed one. */
  random?: () => number;
};

/**
 * sent / retried (due again later, with its next job) / failed (given up) / skipped: not due, already
 * sent, or held by another worker, so nothing was done (a duplicate job, or one for a message whose
 * next try is later).
 */
export type DeliveryOutcome = "sent" | "retried" | "failed" | "skipped";

/** A message is due when it waits for its next try, or a worker's claim on it has run out. */
export const isDue = (now: Date) =>
  or(and(eq(emailOutbox.status, "pending"), lte(emailOutbox.nextAttemptAt, now)), and(eq(emailOutbox.status, "sending"), lt(emailOutbox.lockedUntil, now)));

/**
 * Sends the message once, however many jobs ask for it and however many workers run them: the claim
 * is one UPDATE of the row only while it is due, and FOR UPDATE SKIP LOCKED makes a second worker
 * claiming at the same moment pass over it instead of waiting (the first one has it). Takes the
 * database, not a transaction: the claim must be committed before sending, so other workers see it,
 * and no lock is held while a slow provider answers.
 *
 * The outbox row alone drives the retries (attempts, last error, next attempt, failed after
 * MAX_EMAIL_ATTEMPTS): a failed try sends the next job with its start time in the same transaction
 * that records the failure.
 */
export async function deliverEmail(db: Database, transport: MailTransport, outboxId: string, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const { now = new Date(), random = Math.random } = options;
  const startedAt = performance.now();
  // The delivery's clock: `now` advanced by the real time spent, so sent and retry times stay accurate.
  const clock = () => new Date(now.getTime() + (performance.now() - startedAt));
  const lockedUntil = new Date(now.getTime() + CLAIM_LOCK_MS);
  const claimable = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.id, outboxId), isDue(now)))
    .for("update", { skipLocked: true });
  const [message] = await db
    .update(emailOutbox)
    .set({ status: "sending", lockedUntil })
    .where(inArray(emailOutbox.id, claimable))
    .returning({
      id: emailOutbox.id,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      text: emailOutbox.textBody,
      html: emailOutbox.htmlBody,
      attempts: emailOutbox.attempts,
    });
  if (!message) return "skipped";

  let outcome: { ok: true; providerMessageId: string } | { ok: false; error: unknown };
  try {
    const { id, to, subject, text, html } = message;
    outcome = { ok: true, ...(await transport.send({ id, to, subject, text, html })) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    await db
      .update(emailOutbox)
      .set({ status: "sent", sentAt: clock(), providerMessageId: outcome.providerMessageId, lockedUntil: null, lastError: null })
      // Delivered is delivered, even if our claim lapsed and another worker has touched the row since.
      .where(and(eq(emailOutbox.id, message.id), ne(emailOutbox.status, "sent")));
    return "sent";
  }

  const attempts = message.attempts + 1;
  const decision = afterFailedAttempt(attempts, clock(), random);
  return db.transaction(async (tx) => {
    const [recorded] = await tx
      .update(emailOutbox)
      .set({
        status: decision.status,
        attempts,
        lastError: describeFailure(outcome.error),
        lockedUntil: null,
        ...(decision.status === "pending" ? { nextAttemptAt: decision.nextAttemptAt } : {}),
      })
      // Still held by this claim: one taken over after it ran out belongs to the other worker now.
      .where(and(eq(emailOutbox.id, message.id), eq(emailOutbox.status, "sending"), eq(emailOutbox.lockedUntil, lockedUntil)))
      .returning({ id: emailOutbox.id });
    if (!recorded) return "skipped";
    if (decision.status === "failed") return "failed";
    await sendJob(tx, emailDeliveryJob.name, { outboxId: message.id } satisfies EmailDeliveryJobData, {
      singletonKey: message.id,
      startAfter: decision.nextAttemptAt,
    });
    return "retried";
  });
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
