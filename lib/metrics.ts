// Prometheus metrics: request timings, rate-limit refusals, cache use, and on each scrape the
// database pool and the job queue. Served by app/api/metrics/route.ts when METRICS_TOKEN is set.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DatabaseHandle } from "@/lib/db/client";
import { JOB_DEFINITIONS } from "@/lib/jobs/definitions";
import { JOB_SCHEMA, type JobQueue } from "@/lib/jobs/queue";
import { logger } from "@/lib/logger";

export type RequestKind = "route" | "action";
/** The caches worth watching (in-process, or shared through Redis: lib/cache): a low hit rate means too small or useless. */
export type CacheName = "qr_code" | "report_card_logo" | "report_card_view";

/**
 * Where scrape-time readings come from, passed in by the metrics route (as checkHealth takes its
 * database): this module is imported by the database's and the queue's own callers, so it must not
 * import them back.
 */
export type ScrapeSources = { openDb: () => Promise<DatabaseHandle>; jobQueue: () => Promise<JobQueue> };

type Metrics = {
  registry: Registry;
  requestDuration: Histogram<"kind" | "name" | "status">;
  rateLimitRejections: Counter<"limiter">;
  cacheRequests: Counter<"cache" | "result">;
  /** Route names seen so far, to bound the label's values (see observeRequest). */
  routeNames: Set<string>;
  /** Set for the duration of one scrape by renderMetrics. */
  sources?: ScrapeSources;
};

/**
 * Route names are made from the URL, which a caller chooses: past this many distinct ones, new
 * names are counted as "other", so requests for made-up paths cannot grow the registry without end.
 */
export const MAX_ROUTE_NAMES = 200;

/** How long one scrape-time reading (the pool, the queue) may take before it is left out. */
const COLLECT_TIMEOUT_MS = 2_000;

// One registry per process. Dev reloads re-evaluate this module, and Next.js may bundle it into
// several server chunks; each copy must find the same metrics, or registering them again throws.
const globalForMetrics = globalThis as unknown as { amsMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.amsMetrics ??= createMetrics();
  return globalForMetrics.amsMetrics;
}

function createMetrics(): Metrics {
  const created: Metrics = {} as Metrics;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: "ams_request_duration_seconds",
    help: "Time to answer a route handler or server action, by name and outcome (HTTP status or action result code).",
    labelNames: ["kind", "name", "status"] as const,
    // Up to 30 s: printing report cards as a PDF is legitimately slow.
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const rateLimitRejections = new Counter({
    name: "ams_rate_limit_rejections_total",
    help: "Requests refused by a rate limit (including refusals because the limit's store could not be checked).",
    labelNames: ["limiter"] as const,
    registers: [registry],
  });
  const cacheRequests = new Counter({
    name: "ams_cache_requests_total",
    help: "Lookups in an in-process cache, by result.",
    labelNames: ["cache", "result"] as const,
    registers: [registry],
  });
  const dbPool = new Gauge({
    name: "ams_db_pool_connections",
    help: "PostgreSQL pool connections: total open, idle, and requests waiting for one (absent on the embedded database).",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      dbPool.reset();
      const sources = created.sources;
      if (!sources) return;
      const stats = await reading("database pool", async () => (await sources.openDb()).poolStats?.());
      if (!stats) return;
      dbPool.set({ state: "total" }, stats.total);
      dbPool.set({ state: "idle" }, stats.idle);
      dbPool.set({ state: "waiting" }, stats.waiting);
    },
  });
  const jobs = new Gauge({
    name: "ams_job_queue_jobs",
    help: "Background jobs per queue: waiting to run (created or retrying), and failed (kept until pg-boss archives them).",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      jobs.reset();
      const sources = created.sources;
      if (!sources) return;
      const counts = await reading("job queue", () => readJobCounts(sources));
      for (const { queue, waiting, failed } of counts ?? []) {
        jobs.set({ queue, state: "waiting" }, waiting);
        jobs.set({ queue, state: "failed" }, failed);
      }
    },
  });
  return Object.assign(created, { registry, requestDuration, rateLimitRejections, cacheRequests, routeNames: new Set<string>() });
}

/** A scrape-time reading, or undefined when it fails or is slow: one broken part must not hide the rest. */
async function reading<T>(what: string, read: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${COLLECT_TIMEOUT_MS} ms`)), COLLECT_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    logger().warn({ err: error, metric: what }, "a metric could not be read for this scrape");
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

async function readJobCounts(sources: ScrapeSources): Promise<Array<{ queue: string; waiting: number; failed: number }>> {
  const boss = await sources.jobQueue();
  const names = JOB_DEFINITIONS.map((definition) => definition.name);
  // pg-boss 10 counts waiting jobs per queue (getQueueSize: states before "active") but has no public
  // count of failed ones, so those come from its job table, which opening the queue has created.
  const { rows } = await (await sources.openDb()).executeSql(
    `select name, count(*)::int as failed from ${JOB_SCHEMA}.job where name = any($1) and state = 'failed' group by name`,
    [names],
  );
  const failedByName = new Map((rows as Array<{ name: string; failed: number }>).map((row) => [row.name, Number(row.failed)]));
  return Promise.all(
    names.map(async (queue) => ({ queue, waiting: (await boss.getQueueSize(queue)) ?? 0, failed: failedByName.get(queue) ?? 0 })),
  );
}

const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "GET /api/students/:id": the route's pattern, so every student's page is one series, not one each. */
export function routeName(method: string, pathname: string): string {
  const pattern = pathname
    .split("/")
    .map((segment) => (UUID_SEGMENT.test(segment) ? ":id" : segment))
    .join("/");
  return `${method.toUpperCase()} ${pattern}`;
}

/** Records how long a route handler or server action took, from `startedAt` (performance.now()). */
export function observeRequest(kind: RequestKind, name: string, status: string, startedAt: number): void {
  const { requestDuration, routeNames } = metrics();
  let label = name;
  if (kind === "route" && !routeNames.has(name)) {
    if (routeNames.size < MAX_ROUTE_NAMES) routeNames.add(name);
    else label = "other";
  }
  requestDuration.observe({ kind, name: label, status }, (performance.now() - startedAt) / 1000);
}

export function countRateLimitRejection(limiter: string): void {
  metrics().rateLimitRejections.inc({ limiter });
}

export function countCacheRequest(cache: CacheName, hit: boolean): void {
  metrics().cacheRequests.inc({ cache, result: hit ? "hit" : "miss" });
}

/** Every metric in Prometheus's text format, after reading the pool and the queue from `sources`. */
export async function renderMetrics(sources: ScrapeSources): Promise<{ contentType: string; body: string }> {
  const current = metrics();
  current.sources = sources;
  return { contentType: current.registry.contentType, body: await current.registry.metrics() };
}

/**
 * Whether an Authorization header carries the token. Both sides are hashed first, so the comparison
 * takes the same time whatever the length or content of the guess.
 */
export function bearerTokenMatches(authorization: string | null, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * The metrics endpoint's answer. Off (404, as if it did not exist) until METRICS_TOKEN is set; then
 * only a scraper presenting it may read: the numbers show how busy the school is and when.
 */
export async function metricsResponse(request: Request, token: string | undefined, sources: ScrapeSources): Promise<Response> {
  const noStore = { "cache-control": "no-store" };
  if (!token) return new Response("Not found\n", { status: 404, headers: { ...noStore, "content-type": "text/plain; charset=utf-8" } });
  const authorization = request.headers.get("authorization");
  if (!authorization) {
    return new Response("A bearer token is required\n", {
      status: 401,
      headers: { ...noStore, "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  if (!bearerTokenMatches(authorization, token)) {
    return new Response("Wrong token\n", { status: 403, headers: { ...noStore, "content-type": "text/plain; charset=utf-8" } });
  }
  const { contentType, body } = await renderMetrics(sources);
  return new Response(body, { status: 200, headers: { ...noStore, "content-type": contentType } });
}
