// The cache's rules on its in-process backend (no REDIS_URL): what is kept, what an invalidation
// makes unreachable, and what it refuses to keep. Redis sharing and outages: tests/integration/cache.test.ts.
import { describe, expect, it } from "vitest";
import { metrics } from "@/lib/metrics";
import { LruStore } from "./lru";
import { EVERYTHING, serialize, TaggedCache } from "./tagged-cache";

const quiet = { warn: () => {}, info: () => {} };
const newCache = () => new TaggedCache({ redis: null, release: "test", log: quiet });

/** A loader over a value the test changes, counting how often the "database" was asked. */
function source<T>(initial: T) {
  const state = { value: initial, loads: 0 };
  return {
    state,
    load: async () => {
      state.loads++;
      return structuredClone(state.value);
    },
  };
}

describe("LruStore", () => {
  it("drops the least recently used entry first, a read counting as use", () => {
    const store = new LruStore(2, 1_000);
    store.set("a", "1", Infinity);
    store.set("b", "2", Infinity);
    expect(store.get("a", 0)).toBe("1");
    store.set("c", "3", Infinity);
    expect(store.get("b", 0)).toBeUndefined();
    expect(store.get("a", 0)).toBe("1");
    expect(store.get("c", 0)).toBe("3");
  });

  it("stays within its characters, and keeps no value taking more than a tenth of them", () => {
    const store = new LruStore(100, 100);
    for (const key of ["a", "b", "c", "d", "e"]) store.set(key, "x".repeat(10), Infinity);
    expect(store.size).toEqual({ entries: 5, chars: 50 });
    for (const key of ["f", "g", "h", "i", "j", "k"]) store.set(key, "x".repeat(10), Infinity);
    expect(store.size.chars).toBeLessThanOrEqual(100);
    expect(store.get("a", 0)).toBeUndefined();
    store.set("big", "x".repeat(11), Infinity);
    expect(store.get("big", 0)).toBeUndefined();
  });

  it("forgets an entry past its expiry", () => {
    const store = new LruStore(10, 1_000);
    store.set("a", "1", 100);
    expect(store.get("a", 99)).toBe("1");
    expect(store.get("a", 100)).toBeUndefined();
    expect(store.size).toEqual({ entries: 0, chars: 0 });
  });
});

describe("TaggedCache without Redis", () => {
  const entry = { name: "report_card_view", key: "school", tags: ["settings"], ttlSeconds: 60 } as const;

  it("loads once, then answers from memory with a copy the caller may change", async () => {
    const cache = newCache();
    const { state, load } = source({ colour: "#000000", signatures: [{ label: "Principal" }] });
    const first = await cache.get("s", entry, load);
    first.signatures.push({ label: "changed by a caller" });
    expect(await cache.get("s", entry, load)).toEqual({ colour: "#000000", signatures: [{ label: "Principal" }] });
    expect(state.loads).toBe(1);
    expect(cache.status()).toEqual({ state: "local", pendingInvalidations: 0 });
  });

  it("reads the new value at once after its tag is invalidated, and leaves other tags' values alone", async () => {
    const cache = newCache();
    const settings = source({ colour: "#000000" });
    const other = source("other");
    const otherEntry = { name: "qr_code", key: "x", tags: ["other"], ttlSeconds: 60 } as const;
    await cache.get("s", entry, settings.load);
    await cache.get("s", otherEntry, other.load);
    settings.state.value = { colour: "#ffffff" };
    await cache.invalidate("s", ["settings"]);
    expect(await cache.get("s", entry, settings.load)).toEqual({ colour: "#ffffff" });
    expect(await cache.get("s", otherEntry, other.load)).toBe("other");
    expect([settings.state.loads, other.state.loads]).toEqual([2, 1]);
  });

  it("makes every value unreachable when EVERYTHING is invalidated", async () => {
    const cache = newCache();
    const settings = source(1);
    const other = source({ version: 1 });
    const otherEntry = { name: "qr_code", key: "x", tags: ["other"], ttlSeconds: 60 } as const;
    await cache.get("s", entry, settings.load);
    await cache.get("s", otherEntry, other.load);
    await cache.invalidate("s", [EVERYTHING]);
    await cache.get("s", entry, settings.load);
    await cache.get("s", otherEntry, other.load);
    expect([settings.state.loads, other.state.loads]).toEqual([2, 2]);
  });

  it("keeps scopes (databases) apart, and an invalidation in one leaves the other's values", async () => {
    const cache = newCache();
    const a = source("school A");
    const b = source("school B");
    expect(await cache.get("a", entry, a.load)).toBe("school A");
    expect(await cache.get("b", entry, b.load)).toBe("school B");
    await cache.invalidate("b", ["settings"]);
    expect(await cache.get("a", entry, a.load)).toBe("school A");
    expect([a.state.loads, b.state.loads]).toEqual([1, 1]);
  });

  it("asks the database once for a burst of misses of one value", async () => {
    const cache = newCache();
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await gate;
      return { colour: "#123456" };
    };
    const reads = Array.from({ length: 20 }, () => cache.get("s", entry, load));
    release();
    expect(new Set((await Promise.all(reads)).map((v) => JSON.stringify(v)))).toEqual(new Set(['{"colour":"#123456"}']));
    expect(loads).toBe(1);
  });

  it("does not keep the old value reachable when a change lands while it is being read", async () => {
    const cache = newCache();
    const { state, load } = source("old");
    let release!: () => void;
    let readOld!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const oldRead = new Promise<void>((resolve) => (readOld = resolve));
    const slow = cache.get("s", entry, async () => {
      const value = await load();
      readOld();
      await gate;
      return value;
    });
    // The change commits and is invalidated while the slow read still holds the old rows.
    await oldRead;
    state.value = "new";
    await cache.invalidate("s", ["settings"]);
    release();
    expect(await slow).toBe("old");
    expect(await cache.get("s", entry, load)).toBe("new");
  });

  it("keeps no failed load: the next read asks again", async () => {
    const cache = newCache();
    let calls = 0;
    const load = async () => {
      calls++;
      if (calls === 1) throw new Error("database hiccup");
      return "fine";
    };
    await expect(cache.get("s", entry, load)).rejects.toThrow("database hiccup");
    expect(await cache.get("s", entry, load)).toBe("fine");
    expect(calls).toBe(2);
  });

  it("counts hits and misses per cache for the hit rate", async () => {
    const cache = newCache();
    const counter = metrics().cacheRequests;
    const count = async (result: string) =>
      (await counter.get()).values.find((v) => v.labels.cache === "report_card_view" && v.labels.result === result)?.value ?? 0;
    const [hits, misses] = [await count("hit"), await count("miss")];
    const { load } = source(1);
    await cache.get("s", entry, load);
    await cache.get("s", entry, load);
    await cache.get("s", entry, load);
    expect([(await count("hit")) - hits, (await count("miss")) - misses]).toEqual([2, 1]);
  });
});

describe("serialize", () => {
  it("refuses values JSON would quietly change, naming them", () => {
    expect(() => serialize({ publishedAt: new Date() }, "report_card_view")).toThrow(/"publishedAt" is a Date/);
    expect(() => serialize({ ids: new Set(["a"]) }, "report_card_view")).toThrow(/"ids" is a Set/);
    expect(() => serialize({ byId: new Map() }, "report_card_view")).toThrow(/Map/);
    expect(() => serialize(undefined, "report_card_view")).toThrow(/undefined/);
    expect(JSON.parse(serialize({ publishedAt: "2026-01-12T08:00:00.000Z", total: "71.5", position: null }, "report_card_view"))).toEqual({
      publishedAt: "2026-01-12T08:00:00.000Z",
      total: "71.5",
      position: null,
    });
  });
});
