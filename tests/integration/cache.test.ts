// The cache (ADR 20) in front of the report card page: a saved change is read at once, never an
// old value; a parent reaches only their own children's cards however warm the cache is; instances
// sharing Redis see each other's changes at once; and a Redis that is down costs speed, never
// correctness.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { cacheScope, invalidateCache, replaceCache } from "@/lib/cache";
import { TaggedCache } from "@/lib/cache/tagged-cache";
import { type DatabaseHandle, openDatabase, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { metrics } from "@/lib/metrics";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { checkHealth } from "@/lib/server/health/check-health";
import { getReportCard } from "@/lib/server/report-cards/get-report-card";
import { getReportCardView, REPORT_CARD_SETTINGS_TAG } from "@/lib/server/report-cards/get-report-card-view";
import { saveReportCardSettings } from "@/lib/server/report-cards/save-report-card-settings";
import { publishTermResults } from "@/lib/server/results/publish-term-results";
import { type TestDatabase, useTestDatabase } from "../support/database";
import { databaseUrlFor } from "../support/postgres";

let t: TestDatabase;
let admin: Actor;
let parent: Actor;
let otherParent: Actor;
let termId: string;
let classId: string;
let childId: string;
let strangerChildId: string;

const redisUrl = process.env.REDIS_URL;
const quiet = { warn: () => {}, info: () => {} };
const settings = (accentColour: string) => ({ showComponents: true, showPositions: true, showClassStatistics: false, accentColour, signatures: [{ label: "Principal" }] });

// The data layer uses the process's cache; a test puts another one there to play a second
// instance, or one whose Redis is down.
const opened: Array<{ close(): unknown }> = [];
function useCache(cache: TaggedCache): TaggedCache {
  replaceCache(cache);
  opened.push(cache);
  return cache;
}
async function redisAt(url: string, options: { connect: boolean }): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  redis.on("error", () => {});
  opened.push({ close: () => redis.disconnect() });
  if (options.connect) await redis.connect();
  return redis;
}

async function cacheCount(cache: string, result: "hit" | "miss"): Promise<number> {
  const { values } = await metrics().cacheRequests.get();
  return values.find((v) => v.labels.cache === cache && v.labels.result === result)?.value ?? 0;
}

/** Hits and misses of one cache while `fn` runs. */
async function counted(cache: string, fn: () => Promise<unknown>): Promise<{ hits: number; misses: number }> {
  const [hits, misses] = [await cacheCount(cache, "hit"), await cacheCount(cache, "miss")];
  await fn();
  return { hits: (await cacheCount(cache, "hit")) - hits, misses: (await cacheCount(cache, "miss")) - misses };
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  parent = await t.actorFor(t.demo.parent.userId);
  termId = t.demo.termIds[0]!;
  childId = t.demo.parent.studentIds[0]!;
  const [row] = await selectRows<{ classId: string }>(t.db, sql`select class_id as "classId" from enrolments where student_id = ${childId} and status = 'active'`);
  classId = row!.classId;
  const [stranger] = await selectRows<{ id: string }>(
    t.db,
    sql`select e.student_id as id from enrolments e where e.class_id = ${classId} and e.status = 'active'
          and e.student_id not in (select gs.student_id from guardian_students gs where gs.guardian_id = ${t.demo.parent.guardianId}) limit 1`,
  );
  strangerChildId = stranger!.id;
  const [user] = await selectRows<{ id: string }>(
    t.db,
    sql`insert into users (email, name, status, email_verified_at) values (${`other.${randomUUID().slice(0, 6)}@family.test`}, 'Other Parent', 'active', now()) returning id`,
  );
  await t.db.execute(sql`insert into user_roles (user_id, role_id) select ${user!.id}, id from roles where key = 'parent'`);
  const [guardian] = await selectRows<{ id: string }>(t.db, sql`insert into guardians (first_name, last_name, user_id) values ('Other', 'Parent', ${user!.id}) returning id`);
  await t.db.execute(sql`insert into guardian_students (guardian_id, student_id, relationship, is_primary_contact) values (${guardian!.id}, ${strangerChildId}, 'mother', false)`);
  otherParent = await t.actorFor(user!.id);
  await lockTermScores(t.db, admin, { termId });
  await publishTermResults(t.db, admin, { termId, classId });
});

afterEach(() => {
  replaceCache(undefined);
  for (const item of opened.splice(0)) item.close();
});

// The card itself is not cached (ADR 20: at the hit rates results day gives, it cost more than it
// saved); these guard what the card page reads, the cached settings beside it, against any that is.
describe("the report card page's reads", () => {
  const pageReads = async (actor: Actor, studentId: string) => ({
    card: await getReportCard(t.db, actor, { studentId, termId }),
    view: await getReportCardView(t.db),
  });

  it("show a republished change at once", async () => {
    const first = await pageReads(parent, childId);
    await lockTermScores(t.db, admin, { termId, unlock: true, reason: "Coursework re-marked" });
    await t.db.execute(sql`update scores set mark = 'score', value = 0 where student_id = ${childId}
      and offering_id in (select id from subject_offerings where class_id = ${classId} and term_id = ${termId})
      and component_id in (select id from assessment_components where code = 'ASG')`);
    await lockTermScores(t.db, admin, { termId });
    await publishTermResults(t.db, admin, { termId, classId, reason: "Coursework re-marked" });

    const second = await pageReads(parent, childId);
    expect(second.card.verification.version).toBe(first.card.verification.version + 1);
    expect(second.card.content.summary.total).not.toBe(first.card.content.summary.total);
    expect(second.view).toEqual(first.view);
  });

  it("never give a parent another family's child's card, however warm the cache", async () => {
    await pageReads(parent, childId);
    await pageReads(otherParent, strangerChildId);
    await expect(pageReads(parent, strangerChildId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(pageReads(otherParent, childId)).rejects.toBeInstanceOf(NotFoundError);
    // A link removed takes effect on the next read.
    await t.db.execute(sql`delete from guardian_students where student_id = ${strangerChildId} and guardian_id = ${otherParent.guardianId}`);
    await expect(pageReads(otherParent, strangerChildId)).rejects.toBeInstanceOf(NotFoundError);
    await t.db.execute(sql`insert into guardian_students (guardian_id, student_id, relationship, is_primary_contact) values (${otherParent.guardianId}, ${strangerChildId}, 'mother', false)`);
  });
});

describe("report card settings", () => {
  it("are read from the cache until an administrator saves a change, which the next read shows", async () => {
    await getReportCardView(t.db);
    expect(await counted("report_card_view", () => getReportCardView(t.db))).toEqual({ hits: 1, misses: 0 });
    await saveReportCardSettings(t.db, admin, settings("#14532d"));
    expect((await getReportCardView(t.db)).accentColour).toBe("#14532d");
    await saveReportCardSettings(t.db, admin, settings("#7c2d12"));
    expect((await getReportCardView(t.db)).accentColour).toBe("#7c2d12");
  });

  it("are read afresh inside a transaction, and nothing from a rolled-back one is kept", async () => {
    await saveReportCardSettings(t.db, admin, settings("#14532d"));
    expect((await getReportCardView(t.db)).accentColour).toBe("#14532d");
    const rolledBack = new Error("rolled back on purpose");
    await expect(
      t.db.transaction(async (tx) => {
        await tx.execute(sql`update report_card_settings set accent_colour = '#581c87' where id = 1`);
        expect((await getReportCardView(tx)).accentColour).toBe("#581c87");
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect((await getReportCardView(t.db)).accentColour).toBe("#14532d");
  });

  it("are invalidated only with the database handle, after the commit, never inside the transaction", async () => {
    await expect(t.db.transaction((tx) => invalidateCache(tx, [REPORT_CARD_SETTINGS_TAG]))).rejects.toThrow(/after the transaction has committed/);
  });
});

describe("scopes", () => {
  it("keep databases apart, and are the same for every handle on one PostgreSQL database", async () => {
    // PGlite is opened by one process: each handle is a scope of its own.
    if (t.kind !== "postgres") return expect(await cacheScope(t.db)).toMatch(/^pglite-/);
    const url = process.env.DATABASE_URL!;
    const [again, maintenance] = await Promise.all([
      openDatabase({ url: databaseUrlFor(url, new URL(t.location).pathname.slice(1)), poolMax: 1 }),
      openDatabase({ url: databaseUrlFor(url, "postgres"), poolMax: 1 }),
    ]);
    try {
      expect(await cacheScope(again.db)).toBe(await cacheScope(t.db));
      expect(await cacheScope(maintenance.db)).not.toBe(await cacheScope(t.db));
    } finally {
      await Promise.all([again.close(), maintenance.close()]);
    }
  });
});

// CI runs the integration suite again with REDIS_URL (and PostgreSQL); without it there is no Redis to share.
describe.runIf(redisUrl)("two instances sharing Redis (runs when REDIS_URL is set)", () => {
  let second: DatabaseHandle | undefined;
  /** Instance B's own database handle when the suite runs on PostgreSQL, as a second process would have. */
  const secondDb = async () => {
    if (t.kind !== "postgres") return t.db;
    second ??= await openDatabase({ url: databaseUrlFor(process.env.DATABASE_URL!, new URL(t.location).pathname.slice(1)), poolMax: 2 });
    return second.db;
  };
  afterAll(() => second?.close());
  const instance = async () => new TaggedCache({ redis: await redisAt(redisUrl!, { connect: true }), release: "test", log: quiet });

  it("share what one loaded, and a change saved on one is read on the other at once", async () => {
    const [a, b] = [await instance(), await instance()];
    const dbB = await secondDb();
    await saveReportCardSettings(t.db, admin, settings("#14532d"));

    useCache(a);
    expect(await counted("report_card_view", () => getReportCardView(t.db))).toEqual({ hits: 0, misses: 1 });
    useCache(b);
    expect(await counted("report_card_view", () => getReportCardView(dbB))).toEqual({ hits: 1, misses: 0 });

    await saveReportCardSettings(dbB, admin, settings("#7c2d12"));
    useCache(a);
    expect((await getReportCardView(t.db)).accentColour).toBe("#7c2d12");
    expect(a.status()).toEqual({ state: "shared", pendingInvalidations: 0 });
  });

  it("read afresh when Redis has forgotten the tags (a restart, an eviction), never an older value", async () => {
    const redis = await redisAt(redisUrl!, { connect: true });
    const a = useCache(new TaggedCache({ redis, release: "test", log: quiet }));
    const forgetTags = async () => {
      const tags = await redis.keys(`ams:cache:${await cacheScope(t.db)}:t:*`);
      if (tags.length > 0) await redis.del(...tags);
      return tags.length;
    };
    await saveReportCardSettings(t.db, admin, settings("#14532d"));
    // Read first while Redis knows no tag (as after a restart), so the value is kept under whatever
    // a missing tag stands for...
    await forgetTags();
    expect((await getReportCardView(t.db)).accentColour).toBe("#14532d");
    // ...then a change whose invalidation Redis lost with everything else it held, restarted again.
    await t.db.execute(sql`update report_card_settings set accent_colour = '#581c87' where id = 1`);
    expect(await forgetTags()).toBeGreaterThan(0);
    expect((await getReportCardView(t.db)).accentColour).toBe("#581c87");
    expect(a.status().state).toBe("shared");
  });

  it("send a change made while Redis was unreachable once it answers again, reading the database meanwhile", async () => {
    const redisA = await redisAt(redisUrl!, { connect: true });
    const a = new TaggedCache({ redis: redisA, release: "test", log: quiet });
    const b = await instance();
    opened.push(a);
    await saveReportCardSettings(t.db, admin, settings("#14532d"));
    useCache(b);
    expect((await getReportCardView(t.db)).accentColour).toBe("#14532d");

    redisA.disconnect();
    useCache(a);
    await saveReportCardSettings(t.db, admin, settings("#7c2d12"));
    expect(a.status()).toEqual({ state: "bypassed", pendingInvalidations: 1 });
    expect((await getReportCardView(t.db)).accentColour).toBe("#7c2d12");

    await redisA.connect();
    const deadline = Date.now() + 5_000;
    while (a.status().pendingInvalidations > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.status()).toEqual({ state: "shared", pendingInvalidations: 0 });
    useCache(b);
    expect((await getReportCardView(t.db)).accentColour).toBe("#7c2d12");
  });
});

describe("Redis configured but down", () => {
  it("reads every value from the database, correct and without an error, warns once and says so in the health check", async () => {
    const down = await redisAt("redis://127.0.0.1:1", { connect: false });
    await down.connect().catch(() => {});
    const warnings: string[] = [];
    const cache = useCache(new TaggedCache({ redis: down, release: "test", log: { warn: (_, message) => warnings.push(message), info: () => {} } }));
    await saveReportCardSettings(t.db, admin, settings("#14532d"));
    expect((await getReportCardView(t.db)).accentColour).toBe("#14532d");
    // Another instance's change, whose invalidation this one could not see: read from the database.
    await t.db.execute(sql`update report_card_settings set accent_colour = '#581c87' where id = 1`);
    expect((await getReportCardView(t.db)).accentColour).toBe("#581c87");
    const card = await getReportCard(t.db, parent, { studentId: childId, termId });
    expect(card.content.student.id).toBe(childId);
    await expect(getReportCard(t.db, parent, { studentId: strangerChildId, termId })).rejects.toBeInstanceOf(NotFoundError);

    expect(cache.status().state).toBe("bypassed");
    expect(warnings).toEqual(["Redis is not answering: cached reads go to the database until it does"]);
    const health = await checkHealth(async () => t, down, cache);
    expect(health).toMatchObject({ status: "degraded", checks: { redis: { status: "down" }, cache: { status: "bypassed" } } });
  });
});
