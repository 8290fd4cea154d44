import { NextResponse } from "next/server";
import { getCache } from "@/lib/cache";
import { getDatabaseHandle } from "@/lib/db";
import { logger } from "@/lib/logger";
import { getRedis } from "@/lib/redis";
import { checkHealth } from "@/lib/server/health/check-health";

export const dynamic = "force-dynamic";

/** For load balancers and monitoring: 200 when the app can serve, 503 when a dependency is down. */
export async function GET(request: Request) {
  const health = await checkHealth(getDatabaseHandle, getRedis(), getCache());
  if (health.status !== "ok") logger().warn({ requestId: request.headers.get("x-request-id"), health }, "health check degraded");
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
