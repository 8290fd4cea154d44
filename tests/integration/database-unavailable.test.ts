// A database that is down gives 503 with a retry hint, not a 500: judged on the errors the real
// drivers raise, not on hand-made ones.
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { logUnexpected, problemResponse } from "@/lib/auth/handlers";
import { openDatabase } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/errors";

const logged = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/logger", () => {
  const log = { error: (...args: unknown[]) => logged.push(args), warn: () => {}, info: () => {}, debug: () => {}, child: () => log };
  return { logger: () => log };
});

// Nothing listens on port 1.
const nowhere = "postgres://postgres@127.0.0.1:1/ams";

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("an unreachable PostgreSQL", () => {
  it("refuses to open with an error recognised as unavailability, answered 503 with Retry-After", async () => {
    const error = await thrownBy(openDatabase({ url: nowhere }));
    expect(isDatabaseUnavailable(error)).toBe(true);
    const response = problemResponse(error, "/api/anything");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toMatchObject({ title: "Service unavailable", detail: expect.stringContaining("nothing was saved") });
  });

  it("recognises a query failing through Drizzle after the server went away", async () => {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: nowhere, connectionTimeoutMillis: 2_000 });
    pool.on("error", () => {});
    try {
      const error = await thrownBy(drizzle({ client: pool }).execute(sql`select 1`));
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it("does not mistake a wrong query for an outage", async () => {
    const handle = await openDatabase({});
    try {
      const error = await thrownBy(handle.db.execute(sql`select * from no_such_table`));
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(problemResponse(error).status).toBe(500);
    } finally {
      await handle.close();
    }
  });
});

describe("what a failed request logs", () => {
  it("is the driver's reason and stack, never the query's parameters", async () => {
    const handle = await openDatabase({});
    try {
      await handle.db.execute(sql`create table pupils (name text primary key)`);
      await handle.db.execute(sql`insert into pupils values (${"Adaeze Secret-Name"})`);
      const error = await thrownBy(handle.db.execute(sql`insert into pupils values (${"Adaeze Secret-Name"})`));
      // Drizzle's own message names the parameters; that is what must stay out of the log.
      expect(String((error as Error).message)).toContain("Adaeze Secret-Name");
      logged.length = 0;
      logUnexpected(error, "req-1", "action savePupil");
      expect(logged).toHaveLength(1);
      // As pino's error serialiser would write it: message, stack and cause included.
      const line = JSON.stringify(logged[0], (_key, value: unknown) =>
        value instanceof Error ? { message: value.message, stack: value.stack, cause: value.cause } : value,
      );
      expect(line).toContain("unexpected error");
      expect(line).toContain("duplicate key value violates unique constraint");
      expect(line).not.toContain("Secret-Name");
    } finally {
      await handle.close();
    }
  });
});
