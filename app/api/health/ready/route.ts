import { NextResponse } from "next/server";
import { getCache } from "@/lib/cache";
import { getDatabaseHandle } from "@/lib/db";
import { logger } from "@/lib/logger";
import { getRedis } from "@/lib/redis";
import { checkHealth } from "@/lib/server/health/check-health";

export const dynamic = "force-dynamic";

/**
 * Readiness: whether a load balancer should send this instance traffic. Without the database nothing
 * works (503). Without Redis the instance still serves correctly: rate limits fall back to per-instance
 * memory and still refuse (ADR 0008), and cached pages are read from the database (ADR 20), so it
 * stays in rotation, reported as degraded.
 */
export async function GET(request: Request) {
  const health = await checkHealth(getDatabaseHandle, getRedis(), getCache());
  const headers = { "cache-control": "no-store" };
  if (health.checks.database.status !== "up") {
    logger().warn({ requestId: request.headers.get("x-request-id"), health }, "not ready: the database is not answering");
    return NextResponse.json({ status: "unavailable", database: "down" }, { status: 503, headers });
  }
  if (health.checks.redis.status === "down") return NextResponse.json({ status: "degraded", redis: "down", cache: "bypassed" }, { headers });
  if (health.checks.cache.status === "bypassed") return NextResponse.json({ status: "degraded", cache: "bypassed" }, { headers });
  return NextResponse.json({ status: "ok" }, { headers });
}
