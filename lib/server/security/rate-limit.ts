// Request limits for sign-in, password reset, invitations and writes. Shared through Redis when
// REDIS_URL is set, per instance in memory otherwise; a Redis outage still limits (ADR 0008).
import "server-only";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { RateLimitedError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { countRateLimitRejection } from "@/lib/metrics";
import { getRedis } from "@/lib/redis";

type LimitDefinition = {
  /** Namespaces the stored key: `ams:rl:<prefix>:<sha256>`. */
  prefix: string;
  points: number;
  durationSeconds: number;
  /** First sentence of the refusal; the wait is appended. */
  refusal: string;
};

export const limitDefinitions = {
  /** Failed sign-ins per account and address; only failures count (see recordSignInFailure). */
  signInAccount: {
    prefix: "signin-account",
    points: 10,
    durationSeconds: 15 * 60,
    refusal: "Too many failed sign-in attempts.",
  },
  /** Failed sign-ins per address across all accounts: slows one machine guessing many accounts. */
  signInIp: { prefix: "signin-ip", points: 50, durationSeconds: 15 * 60, refusal: "Too many failed sign-in attempts." },
  /** Consume once with `{ email }` and once with `{ ip }`. */
  passwordReset: { prefix: "password-reset", points: 5, durationSeconds: 60 * 60, refusal: "Too many password reset requests." },
  /** Consume once with `{ email }` and once with `{ ip }`. */
  emailVerification: {
    prefix: "email-verification",
    points: 5,
    durationSeconds: 60 * 60,
    refusal: "Too many verification emails requested.",
  },
  invitation: { prefix: "invitation", points: 200, durationSeconds: 60 * 60, refusal: "Too many invitations sent in the last hour." },
  mutation: { prefix: "mutation", points: 120, durationSeconds: 60, refusal: "Too many changes in a short time." },
  registration: { prefix: "registration", points: 10, durationSeconds: 60 * 60, refusal: "Too many registration attempts." },
  /** A parent typing the school's code to link a child; room for typos, none for guessing. */
  linkCode: { prefix: "link-code", points: 10, durationSeconds: 60 * 60, refusal: "Too many attempts to link a child." },
  /** The public report-card verification page, per address: a school office checking a pile of cards fits; guessing codes doesn't. */
  verification: { prefix: "verification", points: 120, durationSeconds: 60 * 60, refusal: "Too many verification requests." },
  /** Every request made with one personal API token (docs/api.md). */
  apiToken: { prefix: "api-token", points: 600, durationSeconds: 60, refusal: "Too many requests with this API token." },
} as const satisfies Record<string, LimitDefinition>;

type LimiterKeys = {
  signInAccount: { email: string; ip: string };
  signInIp: { ip: string };
  passwordReset: { email: string } | { ip: string };
  emailVerification: { email: string } | { ip: string };
  invitation: { userId: string };
  mutation: { userId: string };
  registration: { ip: string };
  linkCode: { userId: string };
  verification: { ip: string };
  apiToken: { tokenId: string };
};

export type LimiterName = keyof typeof limitDefinitions;
export type LimiterKey<N extends LimiterName> = LimiterKeys[N];

export const keyNamespace = "ams:rl";

/**
 * The stored form of a key: a sha256 of its parts, so emails and addresses do not sit in Redis in
 * clear. Parts are trimmed and lowercased (emails are case-insensitive in AMS, as are IPv6 hex
 * digits) and named, so `{ email }` and `{ ip }` keys of one limiter can never collide.
 */
export function hashKey(key: Readonly<Record<string, string>>): string {
  const parts = Object.entries(key)
    .map(([name, value]) => [name, value.trim().toLowerCase()])
    .sort(([a], [b]) => (a! < b! ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** "4 minutes", "30 seconds", "1 hour": the wait as a person reads it, rounded up. */
export function describeWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), "second");
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return plural(minutes, "minute");
  return plural(Math.ceil(minutes / 60), "hour");
}

/** Seconds a refused caller should wait; never 0, so a Retry-After header always means "later". */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

const failClosedSeconds = 60;

/**
 * What a limiter's rejection means to the caller. A RateLimiterRes is "over the limit"; anything
 * else is a store failure that even the in-memory insurance could not absorb, and is refused
 * rather than let through (fail closed), because an unchecked sign-in form is a password oracle.
 */
export function toRateLimitedError(name: LimiterName, rejection: unknown): RateLimitedError {
  // Every refusal passes through here, so this is where they are counted.
  countRateLimitRejection(name);
  if (rejection instanceof RateLimiterRes) {
    const seconds = retryAfterSeconds(rejection.msBeforeNext);
    return new RateLimitedError(`${limitDefinitions[name].refusal} Try again in ${describeWait(seconds)}.`, seconds);
  }
  logger().error({ err: rejection, limiter: name }, "rate limit could not be checked; refusing the request");
  return new RateLimitedError(
    `We could not check this request just now. Try again in ${describeWait(failClosedSeconds)}.`,
    failClosedSeconds,
  );
}

/**
 * The client's address as the one reverse proxy in front of AMS saw it (ADR 0008 assumes exactly
 * one). A proxy appends the address it was connected from to X-Forwarded-For, so the LAST entry is
 * the one a client cannot forge; earlier entries are whatever the client sent. Without a proxy,
 * Next.js fills the header with the socket address. X-Real-IP (set, not appended) is the fallback.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const last = forwarded?.at(-1);
  if (last) return last;
  return headers.get("x-real-ip")?.trim() || "unknown";
}

export type RateLimitsOptions = {
  /** A shared store for several instances; null keeps the counts in this process's memory. */
  redis: Redis | null;
  /**
   * How long one Redis command may take before the in-memory insurance answers instead. ioredis
   * queues commands while reconnecting (enableOfflineQueue) and a silent network drop leaves it
   * "ready" until TCP notices, so without this a Redis outage would stall every sign-in.
   */
  timeoutMs?: number;
};

export class RateLimits {
  readonly backend: "redis" | "memory";
  private readonly limiters = new Map<LimiterName, RateLimiterAbstract>();

  constructor(private readonly options: RateLimitsOptions) {
    this.backend = options.redis ? "redis" : "memory";
    // lib/redis.ts connects lazily, and the limiters skip Redis until it is ready, so start it here.
    if (options.redis?.status === "wait") options.redis.connect().catch(() => {});
  }

  /** Counts one request; throws RateLimitedError when the limit is already used up. */
  async consume<N extends LimiterName>(name: N, key: LimiterKey<N>): Promise<void> {
    await this.limiter(name)
      .consume(hashKey(key))
      .catch((rejection: unknown) => {
        throw toRateLimitedError(name, rejection);
      });
  }

  /** Throws RateLimitedError when the next request would be refused; counts nothing. */
  async peek<N extends LimiterName>(name: N, key: LimiterKey<N>): Promise<void> {
    const state = await this.limiter(name)
      .get(hashKey(key))
      .catch((rejection: unknown) => {
        throw toRateLimitedError(name, rejection);
      });
    if (state && state.consumedPoints >= limitDefinitions[name].points) throw toRateLimitedError(name, state);
  }

  /** Counts one failure without refusing this request: the next peek or consume sees it. */
  async penalty<N extends LimiterName>(name: N, key: LimiterKey<N>, points = 1): Promise<void> {
    await this.limiter(name)
      .penalty(hashKey(key), points)
      .catch((rejection: unknown) => {
        throw toRateLimitedError(name, rejection);
      });
  }

  // reward and reset only ever loosen a limit: when the store fails, the stricter old count stays,
  // which is safe, so the failure is logged and the caller carries on.

  /** Gives points back, e.g. for a request that turned out not to do anything. */
  async reward<N extends LimiterName>(name: N, key: LimiterKey<N>, points = 1): Promise<void> {
    await this.limiter(name)
      .reward(hashKey(key), points)
      .catch((error: unknown) => logger().warn({ err: error, limiter: name }, "rate limit points could not be given back"));
  }

  /** Forgets the key's count. */
  async reset<N extends LimiterName>(name: N, key: LimiterKey<N>): Promise<void> {
    await this.limiter(name)
      .delete(hashKey(key))
      .catch((error: unknown) => logger().warn({ err: error, limiter: name }, "rate limit count could not be reset"));
  }

  /** Before checking a password: refuses when this account from this address, or this address, has failed too often. */
  async assertSignInAllowed({ email, ip }: { email: string; ip: string }): Promise<void> {
    const checks = await Promise.allSettled([this.peek("signInAccount", { email, ip }), this.peek("signInIp", { ip })]);
    const refusals = checks.flatMap((c) => (c.status === "rejected" ? [c.reason as RateLimitedError] : []));
    // Of two refusals, the longer wait is the true one.
    const longest = refusals.sort((a, b) => b.retryAfterSeconds - a.retryAfterSeconds)[0];
    if (longest) throw longest;
  }

  /** After a wrong password, unknown email or disabled account alike, so the count reveals nothing. */
  async recordSignInFailure({ email, ip }: { email: string; ip: string }): Promise<void> {
    await Promise.all([this.penalty("signInAccount", { email, ip }), this.penalty("signInIp", { ip })]);
  }

  /**
   * After a successful sign-in the account's failures are forgotten. The address's count is kept:
   * otherwise someone holding one valid account could clear it between guesses at other accounts.
   */
  async recordSignInSuccess({ email, ip }: { email: string; ip: string }): Promise<void> {
    await this.reset("signInAccount", { email, ip });
  }

  private limiter(name: LimiterName): RateLimiterAbstract {
    let limiter = this.limiters.get(name);
    if (!limiter) {
      limiter = this.build(name);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  private build(name: LimiterName): RateLimiterAbstract {
    const { prefix, points, durationSeconds } = limitDefinitions[name];
    const common = { keyPrefix: `${keyNamespace}:${prefix}`, points, duration: durationSeconds };
    const memory = new RateLimiterMemory(common);
    const { redis, timeoutMs = 1_000 } = this.options;
    if (!redis) return memory;
    // ioredis is the library's default client (useRedisPackage is for node-redis). A not-ready
    // connection goes straight to the insurance instead of into ioredis's offline queue.
    const store = new RateLimiterRedis({ ...common, storeClient: redis, rejectIfRedisNotReady: true });
    // The insurance sits on the timeout wrapper, not the store, so a slow command that later fails
    // is not counted against the insurance twice.
    return new RLWrapperTimeouts({ limiter: store, timeoutMs, insuranceLimiter: memory });
  }
}

const globalForLimits = globalThis as unknown as { amsRateLimits?: RateLimits };

/** The process-wide limits, on Redis when REDIS_URL is set. */
export function rateLimits(): RateLimits {
  globalForLimits.amsRateLimits ??= new RateLimits({ redis: getRedis() });
  return globalForLimits.amsRateLimits;
}

export const consume = <N extends LimiterName>(name: N, key: LimiterKey<N>) => rateLimits().consume(name, key);
export const peek = <N extends LimiterName>(name: N, key: LimiterKey<N>) => rateLimits().peek(name, key);
export const penalty = <N extends LimiterName>(name: N, key: LimiterKey<N>, points = 1) => rateLimits().penalty(name, key, points);
export const reward = <N extends LimiterName>(name: N, key: LimiterKey<N>, points = 1) => rateLimits().reward(name, key, points);
export const reset = <N extends LimiterName>(name: N, key: LimiterKey<N>) => rateLimits().reset(name, key);
export const assertSignInAllowed = (attempt: { email: string; ip: string }) => rateLimits().assertSignInAllowed(attempt);
export const recordSignInFailure = (attempt: { email: string; ip: string }) => rateLimits().recordSignInFailure(attempt);
export const recordSignInSuccess = (attempt: { email: string; ip: string }) => rateLimits().recordSignInSuccess(attempt);
