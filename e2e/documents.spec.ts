// Issue 9's "done when": a parent uploads a birth certificate, the office rejects it with a reason,
// the parent uploads a new copy, the office verifies it, the parent sees it verified, and a parent of
// another family can't fetch it. A program renamed to birth.pdf is refused with its own message.
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { emailedLink } from "./pages/outbox";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";
import { pdf } from "./support/pdf";

const OTHER_PARENT = { email: "tunde.bello@family.test", password: "amber-lantern-62-river-otter" };

async function signedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, password);
  await expect(page).not.toHaveURL(/sign-in/);
  return page;
}


/** The office's review queue: picks the child's pending birth certificate and decides on it. */
async function decideInQueue(office: Page, firstName: string, fileName: string, decide: (detail: Locator) => Promise<void>) {
  await office.goto("/documents");
  const queued = office.getByRole("list", { name: "Documents in the queue" }).getByRole("button").filter({ hasText: firstName }).filter({ hasText: "Birth certificate" });
  await expect(queued).toHaveCount(1);
  await queued.click();
  const detail = office.getByRole("region", { name: new RegExp(`^Birth certificate: ${firstName}`) });
  await expect(detail).toContainText(fileName);
  await decide(detail);
  // Decided, it leaves the "waiting for review" queue.
  await expect(queued).toHaveCount(0);
}

test("a parent's birth certificate is rejected, a new copy verified, and another family can't fetch it", async ({ browser }) => {
  test.setTimeout(240_000);
  const parent = await signedIn(browser, "parent@school.test", "ams-demo-parent");
  await expect(parent).toHaveURL(/\/family$/);
  const myChildren = parent.getByRole("list", { name: "My children" }).getByRole("link");
  const familyIds = (await myChildren.evaluateAll((links) => links.map((a) => a.getAttribute("href")!))).map((href) => href.split("/").pop()!);
  await myChildren.first().click();
  await expect(parent).toHaveURL(/\/family\/children\/[0-9a-f-]{36}$/);
  const childPath = new URL(parent.url()).pathname;
  const childId = childPath.split("/").pop()!;
  const firstName = (await parent.getByRole("heading", { level: 1 }).textContent())!.trim().split(" ")[0]!;

  const section = parent.getByRole("region", { name: "Documents", exact: true });
  const birthCertificate = section.getByRole("list", { name: "What the school asks for" }).getByRole("listitem").filter({ hasText: "Birth certificate" });
  await expect(birthCertificate).toContainText("Still needed");
  await expect(section).toContainText("No documents uploaded yet.");
  await expectNoAccessibilityViolations(parent);

  // A program renamed birth.pdf: refused for what its bytes are, and nothing is kept.
  await section.getByLabel("Kind of document").selectOption({ label: "Birth certificate" });
  const program = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(4096, 0x41)]);
  await section.getByLabel("Choose files").setInputFiles({ name: "birth.pdf", mimeType: "application/pdf", buffer: program });
  const uploads = section.getByRole("list", { name: "Uploads" });
  await expect(uploads.getByRole("listitem").filter({ hasText: "birth.pdf" })).toContainText(
    "This file is not a PDF or an image, whatever its name says; a birth certificate must be",
  );
  await expectNoAccessibilityViolations(parent);
  await parent.reload();
  await expect(section).toContainText("No documents uploaded yet.");
  await expect(birthCertificate).toContainText("Still needed");

  // Two files at once; the second is the same scan again, which is not stored twice.
  const blurry = pdf("Birth certificate - blurry scan");
  await section.getByLabel("Kind of document").selectOption({ label: "Birth certificate" });
  await section.getByLabel("Choose files").setInputFiles([
    { name: "birth-certificate.pdf", mimeType: "application/pdf", buffer: blurry },
    { name: "birth-certificate copy.pdf", mimeType: "application/pdf", buffer: blurry },
  ]);
  await expect(uploads.getByRole("listitem").filter({ hasText: "birth-certificate.pdf" })).toContainText("Uploaded; the school will check it");
  await expect(uploads.getByRole("listitem").filter({ hasText: "birth-certificate copy.pdf" })).toContainText("Already on record");
  // The page's lists refresh on their own after the uploads.
  await expect(birthCertificate).toContainText("Uploaded, waiting to be checked");
  const onRecord = section.getByRole("table");
  await expect(onRecord.getByRole("row")).toHaveCount(2);
  await expectNoAccessibilityViolations(parent);
  const birthCertificateTypeId = (await section.getByLabel("Kind of document").locator("option", { hasText: "Birth certificate" }).getAttribute("value"))!;
  const blurryLink = onRecord.getByRole("link", { name: "Download birth-certificate.pdf" });
  const blurryUrl = (await blurryLink.getAttribute("href"))!;
  const fetched = await parent.request.get(blurryUrl);
  expect(fetched.status()).toBe(200);
  expect(Buffer.from(await fetched.body()).equals(blurry)).toBe(true);

  // The office rejects it from the review queue, with a reason the family reads.
  const office = await signedIn(browser, "office@school.test", "ams-demo-office");
  await decideInQueue(office, firstName, "birth-certificate.pdf", async (detail) => {
    await detail.getByRole("button", { name: "Reject…" }).click();
    await detail.getByLabel("Why is it rejected?").fill("The scan is too blurry to read the date of birth");
    await detail.getByRole("button", { name: "Reject and email the family" }).click();
  });

  await parent.reload();
  await expect(birthCertificate).toContainText("Rejected: The scan is too blurry to read the date of birth — upload a new copy");

  // A new copy: different bytes.
  const clear = pdf("Birth certificate - clear scan");
  await section.getByLabel("Kind of document").selectOption({ label: "Birth certificate" });
  await section.getByLabel("Choose files").setInputFiles({ name: "birth-certificate-clear.pdf", mimeType: "application/pdf", buffer: clear });
  await expect(uploads.getByRole("listitem").filter({ hasText: "birth-certificate-clear.pdf" })).toContainText("Uploaded; the school will check it");
  await expect(birthCertificate).toContainText("Uploaded, waiting to be checked");
  await expect(onRecord.getByRole("row")).toHaveCount(3);
  const clearUrl = (await onRecord.getByRole("link", { name: "Download birth-certificate-clear.pdf" }).getAttribute("href"))!;

  await decideInQueue(office, firstName, "birth-certificate-clear.pdf", async (detail) => {
    await detail.getByRole("button", { name: "Verify", exact: true }).click();
  });

  await parent.reload();
  await expect(birthCertificate).toContainText("Verified");
  await expect(onRecord.getByRole("row").filter({ hasText: "birth-certificate-clear.pdf" })).toContainText("Verified");
  await expect(onRecord.getByRole("row").filter({ hasText: "birth-certificate.pdf" })).toContainText("Rejected: The scan is too blurry");

  // The office sees the same on the student's own page.
  await office.goto(`/students/${childId}`);
  const staffSection = office.getByRole("region", { name: "Documents", exact: true });
  await expect(staffSection.getByRole("list", { name: "What the school asks for" }).getByRole("listitem").filter({ hasText: "Birth certificate" })).toContainText("Verified");
  await expect(staffSection.getByRole("table")).toContainText("birth-certificate-clear.pdf");

  // Another family: a parent who registers and links to their own child, a student who isn't this family's.
  const admin = await signedIn(browser, "admin@school.test", "ams-demo-admin");
  await admin.goto("/students");
  const studentIds = (await admin.locator('main a[href^="/students/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!)))
    .filter((href) => /^\/students\/[0-9a-f-]{36}$/.test(href))
    .map((href) => href.split("/").pop()!);
  const otherChildId = studentIds.find((id) => !familyIds.includes(id))!;
  await admin.goto(`/students/${otherChildId}`);
  await admin.getByRole("button", { name: "Issue a link code" }).click();
  const code = (await admin.locator("strong.font-mono").textContent())!.trim();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/register");
  await visitor.getByLabel("First name").fill("Tunde");
  await visitor.getByLabel("Last name").fill("Bello");
  await visitor.getByLabel("Email").fill(OTHER_PARENT.email);
  await visitor.getByLabel("Password", { exact: true }).fill(OTHER_PARENT.password);
  await visitor.getByLabel("Type it again").fill(OTHER_PARENT.password);
  await visitor.getByRole("button", { name: "Create my account" }).click();
  await expect(visitor.getByRole("status")).toContainText(`Check ${OTHER_PARENT.email}`);
  const verifyLink = await emailedLink(admin, OTHER_PARENT.email, "/verify-email");
  const otherParent = await signedIn(browser, OTHER_PARENT.email, OTHER_PARENT.password);
  await otherParent.goto(verifyLink);
  await otherParent.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(otherParent.getByRole("status")).toContainText("confirmed");
  await otherParent.goto("/family/link");
  await otherParent.getByLabel("Link code").fill(code);
  await otherParent.getByRole("button", { name: "Link to my child" }).click();
  await expect(otherParent.getByRole("region", { name: "I have a code" }).getByRole("status")).toContainText("You are now linked to");

  // Their own child's page has the uploader; the first family's documents are simply not there.
  await otherParent.goto(`/family/children/${otherChildId}`);
  await expect(otherParent.getByRole("region", { name: "Documents", exact: true }).getByLabel("Kind of document")).toBeVisible();
  for (const url of [clearUrl, blurryUrl, `${clearUrl}?preview=1`]) {
    expect((await otherParent.request.get(url)).status(), url).toBe(404);
  }
  expect((await otherParent.goto(childPath))!.status()).toBe(404);
  // Nor can they add a document to the first family's child (the write names the student, not the page).
  const intruding = await otherParent.request.put(`/api/students/${childId}/documents?type=${birthCertificateTypeId}&name=birth.pdf`, {
    headers: { origin: new URL(otherParent.url()).origin, "content-type": "application/pdf" },
    data: clear,
  });
  expect(intruding.status()).toBe(404);

  // Signed out, the file is not served either.
  const anonymous = await (await browser.newContext()).newPage();
  expect((await anonymous.request.get(clearUrl)).status()).toBe(401);
});
