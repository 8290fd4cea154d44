// Every role signs in and lands on its own home page with its own real data, accessibly.
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";

const roles = [
  { role: "admin", email: "admin@school.test", password: "ams-demo-admin", path: "/admin", heading: "School overview", sees: ["Greenfield Academy", /Active students\s*\d{3}/] },
  { role: "office staff", email: "office@school.test", password: "ams-demo-office", path: "/office", heading: "Office", sees: [/Active students\s*\d{3}/] },
  { role: "teacher", email: "teacher@school.test", password: "ams-demo-teacher", path: "/teacher", heading: "My teaching", sees: ["Mathematics", "JSS 1 A"] },
  { role: "head of department", email: "hod@school.test", password: "ams-demo-hod", path: "/teacher", heading: "My teaching", sees: ["Mathematics", "Scores to review"] },
  { role: "parent", email: "parent@school.test", password: "ams-demo-parent", path: "/family", heading: "My children", sees: [] },
  { role: "student", email: "student@school.test", password: "ams-demo-student", path: "/family", heading: "My page", sees: [] },
];

test("the sign-in page is accessible", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to AMS");
  await expectNoAccessibilityViolations(page);
});

for (const account of roles) {
  test(`${account.role} signs in and sees their own home page`, async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(account.email, account.password);
    await expect(page).toHaveURL(new RegExp(`${account.path}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.heading);
    for (const text of account.sees) await expect(page.getByRole("main")).toContainText(text);
    await expectNoAccessibilityViolations(page);
  });
}

test("a parent sees exactly their two children, and cannot open the admin pages", async ({ page }) => {
  await new SignInPage(page).goto();
  await new SignInPage(page).signIn("parent@school.test", "ams-demo-parent");
  await expect(page.getByRole("list", { name: "My children" }).getByRole("listitem")).toHaveCount(2);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/family$/);
  const response = await page.request.get("/api/students/00000000-0000-4000-8000-000000000000");
  expect(response.status()).toBe(404);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
});

test("a wrong password shows an error and keeps the typed email", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn("teacher@school.test", "not-the-password");
  // Next.js keeps its own (empty) route announcer with role=alert, so pick ours by its text.
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue("teacher@school.test");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("signed-out visitors are sent to sign in, and sign-out ends the session", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in$/);
  const api = await page.request.get("/api/students/00000000-0000-4000-8000-000000000000");
  expect(api.status()).toBe(401);

  const signIn = new SignInPage(page);
  await signIn.signIn("admin@school.test", "ams-demo-admin");
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("the health endpoint reports the database up", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", checks: { database: { status: "up" } } });
});

test("after 10 failed attempts the account is throttled with 429 and the form says when to retry", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  // An address of this test's own: the demo accounts stay usable for the other tests.
  for (let attempt = 0; attempt < 10; attempt++) {
    await signIn.signIn("guessing.game@school.test", `wrong-${attempt}`);
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();
  }
  const throttled = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
  await signIn.signIn("guessing.game@school.test", "wrong-again");
  const response = await throttled;
  expect(response.status()).toBe(429);
  expect(Number(response.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByRole("alert").filter({ hasText: /Too many failed attempts.*try again in \d+ minutes/ })).toBeVisible();
});
