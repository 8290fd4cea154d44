import { RateLimiterRes } from "rate-limiter-flexible";
import { describe, expect, it, vi } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import { clientIp, describeWait, hashKey, retryAfterSeconds, toRateLimitedError } from "./rate-limit";

const logged = vi.hoisted(() => ({ error: vi.fn(), warn: vi.fn() }));
vi.mock("@/lib/logger", () => ({ logger: () => logged }));

describe("rate limit keys", () => {
  it("stores no email in clear and treats emails case-insensitively", () => {
    const key = hashKey({ email: " Ada@School.test ", ip: "203.0.113.9" });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain("ada");
    expect(hashKey({ email: "ada@school.test", ip: "203.0.113.9" })).toBe(key);
  });

  it("keeps an email key and an address key apart even with the same text", () => {
    expect(hashKey({ email: "x" })).not.toBe(hashKey({ ip: "x" }));
    expect(hashKey({ email: "a", ip: "b" })).toBe(hashKey({ ip: "b", email: "a" }));
    expect(hashKey({ email: "a", ip: "b" })).not.toBe(hashKey({ email: "b", ip: "a" }));
  });
});

describe("refusal messages", () => {
  it("says how long to wait in words a person reads, rounded up", () => {
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(30)).toBe("30 seconds");
    expect(describeWait(61)).toBe("2 minutes");
    expect(describeWait(240)).toBe("4 minutes");
    expect(describeWait(3_540)).toBe("59 minutes");
    expect(describeWait(3_600)).toBe("1 hour");
  });

  it("never asks a caller to retry after 0 seconds", () => {
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
  });

  it("turns a used-up limit into a RateLimitedError with the wait", () => {
    const error = toRateLimitedError("signInAccount", new RateLimiterRes(0, 236_400, 11));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(237);
    expect(error.message).toBe("Too many failed sign-in attempts. Try again in 4 minutes.");
  });

  it("refuses, and logs, when the limit could not be checked at all", () => {
    const error = toRateLimitedError("signInIp", new Error("insurance exploded"));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(60);
    expect(error.message).toBe("We could not check this request just now. Try again in 1 minute.");
    expect(logged.error).toHaveBeenCalledOnce();
  });
});

describe("client address", () => {
  it("takes the address the reverse proxy appended, not one the client wrote", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("falls back to X-Real-IP, then to one shared 'unknown' bucket", () => {
    expect(clientIp(new Headers({ "x-real-ip": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers({ "x-forwarded-for": " , " , "x-real-ip": "2001:db8::1" }))).toBe("2001:db8::1");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
