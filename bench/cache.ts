// The cache in front of the report card page (ADR 20) on the large school: what the page reads (the
// parent's card, and the school's report card settings, which are cached) without the cache, cached in
// this process, and cached through Redis (when REDIS_URL is set), one parent at a time and 60 at once;
// against the floor, the same two queries by hand over a plain pg pool. Then a results-day pass for
// the hit rate.
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import type pg from "pg";
import type { Actor } from "../lib/auth/policy";
import { replaceCache } from "../lib/cache";
import { TaggedCache } from "../lib/cache/tagged-cache";
import { type DatabaseHandle, selectRows } from "../lib/db/client";
import { metrics } from "../lib/metrics";
import { loadActor } from "../lib/server/auth/load-actor";
import { getReportCard } from "../lib/server/report-cards/get-report-card";
import { getReportCardView } from "../lib/server/report-cards/get-report-card-view";
import { publishTermResults } from "../lib/server/results/publish-term-results";
import { measure, type Timing } from "./support";

type Row = { name: string; what: string; ours: Timing; floor: Timing; goal?: string };

const quiet = { warn: () => {}, info: () => {} };

/** The page's reads without the cache, by hand: the card with the parent's access rule, then the settings. */
const FLOOR_CARD = `select rc.id, rc.content, rc.content_hash, rc.verification_code, rc.version, rc.published_at
  from report_cards rc
  where rc.student_id = $1 and rc.term_id = $2 and rc.superseded_at is null
    and rc.student_id in (select gs.student_id from guardian_students gs where gs.guardian_id = $3)`;
const FLOOR_VIEW = `select show_components, show_positions, show_class_statistics, accent_colour, signatures, logo_key
  from report_card_settings where id = 1`;

/** Counter readings of the caches, to tell the hit rate of a pass. */
async function cacheCounts(): Promise<Map<string, number>> {
  const { values } = await metrics().cacheRequests.get();
  return new Map(values.map((v) => [`${v.labels.cache}:${v.labels.result}`, v.value]));
}

export async function benchmarkCache(handle: DatabaseHandle, raw: pg.Pool, admin: Actor, iterations: number, redisUrl: string | undefined): Promise<Row[]> {
  const db = handle.db;
  // Set-up, untimed: the current term locked and one class published; each of its students' first
  // guardian given a sign-in, as the parents reading the cards.
  const [target] = await selectRows<{ termId: string; classId: string }>(
    db,
    sql`select (select id from terms where is_current) as "termId",
               (select c.id from classes c join academic_years y on y.id = c.academic_year_id and y.is_current order by c.name limit 1) as "classId"`,
  );
  if (!target) throw new Error("The large school has no current term or class");
  await db.execute(sql`update terms set scores_locked_at = coalesce(scores_locked_at, now()) where id = ${target.termId}`);
  const outcome = await publishTermResults(db, admin, { termId: target.termId, classId: target.classId, reason: "Cache benchmark" });
  await db.execute(sql`
    with readers as (
      select distinct on (rc.student_id) gs.guardian_id, g.email from report_cards rc
      join guardian_students gs on gs.student_id = rc.student_id join guardians g on g.id = gs.guardian_id
      where rc.term_id = ${target.termId} and rc.class_id = ${target.classId} and g.user_id is null
      order by rc.student_id, gs.guardian_id),
    users_made as (
      insert into users (email, name, status, email_verified_at) select email, 'Bench parent', 'active', now() from readers
      on conflict do nothing returning id, email)
    update guardians g set user_id = u.id from users_made u where g.email = u.email`);
  await db.execute(sql`insert into user_roles (user_id, role_id)
    select g.user_id, r.id from guardians g join roles r on r.key = 'parent' where g.user_id is not null on conflict do nothing`);
  const readers = await selectRows<{ userId: string; guardianId: string; studentId: string }>(
    db,
    sql`select distinct on (rc.student_id) g.user_id as "userId", g.id as "guardianId", rc.student_id as "studentId"
        from report_cards rc join guardian_students gs on gs.student_id = rc.student_id join guardians g on g.id = gs.guardian_id
        where rc.term_id = ${target.termId} and rc.class_id = ${target.classId} and rc.superseded_at is null and g.user_id is not null
        order by rc.student_id, g.id`,
  );
  const parents = await Promise.all(readers.map(async (r) => ({ ...r, actor: (await loadActor(db, r.userId))! })));
  const one = parents[0]!;
  const termId = target.termId;
  console.log(`Cache: published ${JSON.stringify(outcome)}; ${parents.length} parents`);

  const pageReads = (parent = one) => async () => {
    await getReportCard(db, parent.actor, { studentId: parent.studentId, termId });
    await getReportCardView(db);
  };
  const floor = (parent = one) => async () => {
    await raw.query(FLOOR_CARD, [parent.studentId, termId, parent.guardianId]);
    await raw.query(FLOOR_VIEW);
  };
  const atOnce = (read: (parent: (typeof parents)[number]) => () => Promise<unknown>) => () => Promise.all(parents.map((p) => read(p)()));

  const rows: Row[] = [];
  const manyRuns = Math.max(5, Math.floor(iterations / 10));
  const floorOne = await measure(floor(), iterations);
  const floorMany = await measure(atOnce(floor), manyRuns);
  // Without a cache, measured as the cache runs when its Redis is down: every read goes to the database.
  const closed = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const clients = [closed];
  closed.on("error", () => {});
  await closed.connect().catch(() => {});
  const caches: Array<{ label: string; what: string; make: () => Promise<TaggedCache> }> = [
    { label: "no cache", what: "settings read every time (the cache's Redis down)", make: async () => new TaggedCache({ redis: closed, release: "bench", log: quiet }) },
    { label: "cached in-process", what: "settings from memory", make: async () => new TaggedCache({ redis: null, release: "bench", log: quiet }) },
  ];
  if (redisUrl) {
    caches.push({
      label: "cached through Redis",
      what: "settings from memory after one MGET of their tags' tokens",
      make: async () => {
        const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
        clients.push(redis);
        await redis.connect();
        return new TaggedCache({ redis, release: `bench-${Date.now()}`, log: quiet });
      },
    });
  }
  try {
    for (const { label, what, make } of caches) {
      const cache = await make();
      replaceCache(cache);
      const single = await measure(pageReads(), iterations);
      rows.push({
        name: `Report card page reads, ${label}`,
        what: `a parent's card (PostgreSQL, with the access rule) and the school's card settings: ${what}; floor: both queries by hand`,
        ours: single,
        floor: floorOne,
      });
      console.log(`Card page reads, ${label}: p50 ${single.median.toFixed(3)} ms, p95 ${single.p95.toFixed(3)} (floor ${floorOne.median.toFixed(3)}, ${floorOne.p95.toFixed(3)})`);
      const many = await measure(atOnce(pageReads), manyRuns);
      rows.push({
        name: `Report card page reads, ${parents.length} parents at once, ${label}`,
        what: `each parent's own card and the settings, all started together on a pool of 4 connections; floor: the same ${parents.length} × 2 queries by hand`,
        ours: many,
        floor: floorMany,
      });
      console.log(`Card page reads, ${parents.length} at once, ${label}: p50 ${many.median.toFixed(2)} ms, p95 ${many.p95.toFixed(2)} (floor ${floorMany.median.toFixed(2)}, ${floorMany.p95.toFixed(2)})`);
      cache.close();
    }

    // Results day, for the hit rate: a fresh cache, every parent opens their child's card, then opens
    // it again (a refresh, the other parent, the PDF); in a shuffled order. (A card cached by version
    // would hit on the second read only: 50%; see ADR 20 for why it isn't.)
    replaceCache(new TaggedCache({ redis: null, release: "bench", log: quiet }));
    const before = await cacheCounts();
    const visits = [...parents, ...parents].sort(() => Math.random() - 0.5);
    for (const parent of visits) await pageReads(parent)();
    const after = await cacheCounts();
    const hits = (after.get("report_card_view:hit") ?? 0) - (before.get("report_card_view:hit") ?? 0);
    const misses = (after.get("report_card_view:miss") ?? 0) - (before.get("report_card_view:miss") ?? 0);
    console.log(`Results-day pass, report_card_view: ${hits} hits, ${misses} misses (${((100 * hits) / (hits + misses)).toFixed(1)}% hit rate)`);
  } finally {
    replaceCache(undefined);
    for (const client of clients) client.disconnect();
  }
  return rows;
}
