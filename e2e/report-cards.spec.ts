// Issue 7's "done when": an admin publishes a term, a parent on a phone-sized browser downloads
// their child's PDF, the card's verification page says it is genuine, and another family's child's
// card is not there for them.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";

test("an admin publishes a class's first term, and a parent on a phone downloads and verifies their child's card", async ({ browser }) => {
  test.setTimeout(180_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await new SignInPage(admin).goto();
  await new SignInPage(admin).signIn("admin@school.test", "ams-demo-admin");
  await expect(admin).toHaveURL(/\/admin$/);

  // Publishing before the scores are locked lists what is in the way.
  await admin.goto("/admin/results");
  await admin.getByLabel("Class", { exact: true }).selectOption({ label: "JSS 1 A" });
  await admin.getByRole("button", { name: "Show" }).click();
  await expect(admin.getByRole("list", { name: "What needs attention" })).toContainText("scores are still open for entry");
  await expectNoAccessibilityViolations(admin);

  // Lock the first term, then publish.
  await admin.goto("/admin/gradebook");
  const firstTerm = admin.getByRole("row").filter({ hasText: "First term" });
  await firstTerm.getByRole("button", { name: "Lock scores" }).click();
  await firstTerm.getByRole("button", { name: "Yes, lock scores" }).click();
  await expect(firstTerm).toContainText("Locked");
  await admin.goto("/admin/results");
  await admin.getByLabel("Class", { exact: true }).selectOption({ label: "JSS 1 A" });
  await admin.getByRole("button", { name: "Show" }).click();
  await expect(admin.getByText("Every subject is approved or the term is locked")).toBeVisible();
  await admin.getByRole("button", { name: "Publish JSS 1 A's report cards" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /Published \d+ new report cards/ })).toBeVisible({ timeout: 30_000 });

  // A classmate who is not the demo parent's child, for the other-family check below.
  // Sorted by class, the first page is JSS 1 A's students.
  await admin.goto("/students?sort=class");
  const studentLinks = (await admin.locator('main a[href^="/students/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!))).filter((href) =>
    /^\/students\/[0-9a-f-]{36}$/.test(href),
  );
  await adminContext.close();

  // The parent, on a phone.
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, acceptDownloads: true });
  const parent = await phone.newPage();
  await new SignInPage(parent).goto();
  await new SignInPage(parent).signIn("parent@school.test", "ams-demo-parent");
  await expect(parent).toHaveURL(/\/family$/);
  const child = parent.getByRole("list", { name: "My children" }).getByRole("link").first();
  const childName = (await child.textContent())!.trim();
  await child.click();
  const cards = parent.getByRole("list", { name: "Report cards" });
  await expect(cards).toContainText("First term");
  await expectNoAccessibilityViolations(parent);
  const childPath = new URL(parent.url()).pathname;

  const download = parent.waitForEvent("download");
  await cards.getByRole("link", { name: /^Download PDF/ }).first().click();
  const file = await (await download).path();
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

  await cards.getByRole("link", { name: /^View report card/ }).first().click();
  await expect(parent.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(parent.getByRole("main")).toContainText(childName.split(" ")[0]!);
  await expectNoAccessibilityViolations(parent);
  // Only the subject table scrolls sideways on a phone; the page itself does not.
  expect(await parent.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  const verifyUrl = (await parent.getByRole("main").textContent())!.match(/https?:\/\/[^\s]+\/verify\/[2-9A-HJKMNP-Z]{20}\?h=[0-9a-f]{16}/)![0];

  // The QR code's page, opened by anyone.
  const anyone = await browser.newContext();
  const verifier = await anyone.newPage();
  await verifier.goto(new URL(new URL(verifyUrl).pathname + new URL(verifyUrl).search, parent.url()).toString());
  await expect(verifier.getByRole("status")).toContainText("Genuine.");
  await expect(verifier.getByRole("main")).not.toContainText(childName);
  await expectNoAccessibilityViolations(verifier);
  // A code printed on an altered card doesn't match.
  await verifier.goto(new URL(verifyUrl).pathname + "?h=0000000000000000");
  await expect(verifier.getByRole("alert").filter({ hasText: "Does not match." })).toBeVisible();
  await anyone.close();

  // Another family's child: neither the page nor the PDF is there for this parent.
  const termId = parent.url().split("/").pop()!;
  const otherChild = studentLinks.map((href) => href.split("/").pop()!).find((id) => !childPath.endsWith(id))!;
  const page = await parent.goto(`/family/children/${otherChild}/report-cards/${termId}`);
  expect(page!.status()).toBe(404);
  const pdf = await parent.request.get(`/api/report-cards/${otherChild}/${termId}/pdf`);
  expect(pdf.status()).toBe(404);
  await phone.close();
});

test("an admin chooses the report card's columns with a live preview", async ({ page: admin }) => {
  await new SignInPage(admin).goto();
  await new SignInPage(admin).signIn("admin@school.test", "ams-demo-admin");
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto("/admin/report-card-settings");
  const preview = admin.getByRole("region", { name: /^Preview/ });
  await expect(preview.getByRole("columnheader", { name: "Position" })).toBeVisible();
  // The form puts its draft in the URL once after loading; check the page after that settles.
  await expect(admin).toHaveURL(/positions=1/);
  await expect(admin).toHaveTitle(/Report card settings/);
  await expectNoAccessibilityViolations(admin);
  await admin.getByLabel("Positions").uncheck();
  // The preview re-renders on the server from the draft in the URL, without saving.
  await expect(preview.getByRole("columnheader", { name: "Position" })).toHaveCount(0);
  await expect(admin).toHaveURL(/positions=0/);
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await admin.goto("/admin/report-card-settings");
  await expect(admin.getByLabel("Positions")).not.toBeChecked();
  // Put it back for the specs that follow.
  await admin.getByLabel("Positions").check();
  await admin.getByRole("button", { name: "Save settings" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
});

test("staff read a published class's analytics: each subject's spread and who is at risk", async ({ page: admin }) => {
  await new SignInPage(admin).goto();
  await new SignInPage(admin).signIn("admin@school.test", "ams-demo-admin");
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.goto("/analytics");
  await admin.getByLabel("Class", { exact: true }).selectOption({ label: "JSS 1 A" });
  await admin.getByLabel("At risk below average").fill("60");
  await admin.getByRole("button", { name: "Show" }).click();
  await expect(admin.getByRole("heading", { name: "Mathematics", exact: false }).first()).toBeVisible();
  await expect(admin.getByRole("heading", { name: "At risk" })).toBeVisible();
  await expect(admin.getByRole("region", { name: "Students at risk" })).toContainText("< 60");
  await expectNoAccessibilityViolations(admin);
});

test("an admin prints a published class as one PDF in the background; the progress survives a reload", async ({ page: admin }) => {
  test.setTimeout(120_000);
  await new SignInPage(admin).goto();
  await new SignInPage(admin).signIn("admin@school.test", "ams-demo-admin");
  await expect(admin).toHaveURL(/\/admin$/);
  // JSS 1 A's first term was published by the first test of this file.
  await admin.goto("/admin/results");
  await admin.getByLabel("Class", { exact: true }).selectOption({ label: "JSS 1 A" });
  await admin.getByRole("button", { name: "Show" }).click();
  await admin.getByRole("button", { name: "Print JSS 1 A as one PDF" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /Printing started|already being made/ })).toBeVisible();
  // Leave and come back: the batch and its state come from the server.
  await admin.reload();
  const batch = admin.getByRole("list", { name: "Print batches" }).getByRole("listitem").first();
  await expect(batch).toContainText("JSS 1 A, First term");
  await expect(batch.getByRole("progressbar")).toBeVisible();
  await expect(batch).toContainText(/Ready — \d+ cards/, { timeout: 60_000 });
  await expectNoAccessibilityViolations(admin);
  const response = await admin.request.get((await batch.getByRole("link", { name: /^Download PDF/ }).getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
});
