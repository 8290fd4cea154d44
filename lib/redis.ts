// The Redis connection, when REDIS_URL is set. Without it AMS keeps its short-lived state in memory.
import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/env";

const globalForRedis = globalThis as unknown as { amsRedis?: Redis | null };

export function getRedis(): Redis | null {
  if (globalForRedis.amsRedis === undefined) {
    const url = env().REDIS_URL;
    globalForRedis.amsRedis = url
      ? new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: true })
      : null;
    // Connection errors surface through the commands that fail; an unhandled 'error' event would crash.
    globalForRedis.amsRedis?.on("error", () => {});
  }
  return globalForRedis.amsRedis;
}
