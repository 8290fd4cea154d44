// Issue 10's "several instances": two AMS instances on different ports share one PostgreSQL
// database and one Redis (and one NEXT_SERVER_ACTIONS_ENCRYPTION_KEY), behind a proxy this test
// steers. A form rendered by one is saved by the other; publishing on one is seen at once on the
// other; sign-out everywhere, rate limits, jobs and email behave as on one instance: nothing done
// twice, nothing missed.
//
// PGlite allows one process per data folder, so this needs a PostgreSQL server: .ci/run sets
// E2E_DATABASE_URL (a connection allowed to create databases) and E2E_REDIS_URL.
import fs from "node:fs";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { Redis } from "ioredis";
import pg from "pg";
import { type Cluster, startCluster } from "./support/instances";
import { SignInPage } from "./pages/sign-in-page";

const adminUrl = process.env.E2E_DATABASE_URL;
const redisUrl = process.env.E2E_REDIS_URL;

// Skipped, with this reason, where no PostgreSQL server is given: PGlite can't be shared by two processes.
const needs = "needs PostgreSQL and Redis: set E2E_DATABASE_URL (allowed to create databases) and E2E_REDIS_URL, as .ci/run does";

test.describe(`two instances sharing one database and one Redis (${needs})`, () => {
  test.describe.configure({ mode: "serial" });
  test.skip(!adminUrl || !redisUrl, needs);

  const databaseName = `ams_e2e_two_${Date.now()}`;
  let cluster: Cluster;
  let database: pg.Pool;

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${databaseName}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${databaseName}`;
    // Redis is shared with the other suites on this machine: start from empty counters and caches.
    const redis = new Redis(redisUrl!);
    await redis.flushdb();
    redis.disconnect();
    cluster = await startCluster({ databaseUrl: url.toString(), redisUrl: redisUrl! });
    database = new pg.Pool({ connectionString: url.toString(), max: 2 });
  });

  test.afterEach(async ({}, testInfo) => {
    // What both servers printed, kept beside the trace: test-results/<test>/instances.log.
    if (testInfo.status !== testInfo.expectedStatus && cluster) fs.writeFileSync(testInfo.outputPath("instances.log"), cluster.logs());
  });

  test.afterAll(async () => {
    await database?.end();
    await cluster?.stop();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  });

  async function signedIn(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: cluster.baseURL });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(email, password);
    await expect(page).not.toHaveURL(/sign-in/);
    return { context, page };
  }

  /** The requests served since `from`, by the instance that answered them. */
  const servedSince = (from: number) => cluster.served.slice(from);

  test("a form rendered by one instance is saved by the other", async ({ browser }) => {
    cluster.target = "a";
    const { context, page } = await signedIn(browser, "admin@school.test", "ams-demo-admin");
    await page.goto("/admin/structure/subjects");
    await page.getByLabel("Code").fill("TWO");
    await page.getByLabel("Name", { exact: true }).fill("Two instances");
    await page.getByLabel("Credit units").fill("1");

    // Rendered by A, submitted to B.
    cluster.target = "b";
    let from = cluster.served.length;
    await page.getByRole("button", { name: "Add subject" }).click();
    const row = page.getByRole("row").filter({ hasText: "Two instances" });
    await expect(row).toBeVisible();
    expect(servedSince(from).filter((s) => s.method === "POST").map((s) => [s.instance, s.status])).toEqual([["b", 200]]);

    // The row's delete button carries its subject's id bound into the action: rendered by A again,
    // pressed on B.
    cluster.target = "a";
    await page.reload();
    cluster.target = "b";
    from = cluster.served.length;
    await row.getByRole("button", { name: "Delete" }).click();
    await row.getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByRole("row").filter({ hasText: "Two instances" })).toHaveCount(0);
    expect(servedSince(from).some((s) => s.method === "POST" && s.instance === "b" && s.status === 200)).toBe(true);
    cluster.target = "a";
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "Two instances" })).toHaveCount(0);
    await context.close();
  });

  test("results published, and card settings changed, on one instance are on the other's pages at once", async ({ browser }) => {
    // The parent's page on A, before publishing: no first-term card (and whatever A caches of it).
    cluster.target = "a";
    const parent = await signedIn(browser, "parent@school.test", "ams-demo-parent");
    const child = parent.page.getByRole("list", { name: "My children" }).getByRole("link").first();
    await child.click();
    await expect(parent.page).toHaveURL(/\/family\/children\//);
    const childPath = new URL(parent.page.url()).pathname;
    await expect(parent.page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(parent.page.getByRole("list", { name: "Report cards" })).toHaveCount(0);

    // The office locks and publishes on B.
    cluster.target = "b";
    const admin = await signedIn(browser, "admin@school.test", "ams-demo-admin");
    await admin.page.goto("/admin/gradebook");
    const firstTerm = admin.page.getByRole("row").filter({ hasText: "First term" });
    await firstTerm.getByRole("button", { name: "Lock scores" }).click();
    await firstTerm.getByRole("button", { name: "Yes, lock scores" }).click();
    await expect(firstTerm).toContainText("Locked");
    await admin.page.goto("/admin/results");
    await admin.page.getByLabel("Class", { exact: true }).selectOption({ label: "JSS 1 A" });
    await admin.page.getByRole("button", { name: "Show" }).click();
    await admin.page.getByRole("button", { name: "Publish JSS 1 A's report cards" }).click();
    await expect(admin.page.getByRole("status").filter({ hasText: /Published \d+ new report cards/ })).toBeVisible({ timeout: 30_000 });

    // Back on A, the very next load shows the card.
    cluster.target = "a";
    await parent.page.goto(childPath);
    await expect(parent.page.getByRole("list", { name: "Report cards" })).toContainText("First term");
    await parent.page.getByRole("list", { name: "Report cards" }).getByRole("link", { name: /^View report card/ }).first().click();
    await expect(parent.page.getByRole("main")).toContainText("First term");
    const positions = parent.page.getByRole("main").getByRole("columnheader", { name: "Position" });
    await expect(positions).toBeVisible();
    const cardPath = new URL(parent.page.url()).pathname;

    // The card's settings are cached (ADR 20), in A's memory too: a change saved on B must reach A's
    // very next render, not A's cache's expiry.
    cluster.target = "b";
    await admin.page.goto("/admin/report-card-settings");
    await admin.page.getByLabel("Positions").uncheck();
    await admin.page.getByRole("button", { name: "Save settings" }).click();
    await expect(admin.page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    cluster.target = "a";
    await parent.page.goto(cardPath);
    await expect(parent.page.getByRole("main")).toContainText("First term");
    await expect(positions).toHaveCount(0);
    await parent.context.close();
    await admin.context.close();
  });

  test("a print batch asked for on one instance is made once, by whichever instance's worker took it", async ({ browser }) => {
    cluster.target = "a";
    const { context, page } = await signedIn(browser, "admin@school.test", "ams-demo-admin");
    await page.goto("/admin/results");
    await page.getByRole("button", { name: "Print JSS 1 A as one PDF" }).click();
    // The progress is polled; let the polls alternate between the instances.
    const flip = setInterval(() => (cluster.target = cluster.target === "a" ? "b" : "a"), 700);
    try {
      await expect(page.getByRole("list", { name: "Print batches" })).toContainText("Ready", { timeout: 90_000 });
    } finally {
      clearInterval(flip);
    }
    const jobs = await database.query<{ state: string; retry_count: number }>(
      `select state, retry_count from pgboss.job where name = 'report-card-batch'
       union all select state, retry_count from pgboss.archive where name = 'report-card-batch'`,
    );
    expect(jobs.rows).toEqual([{ state: "completed", retry_count: 0 }]);
    const batches = await database.query<{ status: string }>("select status from report_card_batches");
    expect(batches.rows).toEqual([{ status: "done" }]);
    await context.close();
  });

  test("emails asked for on either instance are each sent once", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: cluster.baseURL });
    const page = await context.newPage();
    const accounts = ["teacher@school.test", "office@school.test", "hod@school.test", "student@school.test"];
    for (const [index, email] of accounts.entries()) {
      cluster.target = index % 2 === 0 ? "a" : "b";
      await page.goto("/forgot-password");
      await page.getByLabel("Email").fill(email);
      await page.getByRole("button", { name: "Email me a reset link" }).click();
      await expect(page.getByRole("status").filter({ hasText: `If ${email} has an AMS account` })).toBeVisible();
    }
    // Both instances deliver; each message must reach the provider exactly once.
    const sorted = [...accounts].sort();
    await expect.poll(() => cluster.mailed.filter((to) => accounts.includes(to)).sort(), { timeout: 60_000 }).toEqual(sorted);
    const outbox = await database.query<{ to_address: string; status: string }>(
      "select to_address, status from email_outbox where subject = 'Reset your AMS password' order by to_address",
    );
    expect(outbox.rows).toEqual(sorted.map((to_address) => ({ to_address, status: "sent" })));
    // Nothing more arrives later, either.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(cluster.mailed.filter((to) => accounts.includes(to)).sort()).toEqual(sorted);
    await context.close();
  });

  test("sign-out everywhere on one instance signs the user out on the other", async ({ browser }) => {
    cluster.target = "a";
    const first = await signedIn(browser, "office@school.test", "ams-demo-office");
    cluster.target = "b";
    const second = await signedIn(browser, "office@school.test", "ams-demo-office");

    cluster.target = "a";
    await first.page.goto("/account");
    await first.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(first.page).toHaveURL(/\/sign-in$/);

    cluster.target = "b";
    await second.page.goto("/account");
    await expect(second.page).toHaveURL(/\/sign-in/);
    await first.context.close();
    await second.context.close();
  });

  test("failed sign-ins are counted across instances", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: cluster.baseURL });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    const from = cluster.served.length;
    // Ten failures, five on each instance: with per-instance counters neither would have reached ten.
    for (let attempt = 0; attempt < 10; attempt++) {
      cluster.target = attempt % 2 === 0 ? "a" : "b";
      await signIn.signIn("guessing.game@school.test", `wrong-${attempt}`);
      await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();
    }
    for (const instance of ["a", "b"] as const) {
      cluster.target = instance;
      const throttled = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
      await signIn.signIn("guessing.game@school.test", "wrong-again");
      expect((await throttled).status()).toBe(429);
    }
    expect(servedSince(from).filter((s) => s.path.startsWith("/api/auth/callback/credentials")).map((s) => s.instance)).toEqual([
      ..."abababababab",
    ]);
    await context.close();
  });
});
