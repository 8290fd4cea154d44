// The public API in a real browser and over HTTP: a teacher makes a personal token on the account
// page, copies it, calls /api/v1 with it, reads the reference page, and revokes the token.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";
import { watchForCspViolations } from "./support/csp";

test("a teacher makes an API token, uses it, reads the reference, and revokes it", async ({ browser, request }) => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("teacher@school.test", "ams-demo-teacher");
  await expect(page).not.toHaveURL(/sign-in/);

  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await expect(tokens).toBeVisible();
  // A teacher is offered what a teacher can use, and not results:read (parents, students and administrators).
  await expect(tokens.getByRole("checkbox", { name: /^scores:write/ })).toBeVisible();
  await expect(tokens.getByRole("checkbox", { name: /^results:read/ })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);

  // Refused without a scope, at the field, keeping the name typed.
  await tokens.getByLabel("Token name").fill("Timetable sync");
  await tokens.getByRole("button", { name: "Create token" }).click();
  await expect(tokens.getByText("Choose at least one scope")).toBeVisible();
  await expect(tokens.getByLabel("Token name")).toHaveValue("Timetable sync");

  // Keyboard only: tick classes:read with the space bar, choose 30 days, submit with Enter.
  await tokens.getByRole("checkbox", { name: /^classes:read/ }).focus();
  await page.keyboard.press("Space");
  await tokens.getByRole("checkbox", { name: /^students:read/ }).check();
  await tokens.getByLabel("Expires after").selectOption("30");
  await tokens.getByRole("button", { name: "Create token" }).focus();
  await page.keyboard.press("Enter");

  const secretBox = tokens.getByLabel("Token", { exact: true });
  await expect(secretBox).toHaveValue(/^ams_[A-Za-z0-9_-]{43}$/);
  const secret = await secretBox.inputValue();
  await tokens.getByRole("button", { name: "Copy token" }).click();
  await expect(tokens.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expectNoAccessibilityViolations(page);

  // Listed by its prefix only; the secret is not on the page once dismissed, nor after a reload.
  await tokens.getByRole("button", { name: "I have copied it" }).click();
  const listed = tokens.getByRole("list", { name: "Your API tokens" }).getByRole("listitem").filter({ hasText: "Timetable sync" });
  await expect(listed).toContainText(`ams_${secret.slice(4, 12)}`);
  await expect(listed).toContainText("students:read, classes:read");
  await expect(listed).toContainText("never used");
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);

  // The token reads the teacher's classes; the browser's own cookie is no credential for the API.
  const auth = { authorization: `Bearer ${secret}` };
  const classes = await request.get("/api/v1/classes", { headers: auth });
  expect(classes.status()).toBe(200);
  const page1 = (await classes.json()) as { data: Array<{ id: string; name: string }>; total: number };
  expect(page1.total).toBeGreaterThan(0);
  expect(page1.data.map((c) => c.name)).toContain("JSS 1 A");
  expect((await request.get("/api/v1/subjects", { headers: auth })).status()).toBe(403);
  expect((await page.request.get("/api/v1/classes")).status()).toBe(401);

  // The reference page: readable, offline (no script or style from elsewhere), under the CSP.
  const reference = await context.newPage();
  const violations = await watchForCspViolations(reference);
  const outside: string[] = [];
  reference.on("request", (r) => {
    if (!r.url().startsWith(new URL("/", page.url()).origin)) outside.push(r.url());
  });
  await reference.goto("/api/v1");
  await expect(reference.getByRole("heading", { level: 1 })).toHaveText("AMS API reference");
  await expect(reference.getByRole("heading", { name: "GET /api/v1/classes" })).toBeVisible();
  await expect(reference.getByRole("heading", { name: "PUT /api/v1/scores" })).toBeVisible();
  await expectNoAccessibilityViolations(reference);
  expect(violations).toEqual([]);
  expect(outside).toEqual([]);
  const document = await request.get("/api/v1/openapi.json");
  expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");

  // Last used shows on the account page; revoking stops the token at once.
  await page.reload();
  await expect(listed).not.toContainText("never used");
  await listed.getByRole("button", { name: "Revoke “Timetable sync”", exact: true }).click();
  await listed.getByRole("button", { name: "Yes, revoke “Timetable sync”" }).click();
  await expect(tokens.getByRole("status").filter({ hasText: "Revoked “Timetable sync”" })).toBeVisible();
  await expect(listed).toHaveCount(0);
  const refused = await request.get("/api/v1/classes", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect(((await refused.json()) as { detail: string }).detail).toMatch(/revoked/);
  await context.close();
});
