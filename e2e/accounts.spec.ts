// The account lifecycle in a real browser: invitation, self-registration with a child link code,
// password reset, and signing out everywhere. Emails are followed from the admin outbox page.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { emailedLink } from "./pages/outbox";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";

const STRONG = "violet-tractor-47-mango-lagoon";
const NEWER = "quiet-harbour-91-amber-falcon";

async function signedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, password);
  await expect(page).not.toHaveURL(/sign-in/);
  return page;
}

test("an admin invites a teacher, who sets a password from the email and signs in", async ({ browser }) => {
  const admin = await signedIn(browser, "admin@school.test", "ams-demo-admin");
  await admin.goto("/admin/users");
  await expectNoAccessibilityViolations(admin);
  const invite = admin.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Full name").fill("Kemi Adebayo");
  await invite.getByLabel("Email").fill("kemi.adebayo@school.test");
  await invite.getByLabel("Role").selectOption("teacher");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("kemi.adebayo@school.test");

  const link = await emailedLink(admin, "kemi.adebayo@school.test", "/invitation");
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Welcome to AMS");
  // A weak password is refused at the field, and what was typed stays.
  await visitor.getByLabel("New password").fill("password1234");
  await visitor.getByLabel("Type it again").fill("password1234");
  await visitor.getByRole("button", { name: "Set my password" }).click();
  await expect(visitor.getByText("one of the most common passwords")).toBeVisible();
  await expect(visitor.getByLabel("New password")).toHaveValue("password1234");
  await visitor.getByLabel("New password").fill(STRONG);
  await visitor.getByLabel("Type it again").fill(STRONG);
  await expect(visitor.getByText("Strength: Very strong")).toBeVisible();
  await expectNoAccessibilityViolations(visitor);
  await visitor.getByRole("button", { name: "Set my password" }).click();
  await expect(visitor.getByRole("status")).toContainText("Your account is ready");

  const teacher = await signedIn(browser, "kemi.adebayo@school.test", STRONG);
  await expect(teacher).toHaveURL(/\/teacher$/);

  // The link was single-use.
  await visitor.goto(link);
  await visitor.getByLabel("New password").fill(NEWER);
  await visitor.getByLabel("Type it again").fill(NEWER);
  await visitor.getByRole("button", { name: "Set my password" }).click();
  await expect(visitor.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
});

test("a parent registers, confirms their email, and links to a child with the school's code", async ({ browser }) => {
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/sign-in");
  await visitor.getByRole("link", { name: "New parent? Create an account" }).click();
  await visitor.getByLabel("First name").fill("Halima");
  await visitor.getByLabel("Last name").fill("Garba");
  await visitor.getByLabel("Email").fill("halima.garba@family.test");
  await visitor.getByLabel("Password", { exact: true }).fill(STRONG);
  await visitor.getByLabel("Type it again").fill(STRONG);
  await expectNoAccessibilityViolations(visitor);
  await visitor.getByRole("button", { name: "Create my account" }).click();
  await expect(visitor.getByRole("status")).toContainText("Check halima.garba@family.test");

  const admin = await signedIn(browser, "admin@school.test", "ams-demo-admin");
  const verifyLink = await emailedLink(admin, "halima.garba@family.test", "/verify-email");

  const parent = await signedIn(browser, "halima.garba@family.test", STRONG);
  await expect(parent.getByRole("main")).toContainText("No children are linked to your account yet");
  await parent.goto(verifyLink);
  await parent.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(parent.getByRole("status")).toContainText("confirmed");

  // The office issues a code from the student's page.
  await admin.goto("/students");
  await admin.getByRole("main").getByRole("table").getByRole("link").first().click();
  await expect(admin).toHaveURL(/\/students\/[0-9a-f-]{36}$/);
  const childName = (await admin.getByRole("heading", { level: 1 }).textContent())!.trim();
  await admin.getByRole("button", { name: "Issue a link code" }).click();
  const code = (await admin.locator("strong.font-mono").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);

  await parent.goto("/family/link");
  await expectNoAccessibilityViolations(parent);
  await parent.getByLabel("Link code").fill("AAAA-BBBB-CCCC-DDDD");
  await parent.getByRole("button", { name: "Link to my child" }).click();
  await expect(parent.getByText("This code is not valid")).toBeVisible();
  await parent.getByLabel("Link code").fill(code.toLowerCase());
  await parent.getByRole("button", { name: "Link to my child" }).click();
  await expect(parent.getByRole("region", { name: "I have a code" }).getByRole("status")).toContainText(`You are now linked to ${childName}`);
  await parent.goto("/family");
  await expect(parent.getByRole("list", { name: "My children" }).getByRole("listitem")).toHaveCount(1);
});

test("a forgotten password is reset from the emailed link, which ends the old sessions", async ({ browser }) => {
  // An account of this test's own, so the demo logins other tests use stay as they are.
  const admin = await signedIn(browser, "admin@school.test", "ams-demo-admin");
  await admin.goto("/admin/users");
  const invite = admin.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Full name").fill("Segun Ojo");
  await invite.getByLabel("Email").fill("segun.ojo@school.test");
  await invite.getByLabel("Role").selectOption("staff");
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("segun.ojo@school.test");
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(await emailedLink(admin, "segun.ojo@school.test", "/invitation"));
  await visitor.getByLabel("New password").fill(STRONG);
  await visitor.getByLabel("Type it again").fill(STRONG);
  await visitor.getByRole("button", { name: "Set my password" }).click();
  await expect(visitor.getByRole("status")).toContainText("ready");
  const oldSession = await signedIn(browser, "segun.ojo@school.test", STRONG);

  const forgetful = await (await browser.newContext()).newPage();
  await forgetful.goto("/sign-in");
  await forgetful.getByRole("link", { name: "Forgot your password?" }).click();
  await expectNoAccessibilityViolations(forgetful);
  await forgetful.getByLabel("Email").fill("segun.ojo@school.test");
  await forgetful.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(forgetful.getByRole("status")).toContainText("If segun.ojo@school.test has an AMS account");

  await forgetful.goto(await emailedLink(admin, "segun.ojo@school.test", "/reset-password"));
  await forgetful.getByLabel("New password").fill(NEWER);
  await forgetful.getByLabel("Type it again").fill(NEWER);
  await forgetful.getByRole("button", { name: "Save my new password" }).click();
  await expect(forgetful.getByRole("status")).toContainText("Your password has been changed");

  await oldSession.goto("/office");
  await expect(oldSession).toHaveURL(/\/sign-in/);
  const fresh = await signedIn(browser, "segun.ojo@school.test", NEWER);
  await expect(fresh).toHaveURL(/\/office$/);
});

test("signing out everywhere from the account page ends the other browser's session too", async ({ browser }) => {
  const here = await signedIn(browser, "office@school.test", "ams-demo-office");
  const there = await signedIn(browser, "office@school.test", "ams-demo-office");
  await here.goto("/account");
  await expect(here.getByRole("region", { name: "Where you’re signed in" }).getByRole("listitem")).not.toHaveCount(0);
  await expectNoAccessibilityViolations(here);
  await here.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(here).toHaveURL(/\/sign-in/);
  await there.goto("/office");
  await expect(there).toHaveURL(/\/sign-in/);
});
