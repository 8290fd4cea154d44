import "server-only";
import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { CacheState, CacheStatus } from "@/lib/cache/tagged-cache";
import type { DatabaseHandle } from "@/lib/db/client";

type Check = { status: "up" | "down" | "not_configured"; latencyMs?: number; detail?: string };
type CacheCheck = { status: CacheState; detail?: string };
export type Health = { status: "ok" | "degraded"; checks: { database: Check & { kind?: string }; redis: Check; cache: CacheCheck } };

const timeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

/**
 * Probes the database and Redis, and says what that means for the cache (ADR 20). Public (load
 * balancers call it), so it says what is down but never why in detail: no hosts, users or error text.
 */
export async function checkHealth(
  openDb: () => Promise<DatabaseHandle>,
  redis: Redis | null,
  cache?: { status(): CacheStatus },
): Promise<Health> {
  const database = await probe(async () => {
    const handle = await openDb();
    await handle.db.execute(sql`select 1`);
    return handle.kind;
  });
  const redisCheck: Check = redis
    ? await probe(async () => {
        if (redis.status === "wait") await redis.connect();
        await redis.ping();
        return undefined;
      })
    : { status: "not_configured", detail: "REDIS_URL is not set; rate limits and session revocation use memory" };
  const cacheCheck = readCache(redisCheck, cache);
  const healthy = database.status === "up" && redisCheck.status !== "down" && cacheCheck.status !== "bypassed";
  return { status: healthy ? "ok" : "degraded", checks: { database, redis: redisCheck, cache: cacheCheck } };
}

function readCache(redis: Check, cache: { status(): CacheStatus } | undefined): CacheCheck {
  if (redis.status === "not_configured") return { status: "local", detail: "REDIS_URL is not set; cached pages are kept in this process, for one instance only" };
  if (redis.status === "down") return { status: "bypassed", detail: "Redis is unreachable; cached pages are read from the database" };
  if ((cache?.status().pendingInvalidations ?? 0) > 0) {
    return { status: "bypassed", detail: "Changes have not reached Redis yet; cached pages are read from the database" };
  }
  return { status: "shared" };
}

async function probe(fn: () => Promise<string | undefined>): Promise<Check & { kind?: string }> {
  const started = performance.now();
  try {
    const kind = await timeout(fn(), 2_000);
    return { status: "up", latencyMs: Math.round(performance.now() - started), ...(kind ? { kind } : {}) };
  } catch {
    return { status: "down", latencyMs: Math.round(performance.now() - started) };
  }
}
