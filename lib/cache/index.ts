// The app's cache and the two calls the data layer makes: `cached` around a read, `invalidateCache`
// after a write that changes what it read has committed (ADR 20; the mechanism is in tagged-cache.ts).
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { is, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Database, type Queryable, selectRows } from "@/lib/db/client";
import { getRedis } from "@/lib/redis";
import { type CacheEntry, TaggedCache } from "./tagged-cache";

export { EVERYTHING, type CacheEntry, type CacheStatus } from "./tagged-cache";

// One cache and one scope per database for the process: Next.js may bundle this module into several
// server chunks, and a copy with its own PGlite scope would never see the others' invalidations.
// (For the same reason transactions are recognised with drizzle's `is`, not instanceof.)
const globalForCache = globalThis as unknown as { amsCache?: TaggedCache; amsCacheScopes?: WeakMap<Database, Promise<string>> };

export function getCache(): TaggedCache {
  globalForCache.amsCache ??= new TaggedCache({ redis: getRedis(), release: currentRelease() });
  return globalForCache.amsCache;
}

/**
 * Puts another cache where the data layer finds it (undefined: the configured one again), for tests
 * and benchmarks that play a second instance or a Redis that is down.
 */
export function replaceCache(cache: TaggedCache | undefined): void {
  globalForCache.amsCache = cache;
}

/**
 * The value `load` reads, from the cache when it holds it. Inside a transaction the read must see the
 * transaction's own writes, which may yet be rolled back, so it is never cached there.
 */
export async function cached<T>(db: Queryable, entry: CacheEntry, load: () => Promise<T>): Promise<T> {
  if (is(db, PgTransaction)) return load();
  return getCache().get(await cacheScope(db), entry, load);
}

/**
 * Makes every cached value carrying one of the tags unreachable, in every instance, before it returns.
 * Only after the change has committed: inside the transaction, a reader could still load the old rows
 * and keep them under the new version, so a transaction handle is refused.
 */
export async function invalidateCache(db: Queryable, tags: readonly string[]): Promise<void> {
  if (is(db, PgTransaction)) {
    throw new Error("invalidateCache needs the database handle, after the transaction has committed, not the transaction");
  }
  await getCache().invalidate(await cacheScope(db), tags);
}

/**
 * Which database the cached values came from, so databases sharing one Redis never read each other's
 * values: the server's identity, the database's name and its oid (a database dropped and restored
 * under the same name gets a new one). The same for every instance using the database. PGlite is
 * opened by one process only, so each handle gets a scope of its own.
 */
export function cacheScope(db: Database): Promise<string> {
  const scopes = (globalForCache.amsCacheScopes ??= new WeakMap());
  let scope = scopes.get(db);
  if (!scope) {
    scope = readScope(db);
    scopes.set(db, scope);
    scope.catch(() => scopes.delete(db));
  }
  return scope;
}

async function readScope(db: Database): Promise<string> {
  const [row] = await selectRows<{ version: string; name: string; oid: string }>(
    db,
    sql`select version() as version, current_database() as name, (select oid::text from pg_database where datname = current_database()) as oid`,
  );
  if (!row || row.version.includes("PGlite")) return `pglite-${randomUUID()}`;
  // Readable by any role on a stock server; some hosted ones refuse it, and then the name and oid remain.
  const [server] = await selectRows<{ id: string }>(db, sql`select system_identifier::text as id from pg_control_system()`).catch(() => []);
  return createHash("sha256")
    .update(`${server?.id ?? ""}/${row.name}/${row.oid}`)
    .digest("base64url")
    .slice(0, 16);
}

/**
 * The code's identity: the source hash scripts/start.ts writes beside the build, the same on every
 * instance built from the same source. Without one (development, tests) each process is its own.
 */
function currentRelease(): string {
  try {
    return fs.readFileSync(path.join(process.cwd(), ".next", "ams-source-hash"), "utf8").trim().slice(0, 12);
  } catch {
    return `dev-${randomUUID().slice(0, 8)}`;
  }
}
