// When a failed email is tried again, and when the outbox gives up on it.

/** Attempts before a message is marked failed: with the delays below, about an hour of retrying. */
export const MAX_EMAIL_ATTEMPTS = 8;
export const FIRST_RETRY_DELAY_MS = 30_000;
export const MAX_RETRY_DELAY_MS = 60 * 60_000;
/** Up to this share of a delay is taken off at random, so messages that failed together spread out. */
export const RETRY_JITTER = 0.2;

/**
 * The wait before the next try after `attempts` failed tries: 30 s, 1 min, 2 min, ... doubling up to
 * one hour, less up to 20% jitter. The jitter only shortens the wait, so the cap is never exceeded.
 */
export function emailRetryDelayMs(attempts: number, random: () => number = Math.random): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a whole number of at least 1, got ${attempts}`);
  // Capping the exponent first keeps 2 ** n finite however many attempts are counted.
  const base = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.min(attempts - 1, 30), MAX_RETRY_DELAY_MS);
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (1 - RETRY_JITTER * fraction));
}

export type EmailRetryDecision = { status: "pending"; nextAttemptAt: Date } | { status: "failed" };

/** What happens to a message after its `attempts`-th failed try, counted from the moment it failed. */
export function afterFailedAttempt(attempts: number, failedAt: Date, random: () => number = Math.random): EmailRetryDecision {
  if (attempts >= MAX_EMAIL_ATTEMPTS) return { status: "failed" };
  return { status: "pending", nextAttemptAt: new Date(failedAt.getTime() + emailRetryDelayMs(attempts, random)) };
}
