// Sign-in and request limits: counted per account and address, reset on success, and still
// enforced when Redis is unreachable or stops answering (ADR 0008).
import { randomUUID } from "node:crypto";
import net from "node:net";
import { Redis, type RedisOptions } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitedError } from "@/lib/errors";
import { hashKey, RateLimits } from "@/lib/server/security/rate-limit";

// The options lib/redis.ts gives the app's client, so the outage tests see the app's behaviour.
const appRedisOptions: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: true };
const clients: Redis[] = [];
const servers: net.Server[] = [];
const redisAt = (url: string) => {
  const client = new Redis(url, appRedisOptions);
  client.on("error", () => {});
  clients.push(client);
  return client;
};
afterAll(() => {
  clients.forEach((c) => c.disconnect());
  servers.forEach((s) => s.close());
});

// Fresh people and addresses per test: a real Redis keeps counts between runs for up to an hour.
const newEmail = () => `Parent.${randomUUID()}@School.test`;
const newIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 256)).join(".")}`;

async function failSignIn(limits: RateLimits, attempt: { email: string; ip: string }, times: number) {
  for (let i = 0; i < times; i++) {
    await limits.assertSignInAllowed(attempt);
    await limits.recordSignInFailure(attempt);
  }
}

function refusal(promise: Promise<unknown>): Promise<RateLimitedError> {
  return promise.then(
    () => {
      throw new Error("expected the request to be refused");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(RateLimitedError);
      return error as RateLimitedError;
    },
  );
}

function signInLimitBehaviour(makeLimits: () => RateLimits) {
  let limits: RateLimits;
  beforeAll(() => {
    limits = makeLimits();
  });

  it("refuses the 11th attempt after 10 failed sign-ins, for at most 15 minutes", async () => {
    const attempt = { email: newEmail(), ip: newIp() };
    await failSignIn(limits, attempt, 10);
    const error = await refusal(limits.assertSignInAllowed(attempt));
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(error.message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
    // The same person typing their address in capitals is the same account.
    await expect(limits.assertSignInAllowed({ ...attempt, email: attempt.email.toUpperCase() })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("does not block another account signing in from the same address", async () => {
    const ip = newIp();
    await failSignIn(limits, { email: newEmail(), ip }, 10);
    await expect(limits.assertSignInAllowed({ email: newEmail(), ip })).resolves.toBeUndefined();
  });

  it("forgets an account's failures once it signs in successfully", async () => {
    const attempt = { email: newEmail(), ip: newIp() };
    await failSignIn(limits, attempt, 9);
    await limits.recordSignInSuccess(attempt);
    await failSignIn(limits, attempt, 9);
    await expect(limits.assertSignInAllowed(attempt)).resolves.toBeUndefined();
    await limits.recordSignInFailure(attempt);
    await expect(limits.assertSignInAllowed(attempt)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("stops one address guessing at many accounts after 50 failures", async () => {
    const ip = newIp();
    for (let i = 0; i < 50; i++) await failSignIn(limits, { email: newEmail(), ip }, 1);
    await expect(limits.assertSignInAllowed({ email: newEmail(), ip })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(limits.assertSignInAllowed({ email: newEmail(), ip: newIp() })).resolves.toBeUndefined();
  });

  it("allows 5 password reset emails an hour per address, counting each email address on its own", async () => {
    const email = newEmail();
    for (let i = 0; i < 5; i++) await limits.consume("passwordReset", { email });
    const error = await refusal(limits.consume("passwordReset", { email }));
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3_600);
    expect(error.message).toMatch(/^Too many password reset requests\. Try again in /);
    await expect(limits.consume("passwordReset", { email: newEmail() })).resolves.toBeUndefined();
  });
}

describe("rate limits in memory (no REDIS_URL)", () => {
  signInLimitBehaviour(() => new RateLimits({ redis: null }));
});

// Runs only when REDIS_URL points at a real server (the PostgreSQL + Redis CI run); a default
// run has no Redis, and the outage tests below need none.
describe.runIf(process.env.REDIS_URL)("rate limits on Redis (runs when REDIS_URL is set)", () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = redisAt(process.env.REDIS_URL!);
    // Until the connection is ready the limiters use their in-memory insurance; these tests are about Redis.
    await redis.connect();
  });

  signInLimitBehaviour(() => new RateLimits({ redis }));

  it("shares counts between app instances, under a namespaced key that does not contain the email", async () => {
    const attempt = { email: newEmail(), ip: newIp() };
    const instanceA = new RateLimits({ redis });
    const instanceB = new RateLimits({ redis });
    await failSignIn(instanceA, attempt, 5);
    await failSignIn(instanceB, attempt, 5);
    await expect(instanceA.assertSignInAllowed(attempt)).rejects.toBeInstanceOf(RateLimitedError);
    const stored = `ams:rl:signin-account:${hashKey(attempt)}`;
    expect(await redis.get(stored)).toBe("10");
    expect(await redis.ttl(stored)).toBeLessThanOrEqual(900);
    const local = attempt.email.split("@")[0]!.toLowerCase();
    expect(await redis.keys(`*${local}*`)).toEqual([]);
  });
});

describe("rate limits while Redis is down", () => {
  async function expectFastRefusalAfterTenFailures(limits: RateLimits, maxMsPerCall: number) {
    const attempt = { email: newEmail(), ip: newIp() };
    const timed = async (call: () => Promise<unknown>) => {
      const started = performance.now();
      const outcome = await call().catch((error: unknown) => error);
      expect(performance.now() - started).toBeLessThan(maxMsPerCall);
      return outcome;
    };
    for (let i = 0; i < 10; i++) {
      expect(await timed(() => limits.assertSignInAllowed(attempt))).toBeUndefined();
      expect(await timed(() => limits.recordSignInFailure(attempt))).toBeUndefined();
    }
    expect(await timed(() => limits.assertSignInAllowed(attempt))).toBeInstanceOf(RateLimitedError);
  }

  it("still refuses after 10 failures when Redis refuses connections, answering each call within 2 s", async () => {
    await expectFastRefusalAfterTenFailures(new RateLimits({ redis: redisAt("redis://127.0.0.1:1") }), 2_000);
  });

  it("still refuses after 10 failures when Redis accepts the connection but stops answering", async () => {
    const redis = redisAt(await startRedisThatGoesSilent());
    await redis.connect();
    expect(redis.status).toBe("ready");
    // A short timeout keeps this test quick; the app's default is 1 s, inside the same 2 s bound.
    await expectFastRefusalAfterTenFailures(new RateLimits({ redis, timeoutMs: 200 }), 2_000);
  });
});

/**
 * A server that completes ioredis's handshake and then never answers again: what a Redis behind a
 * dropped network link looks like to a client whose connection is still "ready".
 */
async function startRedisThatGoesSilent(): Promise<string> {
  const server = net.createServer((socket) => {
    let handshakeDone = false;
    socket.on("data", (chunk) => {
      if (handshakeDone) return;
      const lines = chunk.toString().split("\r\n");
      // Each command is an array ("*n") whose first element ("$len", name) is the command name.
      const names = lines.filter((line, i) => lines[i - 1]?.startsWith("$") && lines[i - 2]?.startsWith("*"));
      for (const name of names.map((n) => n.toLowerCase())) {
        if (name === "hello") socket.write("-ERR unknown command 'HELLO'\r\n");
        else if (name === "info") {
          const body = "# Server\r\nloading:0\r\n";
          socket.write(`$${body.length}\r\n${body}\r\n`);
          handshakeDone = true;
        } else socket.write("+OK\r\n");
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}
