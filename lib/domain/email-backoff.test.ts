import { describe, expect, it } from "vitest";
import { afterFailedAttempt, emailRetryDelayMs, MAX_EMAIL_ATTEMPTS, MAX_RETRY_DELAY_MS } from "./email-backoff";

const noJitter = () => 0;
const fullJitter = () => 0.999_999;
const minutes = (n: number) => n * 60_000;

describe("email retry delay", () => {
  it("waits 30 seconds after the first failure and doubles after each further one", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => emailRetryDelayMs(n, noJitter))).toEqual([
      30_000,
      minutes(1),
      minutes(2),
      minutes(4),
      minutes(8),
      minutes(16),
      minutes(32),
    ]);
  });

  it("never waits more than an hour, however many attempts failed", () => {
    expect(emailRetryDelayMs(8, noJitter)).toBe(MAX_RETRY_DELAY_MS);
    expect(emailRetryDelayMs(50, noJitter)).toBe(MAX_RETRY_DELAY_MS);
    expect(emailRetryDelayMs(10_000, noJitter)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("shortens the wait by at most a fifth at random, so failures together do not retry together", () => {
    expect(emailRetryDelayMs(1, fullJitter)).toBe(24_000);
    expect(emailRetryDelayMs(1, () => 0.5)).toBe(27_000);
    for (let i = 0; i < 200; i++) {
      const delay = emailRetryDelayMs(3);
      expect(delay).toBeGreaterThan(minutes(2) * 0.8 - 1);
      expect(delay).toBeLessThanOrEqual(minutes(2));
    }
    expect(emailRetryDelayMs(20, fullJitter)).toBeLessThanOrEqual(MAX_RETRY_DELAY_MS);
  });

  it("keeps the wait in bounds when the random source misbehaves", () => {
    expect(emailRetryDelayMs(1, () => 7)).toBe(24_000);
    expect(emailRetryDelayMs(1, () => -3)).toBe(30_000);
  });

  it("rejects an attempt count that is not a positive whole number", () => {
    for (const attempts of [0, -1, 1.5, Number.NaN]) expect(() => emailRetryDelayMs(attempts)).toThrow(RangeError);
  });
});

describe("after a failed attempt", () => {
  const failedAt = new Date("2025-03-01T08:00:00Z");

  it("schedules the next try after the delay, counted from the failure", () => {
    expect(afterFailedAttempt(1, failedAt, noJitter)).toEqual({ status: "pending", nextAttemptAt: new Date("2025-03-01T08:00:30Z") });
    expect(afterFailedAttempt(MAX_EMAIL_ATTEMPTS - 1, failedAt, noJitter)).toEqual({
      status: "pending",
      nextAttemptAt: new Date("2025-03-01T08:32:00Z"),
    });
  });

  it(`gives up after ${MAX_EMAIL_ATTEMPTS} attempts`, () => {
    expect(afterFailedAttempt(MAX_EMAIL_ATTEMPTS, failedAt)).toEqual({ status: "failed" });
    expect(afterFailedAttempt(MAX_EMAIL_ATTEMPTS + 3, failedAt)).toEqual({ status: "failed" });
  });

  it("gives a message about an hour of retries before giving up", () => {
    let total = 0;
    for (let n = 1; n < MAX_EMAIL_ATTEMPTS; n++) total += emailRetryDelayMs(n, noJitter);
    expect(total).toBe(30_000 + minutes(1 + 2 + 4 + 8 + 16 + 32));
  });
});
