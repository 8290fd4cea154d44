// The health endpoint's logic: healthy only when every configured dependency answers.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseConnectionError } from "@/lib/db/client";
import { checkHealth } from "@/lib/server/health/check-health";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
const clients: Redis[] = [];
const redisAt = (url: string) => {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  client.on("error", () => {});
  clients.push(client);
  return client;
};

beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(() => clients.forEach((c) => c.disconnect()));

describe("health", () => {
  it("is ok with a working database and no Redis configured", async () => {
    const health = await checkHealth(async () => t, null);
    expect(health).toMatchObject({ status: "ok", checks: { database: { status: "up", kind: t.kind }, redis: { status: "not_configured" } } });
  });

  it("is degraded when the database cannot be reached, without saying why", async () => {
    const health = await checkHealth(() => Promise.reject(new DatabaseConnectionError("password authentication failed")), null);
    expect(health.status).toBe("degraded");
    expect(health.checks.database.status).toBe("down");
    expect(JSON.stringify(health)).not.toContain("password");
  });

  it("is degraded when Redis is configured but not answering", async () => {
    const health = await checkHealth(async () => t, redisAt("redis://127.0.0.1:1"));
    expect(health).toMatchObject({ status: "degraded", checks: { redis: { status: "down" } } });
  });

  // CI runs this suite again with REDIS_URL pointing at a real server; on PGlite-only runs there is none.
  it.runIf(process.env.REDIS_URL)("is ok with a reachable Redis (runs when REDIS_URL is set)", async () => {
    const health = await checkHealth(async () => t, redisAt(process.env.REDIS_URL!));
    expect(health).toMatchObject({ status: "ok", checks: { redis: { status: "up" } } });
  });
});
