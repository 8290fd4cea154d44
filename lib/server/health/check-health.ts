import "server-only";
import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { DatabaseHandle } from "@/lib/db/client";

type Check = { status: "up" | "down" | "not_configured"; latencyMs?: number; detail?: string };
export type Health = { status: "ok" | "degraded"; checks: { database: Check & { kind?: string }; redis: Check } };

const timeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

/**
 * Probes the database and Redis. Public (load balancers call it), so it says what is down but
 * never why in detail: no hosts, users or error text.
 */
export async function checkHealth(openDb: () => Promise<DatabaseHandle>, redis: Redis | null): Promise<Health> {
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
  const healthy = database.status === "up" && redisCheck.status !== "down";
  return { status: healthy ? "ok" : "degraded", checks: { database, redis: redisCheck } };
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
