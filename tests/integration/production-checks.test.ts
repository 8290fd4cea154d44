// The start-up refusal of a production server whose demo accounts can still sign in.
import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "@/lib/db/schema";
import { DEMO_ACCOUNTS } from "@/lib/db/seed";
import { checkDemoAccounts, findActiveDemoAccounts } from "@/lib/db/production-checks";
import { ConfigError } from "@/lib/env";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});

const production = { NODE_ENV: "production", ALLOW_DEMO_ACCOUNTS: false } as const;
const emails = DEMO_ACCOUNTS.map((account) => account.email);

async function refusal(): Promise<unknown> {
  return checkDemoAccounts(t.db, production).then(
    () => null,
    (error: unknown) => error,
  );
}

describe("demo accounts at a production start", () => {
  it("finds every demo account in the demo school", async () => {
    expect(await findActiveDemoAccounts(t.db)).toEqual([...DEMO_ACCOUNTS]);
  });

  it("refuses production, naming each account and what to do", async () => {
    const error = await refusal();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const email of emails) expect(message).toContain(email);
    expect(message).toMatch(/SEED_DEMO=false/);
    expect(message).toMatch(/npm run create-admin/);
    expect(message).toMatch(/disable these accounts in Admin → Users/);
    expect(message).toMatch(/ALLOW_DEMO_ACCOUNTS=true/);
  });

  it("lets a demo server, development and tests start, and returns the sign-ins to print", async () => {
    expect(await checkDemoAccounts(t.db, { NODE_ENV: "production", ALLOW_DEMO_ACCOUNTS: true })).toHaveLength(DEMO_ACCOUNTS.length);
    expect(await checkDemoAccounts(t.db, { NODE_ENV: "development", ALLOW_DEMO_ACCOUNTS: false })).toHaveLength(DEMO_ACCOUNTS.length);
    expect(await checkDemoAccounts(t.db, { NODE_ENV: "test", ALLOW_DEMO_ACCOUNTS: false })).toHaveLength(DEMO_ACCOUNTS.length);
  });

  it("matches an address whatever its case, as sign-in does", async () => {
    await t.db.update(users).set({ email: "Admin@School.TEST" }).where(sql`lower(${users.email}) = 'admin@school.test'`);
    expect((await findActiveDemoAccounts(t.db)).map((a) => a.email)).toContain("admin@school.test");
  });

  it("does not count an invited demo address: it has no usable password", async () => {
    await t.db.update(users).set({ status: "invited" }).where(eq(users.email, "teacher@school.test"));
    const found = (await findActiveDemoAccounts(t.db)).map((a) => a.email);
    expect(found).not.toContain("teacher@school.test");
    expect(found).toContain("hod@school.test");
  });

  it("names only the accounts still active, and lets production start once none are", async () => {
    await t.db.update(users).set({ status: "disabled" }).where(inArray(users.email, ["office@school.test", "parent@school.test"]));
    expect((await findActiveDemoAccounts(t.db)).map((a) => a.email)).toEqual([
      "admin@school.test",
      "hod@school.test",
      "student@school.test",
    ]);
    expect(((await refusal()) as Error).message).not.toMatch(/office@school\.test/);

    await t.db.update(users).set({ status: "disabled" }).where(inArray(sql`lower(${users.email})`, emails));
    expect(await findActiveDemoAccounts(t.db)).toEqual([]);
    expect(await checkDemoAccounts(t.db, production)).toEqual([]);
  });
});
