// Operations endpoints: Prometheus metrics behind METRICS_TOKEN, liveness and readiness, and the
// slow-query log. The routes are called as Next.js would call them, with env, database and session
// swapped for the test's own.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { handleRoute, runAction } from "@/lib/auth/handlers";
import { DatabaseConnectionError, openDatabase } from "@/lib/db/client";
import { reportCardBatchJob } from "@/lib/jobs/definitions";
import { metrics } from "@/lib/metrics";
import { qrCodeMatrix } from "@/lib/server/report-cards/report-card-layout";
import { RateLimits } from "@/lib/server/security/rate-limit";
import { type TestDatabase, useTestDatabase } from "../support/database";

const mocked = vi.hoisted(() => ({
  state: {
    metricsToken: undefined as string | undefined,
    actor: null as import("@/lib/auth/policy").Actor | null,
    handle: null as import("@/lib/db/client").DatabaseHandle | null,
    databaseDown: false,
    redis: null as import("ioredis").Redis | null,
  },
  queue: null as Promise<import("@/lib/jobs/queue").JobQueue> | null,
}));

vi.mock("@/lib/env", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/env")>();
  return { ...actual, env: () => ({ ...actual.env(), METRICS_TOKEN: mocked.state.metricsToken }) };
});

vi.mock("@/lib/db", () => {
  const handle = async () => {
    if (mocked.state.databaseDown) throw new DatabaseConnectionError("connection refused");
    if (!mocked.state.handle) throw new Error("The test database is not open yet");
    return mocked.state.handle;
  };
  return { getDatabaseHandle: handle, getDb: async () => (await handle()).db };
});

// No worker runs here: a job sent stays queued, which is what the queue gauge should show.
vi.mock("@/lib/jobs", async () => {
  const { openJobQueue, ensureQueues } = await import("@/lib/jobs/queue");
  const { JOB_DEFINITIONS } = await import("@/lib/jobs/definitions");
  return {
    getJobQueue: () =>
      (mocked.queue ??= (async () => {
        const boss = await openJobQueue(mocked.state.handle!);
        await ensureQueues(boss, JOB_DEFINITIONS);
        return boss;
      })()),
  };
});

vi.mock("@/lib/redis", () => ({ getRedis: () => mocked.state.redis }));

vi.mock("@/lib/auth/session", async () => {
  const { UnauthenticatedError } = await import("@/lib/errors");
  return {
    requireActor: async () => {
      if (!mocked.state.actor) throw new UnauthenticatedError();
      return mocked.state.actor;
    },
  };
});

vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-request-id": "metrics-test" }) }));

const TOKEN = "metrics-test-token-0123456789abcdef";
let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
  mocked.state.handle = t;
});

afterAll(async () => {
  await (await mocked.queue)?.stop({ graceful: false, wait: true });
  mocked.state.redis?.disconnect();
});

const scrape = (authorization?: string) =>
  metricsRoute(new Request("http://localhost:3000/api/metrics", { headers: authorization ? { authorization } : {} }));

async function scrapeText(): Promise<string> {
  mocked.state.metricsToken = TOKEN;
  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample line, e.g. `ams_cache_requests_total{cache="qr_code",result="hit"}`; 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("request metrics", () => {
  it("times route handlers under their pattern, with ids replaced, and their status", async () => {
    const studentId = randomUUID();
    const request = () => new Request(`http://localhost:3000/api/students/${studentId}`);
    mocked.state.actor = await t.actorFor(t.demo.adminUserId);
    expect((await handleRoute(request(), async () => ({ ok: true }))).status).toBe(200);
    mocked.state.actor = null;
    expect((await handleRoute(request(), async () => ({ ok: true }))).status).toBe(401);

    const text = await scrapeText();
    expect(sample(text, 'ams_request_duration_seconds_count{kind="route",name="GET /api/students/:id",status="200"}')).toBe(1);
    expect(sample(text, 'ams_request_duration_seconds_count{kind="route",name="GET /api/students/:id",status="401"}')).toBe(1);
    expect(text).not.toContain(studentId);
  });

  it("times server actions by name and result code", async () => {
    const name = `metricsProbe${randomUUID().slice(0, 8)}`;
    mocked.state.actor = await t.actorFor(t.demo.adminUserId);
    expect(await runAction(name, async () => "done")).toMatchObject({ ok: true });
    mocked.state.actor = null;
    expect(await runAction(name, async () => "done")).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });

    const text = await scrapeText();
    expect(sample(text, `ams_request_duration_seconds_count{kind="action",name="${name}",status="ok"}`)).toBe(1);
    expect(sample(text, `ams_request_duration_seconds_count{kind="action",name="${name}",status="UNAUTHENTICATED"}`)).toBe(1);
  });

  it("counts rate-limit refusals per limiter", async () => {
    const before = sample(await scrapeText(), 'ams_rate_limit_rejections_total{limiter="linkCode"}');
    const limits = new RateLimits({ redis: null });
    const key = { userId: randomUUID() };
    for (let i = 0; i < 10; i++) await limits.consume("linkCode", key);
    await expect(limits.consume("linkCode", key)).rejects.toThrow(/Too many attempts/);
    expect(sample(await scrapeText(), 'ams_rate_limit_rejections_total{limiter="linkCode"}')).toBe(before + 1);
  });

  it("counts hits and misses of the QR code cache", async () => {
    const hit = 'ams_cache_requests_total{cache="qr_code",result="hit"}';
    const miss = 'ams_cache_requests_total{cache="qr_code",result="miss"}';
    const before = await scrapeText();
    const url = `https://ams.example.school/verify/${randomUUID()}`;
    qrCodeMatrix(url);
    qrCodeMatrix(url);
    const after = await scrapeText();
    expect(sample(after, miss)).toBe(sample(before, miss) + 1);
    expect(sample(after, hit)).toBe(sample(before, hit) + 1);
  });
});

describe("scrape-time gauges", () => {
  it("reports the job queue's waiting and failed jobs", async () => {
    const waiting = `ams_job_queue_jobs{queue="${reportCardBatchJob.name}",state="waiting"}`;
    const failed = `ams_job_queue_jobs{queue="${reportCardBatchJob.name}",state="failed"}`;
    const before = await scrapeText();
    expect(before).toContain(waiting);

    const boss = await mocked.queue!;
    await boss.send(reportCardBatchJob.name, { batchId: randomUUID() });
    // One job that fails for good: no retries left, fetched and failed as a worker would.
    await boss.send(reportCardBatchJob.name, { batchId: randomUUID() }, { retryLimit: 0, priority: 10 });
    const [job] = await boss.fetch(reportCardBatchJob.name);
    await boss.fail(reportCardBatchJob.name, job!.id);

    const after = await scrapeText();
    expect(sample(after, waiting)).toBe(sample(before, waiting) + 1);
    expect(sample(after, failed)).toBe(sample(before, failed) + 1);
  });

  it("reports the PostgreSQL pool, and nothing for the embedded database", async () => {
    const text = await scrapeText();
    if (t.kind === "postgres") expect(sample(text, 'ams_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    else expect(text).not.toMatch(/^ams_db_pool_connections\{/m);
    // Node's own process metrics come with every scrape.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it("still answers when a reading fails, without that reading", async () => {
    mocked.state.databaseDown = true;
    try {
      const text = await scrapeText();
      expect(text).toContain("ams_request_duration_seconds");
      expect(text).not.toMatch(/^ams_db_pool_connections\{/m);
    } finally {
      mocked.state.databaseDown = false;
    }
  });
});

describe("the metrics endpoint", () => {
  it("does not exist while METRICS_TOKEN is unset", async () => {
    mocked.state.metricsToken = undefined;
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    expect((await scrape()).status).toBe(404);
  });

  it("asks for a token, and refuses a wrong one", async () => {
    mocked.state.metricsToken = TOKEN;
    const missing = await scrape();
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await scrape(`Bearer ${TOKEN.slice(0, -1)}x`)).status).toBe(403);
    expect((await scrape(`Bearer ${TOKEN}-and-more`)).status).toBe(403);
    expect((await scrape(`Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`)).status).toBe(403);
    expect(await (await scrape("Bearer wrong")).text()).not.toContain("ams_");
  });

  it("serves Prometheus text to the right token", async () => {
    mocked.state.metricsToken = TOKEN;
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain("# TYPE ams_request_duration_seconds histogram");
  });

  it("keeps one registry however often the module is loaded", async () => {
    const first = metrics();
    vi.resetModules();
    const again = await import("@/lib/metrics");
    expect(again.metrics()).toBe(first);
  });
});

describe("liveness and readiness", () => {
  const readyRequest = () => new Request("http://localhost:3000/api/health/ready");

  it("is alive without asking any dependency", async () => {
    mocked.state.databaseDown = true;
    try {
      const response = await live();
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    } finally {
      mocked.state.databaseDown = false;
    }
  });

  it("is ready with a working database", async () => {
    const response = await ready(readyRequest());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("is not ready without the database", async () => {
    mocked.state.databaseDown = true;
    try {
      const response = await ready(readyRequest());
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", database: "down" });
    } finally {
      mocked.state.databaseDown = false;
    }
  });

  // Rate limits fall back to per-instance memory and still refuse (ADR 0008): keep serving, say so.
  it("stays ready, degraded, when the configured Redis is down", async () => {
    const redis = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    redis.on("error", () => {});
    mocked.state.redis = redis;
    try {
      const response = await ready(readyRequest());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "degraded", redis: "down", cache: "bypassed" });
    } finally {
      mocked.state.redis = null;
      redis.disconnect();
    }
  });
});

describe("slow-query logging", () => {
  it("reports queries over the threshold, in and out of transactions, and not fast ones", async () => {
    const logged: Array<{ ms: number; text: string }> = [];
    // The same driver the suite runs on: PostgreSQL when DATABASE_URL is set, else a fresh PGlite.
    const handle = await openDatabase({
      url: process.env.DATABASE_URL,
      poolMax: 2,
      slowQuery: { thresholdMs: 40, log: (ms, text) => logged.push({ ms, text }) },
    });
    try {
      await handle.db.execute(sql`select 1 as fast`);
      await handle.db.execute(sql`select pg_sleep(0.06) as outside`);
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_sleep(0.06) as inside`);
      });
      await handle.executeSql("select pg_sleep(0.06) as raw");
    } finally {
      await handle.close();
    }
    const texts = logged.map((entry) => entry.text);
    expect(texts.filter((text) => text.includes("outside"))).toHaveLength(1);
    expect(texts.filter((text) => text.includes("inside"))).toHaveLength(1);
    expect(texts.filter((text) => text.includes("raw"))).toHaveLength(1);
    expect(texts.some((text) => text.includes("fast"))).toBe(false);
    expect(logged.every((entry) => entry.ms >= 40)).toBe(true);
  });

  it("adds nothing with a threshold of 0", async () => {
    const logged: string[] = [];
    const handle = await openDatabase({ url: process.env.DATABASE_URL, poolMax: 1, slowQuery: { thresholdMs: 0, log: (_ms, text) => logged.push(text) } });
    try {
      await handle.db.execute(sql`select pg_sleep(0.01)`);
    } finally {
      await handle.close();
    }
    expect(logged).toEqual([]);
  });
});
