// A read-through cache whose entries are made unreachable by invalidating their tags, shared by every
// app instance through Redis when REDIS_URL is set, in this process's memory otherwise (ADR 20).
//
// Each tag has a token. A value is stored under its key plus the current tokens of its tags, so
// invalidating a tag (a new token) makes every value stored under the old one unreachable at once,
// in every instance: each read asks Redis for the tokens first (one MGET), then looks in this
// process's memory, then in Redis, then loads. Nothing is deleted or broadcast, so there is no
// message to miss and no timing to get wrong; expiry is only a safety net.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { logger } from "@/lib/logger";
import { type CacheName, countCacheRequest } from "@/lib/metrics";
import { LruStore } from "./lru";

export type CacheEntry = {
  name: CacheName;
  /** Names the value within `name`. */
  key: string;
  /** Invalidating any of these (or EVERYTHING) makes the value unreachable, at once and in every instance. */
  tags: readonly string[];
  /** A safety net only: correctness comes from invalidation, never from expiry. */
  ttlSeconds: number;
};

/**
 * shared: Redis answers and every instance sees the same invalidations. local: no Redis configured,
 * this process's memory is the whole cache (one instance). bypassed: Redis is configured but not
 * answering, or an invalidation hasn't reached it yet, so tagged values are read from the database.
 */
export type CacheState = "shared" | "local" | "bypassed";
export type CacheStatus = { state: CacheState; pendingInvalidations: number };

type Log = { warn(object: object, message: string): void; info(object: object, message: string): void };

export type TaggedCacheOptions = {
  redis: Redis | null;
  /**
   * Part of every stored value's key but not of the tags': instances running different code never
   * read each other's values (whose shape may differ) yet still see each other's invalidations.
   */
  release: string;
  maxEntries?: number;
  /** Total characters of serialized values kept in this process. */
  maxChars?: number;
  /** How long one Redis command may take before the database answers instead. */
  timeoutMs?: number;
  /** After a Redis failure, how long to read from the database before asking Redis again. */
  retryAfterMs?: number;
  log?: Log;
};

/** A tag every value carries: invalidating it makes everything unreachable (after a restore). */
export const EVERYTHING = "*";

const PREFIX = "ams:cache";

export class TaggedCache {
  readonly backend: "redis" | "memory";
  private readonly redis: Redis | null;
  private readonly local: LruStore;
  /** Tag tokens when there is no Redis. */
  private readonly memoryTokens = new Map<string, string>();
  /** Loads in progress, so a burst of misses for one value queries the database once. */
  private readonly loading = new Map<string, Promise<string>>();
  /** Tag keys whose new token Redis hasn't accepted yet, with the generation of the latest request. */
  private readonly pending = new Map<string, number>();
  private generation = 0;
  private tokenCount = 0;
  private readonly tokenPrefix = randomBytes(6).toString("base64url");
  private redisSkippedUntil = 0;
  private notReadySince: number | undefined;
  private outage = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly timeoutMs: number;
  private readonly retryAfterMs: number;

  constructor(private readonly options: TaggedCacheOptions) {
    this.redis = options.redis;
    this.backend = options.redis ? "redis" : "memory";
    this.local = new LruStore(options.maxEntries ?? 5_000, options.maxChars ?? 20_000_000);
    this.timeoutMs = options.timeoutMs ?? 250;
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
    if (options.redis?.status === "wait") options.redis.connect().catch(() => {});
  }

  /** The value from the cache, or from `load` (then kept). `scope` keeps databases apart (ADR 20). */
  async get<T>(scope: string, entry: CacheEntry, load: () => Promise<T>): Promise<T> {
    const tokens = await this.tokens([EVERYTHING, ...entry.tags].map((tag) => tagKey(scope, tag)));
    if (!tokens) {
      // Another instance's invalidation might be invisible to us: the database is the only safe answer.
      countCacheRequest(entry.name, false);
      return load();
    }
    const key = `${PREFIX}:${scope}:v:${this.options.release}:${entry.name}:${entry.key}@${tokens.join(",")}`;
    const kept = this.local.get(key, Date.now());
    if (kept !== undefined) {
      countCacheRequest(entry.name, true);
      return JSON.parse(kept) as T;
    }
    const inFlight = this.loading.get(key);
    if (inFlight) {
      countCacheRequest(entry.name, true);
      return JSON.parse(await inFlight) as T;
    }
    const filling = this.fill(key, entry, load);
    this.loading.set(key, filling);
    try {
      return JSON.parse(await filling) as T;
    } finally {
      this.loading.delete(key);
    }
  }

  /**
   * Makes every value carrying one of these tags unreachable. Call it after the change has committed:
   * before, a reader could load the old rows again and keep them under the new token.
   */
  async invalidate(scope: string, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    const keys = tags.map((tag) => tagKey(scope, tag));
    if (!this.redis) {
      for (const key of keys) this.memoryTokens.set(key, this.newToken());
      return;
    }
    const generation = ++this.generation;
    for (const key of keys) this.pending.set(key, generation);
    await this.flushPending();
  }

  status(): CacheStatus {
    if (!this.redis) return { state: "local", pendingInvalidations: 0 };
    const bypassed = this.pending.size > 0 || this.redis.status !== "ready" || Date.now() < this.redisSkippedUntil;
    return { state: bypassed ? "bypassed" : "shared", pendingInvalidations: this.pending.size };
  }

  /** Stops retrying waiting invalidations (tests, scripts); the cache still works afterwards. */
  close(): void {
    this.stopRetrying();
  }

  private stopRetrying(): void {
    clearInterval(this.flushTimer);
    this.flushTimer = undefined;
  }

  private async fill<T>(key: string, entry: CacheEntry, load: () => Promise<T>): Promise<string> {
    const shared = await this.redisCall((redis) => redis.get(key));
    if (shared?.value != null) {
      this.local.set(key, shared.value, Date.now() + entry.ttlSeconds * 1000);
      countCacheRequest(entry.name, true);
      return shared.value;
    }
    const serialized = serialize(await load(), entry.name);
    countCacheRequest(entry.name, false);
    this.local.set(key, serialized, Date.now() + entry.ttlSeconds * 1000);
    await this.redisCall((redis) => redis.set(key, serialized, "EX", entry.ttlSeconds));
    return serialized;
  }

  /** The tags' current tokens, or null when they can't be known (Redis down, or our invalidation not yet in it). */
  private async tokens(keys: string[]): Promise<string[] | null> {
    if (!this.redis) {
      return keys.map((key) => {
        let token = this.memoryTokens.get(key);
        if (!token) this.memoryTokens.set(key, (token = this.newToken()));
        return token;
      });
    }
    if (this.pending.size > 0 && !(await this.flushPending())) return null;
    const read = await this.redisCall((redis) => redis.mget(...keys));
    if (!read) return null;
    const missing = keys.filter((_, i) => read.value[i] == null);
    if (missing.length === 0) return read.value as string[];
    // A tag never invalidated, or forgotten by a restarted Redis: give it a fresh token (first writer
    // wins), never a default one that values stored before the restart could still be under.
    const token = this.newToken();
    const filled = await this.redisCall(async (redis) => {
      const pipeline = redis.multi();
      for (const key of missing) pipeline.set(key, token, "NX");
      pipeline.mget(...keys);
      const results = await pipeline.exec();
      const last = results?.at(-1);
      if (!last || last[0]) throw last?.[0] ?? new Error("no reply");
      return last[1] as Array<string | null>;
    });
    if (!filled || filled.value.some((value) => value == null)) return null;
    return filled.value as string[];
  }

  /** Sends waiting invalidations to Redis; true when none are left. */
  private async flushPending(): Promise<boolean> {
    if (this.pending.size === 0) return true;
    const sending = [...this.pending];
    const token = this.newToken();
    const sent = await this.redisCall((redis) => redis.mset(...sending.flatMap(([key]) => [key, token])));
    if (sent) {
      // A key invalidated again while this was on its way stays pending: its change came after this token.
      for (const [key, generation] of sending) if (this.pending.get(key) === generation) this.pending.delete(key);
    }
    if (this.pending.size === 0) {
      this.stopRetrying();
      return true;
    }
    this.flushTimer ??= setInterval(() => void this.flushPending(), 1_000).unref();
    return false;
  }

  /** One Redis command with a time limit; undefined when Redis is not usable, and the outage noted once. */
  private async redisCall<T>(command: (redis: Redis) => Promise<T>): Promise<{ value: T } | undefined> {
    const redis = this.redis;
    if (!redis) return undefined;
    if (redis.status === "wait") redis.connect().catch(() => {});
    // Not "ready": the command would wait in ioredis's offline queue for a reconnect that may not come.
    if (redis.status !== "ready") {
      // Connecting at start-up is not an outage unless it lasts; a lost connection is one at once.
      this.notReadySince ??= Date.now();
      const starting = redis.status === "wait" || redis.status === "connecting" || redis.status === "connect";
      if (!starting || Date.now() - this.notReadySince > 2 * this.retryAfterMs) this.noteOutage(`connection ${redis.status}`);
      return undefined;
    }
    this.notReadySince = undefined;
    if (Date.now() < this.redisSkippedUntil) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        command(redis),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      if (this.outage) {
        this.outage = false;
        this.log().info({}, "Redis answers again: the cache is shared again");
      }
      return { value };
    } catch (error) {
      this.redisSkippedUntil = Date.now() + this.retryAfterMs;
      this.noteOutage(error instanceof Error ? error.message : String(error));
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private noteOutage(reason: string): void {
    if (this.outage) return;
    this.outage = true;
    this.log().warn({ reason }, "Redis is not answering: cached reads go to the database until it does");
  }

  private log(): Log {
    return this.options.log ?? logger();
  }

  /** Unique across processes and restarts: a random prefix per cache and a counter. */
  private newToken(): string {
    return `${this.tokenPrefix}.${(++this.tokenCount).toString(36)}`;
  }
}

function tagKey(scope: string, tag: string): string {
  return `${PREFIX}:${scope}:t:${tag}`;
}

/**
 * JSON, refusing what JSON would silently change: a Date would come back a string, a Map or a Set an
 * empty object. Cached values are DTOs of plain data, dates as ISO strings.
 */
export function serialize(value: unknown, name: string): string {
  if (value === undefined) throw new TypeError(`The ${name} cache was given undefined to keep`);
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced: unknown) {
    const original = this[key];
    if (original instanceof Date || original instanceof Map || original instanceof Set || ArrayBuffer.isView(original)) {
      throw new TypeError(`The ${name} cache keeps JSON only; "${key}" is a ${original.constructor.name}`);
    }
    return replaced;
  });
}
