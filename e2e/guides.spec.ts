// The user guides' screenshots (docs/guides/): each role's main workflows, driven with the demo
// accounts, photographed as they go. Every run rewrites docs/guides/images, so the pictures show
// the app as it is; docs/guides/guides.test.ts checks that the guides and this file name the same
// images. It shares the server with the other specs, so it changes only what they don't rely on:
// it publishes SSS 1 A (the report-cards spec publishes JSS 1 A) and unlocks the first term again,
// types scores in JSS 1 B (the gradebook spec's class is JSS 1 A) and puts them back, removes the
// comment it writes, only previews 2027/2028 (the school-year spec creates it), links no one to
// the demo parent, and makes its own student, guardian and accounts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { emailedLink } from "./pages/outbox";
import { SignInPage } from "./pages/sign-in-page";
import { pdf } from "./support/pdf";
import { paste, typeHere } from "./support/grid-keyboard";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
type ImagePath = `docs/guides/images/${string}.png`;

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: "en-GB", timezoneId: "Africa/Lagos" };
const PHONE = { ...DESKTOP, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** One element, as it is on the screen. */
async function shot(target: Locator, file: ImagePath) {
  await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: path.join(root, file), animations: "disabled", caret: "hide" });
}

/** The top of a long element, at most `height` pixels of it, so a 50-row table stays a small picture. */
async function shotTop(target: Locator, file: ImagePath, height = 760) {
  const page = target.page();
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await target.boundingBox();
  if (!box) throw new Error(`Nothing to photograph for ${file}`);
  await page.screenshot({
    path: path.join(root, file),
    fullPage: true,
    clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, height) },
    animations: "disabled",
    caret: "hide",
  });
}

/** From the top of one element to the bottom of another, with a margin: a form and its heading. */
async function shotSpan(from: Locator, to: Locator, file: ImagePath, margin = 16) {
  const page = from.page();
  await page.evaluate(() => window.scrollTo(0, 0));
  const [top, bottom] = [await from.boundingBox(), await to.boundingBox()];
  if (!top || !bottom) throw new Error(`Nothing to photograph for ${file}`);
  const x = Math.max(Math.min(top.x, bottom.x) - margin, 0);
  const y = Math.max(top.y - margin, 0);
  const right = Math.max(top.x + top.width, bottom.x + bottom.width) + margin;
  await page.screenshot({
    path: path.join(root, file),
    fullPage: true,
    clip: { x, y, width: right - x, height: bottom.y + bottom.height + margin - y },
    animations: "disabled",
    caret: "hide",
  });
}

/** Takes the focus off the field last typed in, so a picture of a form shows no half-selected date. */
async function blur(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function signedIn(browser: Browser, email: string, password: string, options = DESKTOP): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email, password);
  await expect(page).not.toHaveURL(/sign-in/);
  return page;
}

const main = (page: Page) => page.getByRole("main");



// The new student the administrator admits, and the code their mother links her account with.
const NEW_STUDENT = { admissionNumber: "GFA/2026/0901", firstName: "Zainab", lastName: "Yusuf", className: "SSS 2 B" };
const NEW_PARENT = { firstName: "Grace", lastName: "Yusuf", email: "grace.yusuf@family.test", password: "copper-meadow-38-lantern-heron" };
// The class whose first term is published for the guides: the demo parent's second child is in it.
const PUBLISHED_CLASS = "SSS 1 A";
let linkCode = "";

// The parent's guide links with the code the administrator's guide issues, and the office's guide
// verifies the document the parent's guide uploads: one story, in order.
test.describe.configure({ mode: "serial" });

test("administrator guide", async ({ browser }) => {
  test.setTimeout(420_000);

  // First sign-in.
  const admin = await (await browser.newContext(DESKTOP)).newPage();
  const signIn = new SignInPage(admin);
  await signIn.goto();
  await admin.getByLabel("Email").fill("admin@school.test");
  await admin.getByLabel("Password").fill("ams-demo-admin");
  await blur(admin);
  await shotSpan(admin.getByRole("heading", { level: 1 }), admin.locator("main form"), "docs/guides/images/admin-sign-in.png");
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("School overview");
  await shotTop(admin.locator("body"), "docs/guides/images/admin-overview.png", 640);

  // The school year and its terms.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "School structure" }).click();
  await admin.getByRole("link", { name: /^Academic years and terms/ }).click();
  const newYear = admin.getByRole("region", { name: "Add an empty year" });
  await newYear.getByLabel("Name").fill("2027/2028");
  await newYear.getByLabel("First day").fill("2027-09-06");
  await newYear.getByLabel("Last day").fill("2028-07-14");
  await blur(admin);
  await shotTop(main(admin), "docs/guides/images/admin-years.png");
  // Not added: the school-year spec adds 2027/2028 itself.
  await admin.getByRole("link", { name: "2026/2027", exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText("2026/2027");
  await shot(admin.getByRole("region", { name: "Terms" }), "docs/guides/images/admin-terms.png");
  await expect(admin.getByRole("region", { name: "Add a term" }).getByRole("button", { name: "Add term" })).toBeVisible();

  // A new year from this one, previewed (creating it is the school-year spec's business).
  await admin.goto("/admin/structure");
  await admin.getByRole("link", { name: /^Start a new year/ }).click();
  await admin.getByLabel("New year's name").fill("2027/2028");
  await admin.getByRole("button", { name: "Preview" }).click();
  await expect(admin.getByRole("button", { name: "Create 2027/2028" })).toBeVisible();
  await shotTop(main(admin), "docs/guides/images/admin-new-year.png");

  // Classes, the subjects each class takes, and teachers.
  await admin.goto("/admin/structure");
  await admin.getByRole("link", { name: /^Classes/ }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Classes in 2026/2027");
  await shotTop(main(admin), "docs/guides/images/admin-classes.png", 520);
  await admin.getByRole("link", { name: "Subjects of JSS 1 A" }).click();
  await expect(admin.getByRole("region", { name: /^JSS 1 A, First term/ })).toContainText("Mathematics");
  await shotTop(main(admin), "docs/guides/images/admin-class-subjects.png");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Educators" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Educators");
  await expect(admin.getByRole("link", { name: "Add an educator" })).toBeVisible();
  await shotTop(main(admin), "docs/guides/images/admin-educators.png", 520);

  // Admitting a student.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Students" }).click();
  await admin.getByRole("link", { name: "Admit a student" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Admit a student");
  await admin.getByLabel("Admission number").fill(NEW_STUDENT.admissionNumber);
  await admin.getByLabel("First name").fill(NEW_STUDENT.firstName);
  await admin.getByLabel("Last name").fill(NEW_STUDENT.lastName);
  await admin.getByLabel("Date of birth").fill("2011-05-14");
  await admin.getByLabel("Gender").selectOption({ label: "Female" });
  await admin.getByLabel("Class", { exact: true }).selectOption({ label: `${NEW_STUDENT.className} (25 of 30)` });
  await blur(admin);
  await shot(main(admin), "docs/guides/images/admin-admit-student.png");
  await admin.getByRole("button", { name: "Admit student" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`${NEW_STUDENT.firstName} ${NEW_STUDENT.lastName}`);
  const studentUrl = admin.url();

  // Her father, who has no account: added as a guardian, then linked from her page.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Guardians" }).click();
  await admin.getByRole("link", { name: "Add a guardian" }).click();
  await admin.getByLabel("Title (optional)").fill("Mr");
  await admin.getByLabel("First name").fill("Musa");
  await admin.getByLabel("Last name").fill("Yusuf");
  await admin.getByLabel("Phone").fill("0803 555 0199");
  await admin.getByRole("button", { name: "Add guardian" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Mr Musa Yusuf");
  await admin.goto(studentUrl);
  const linkGuardian = admin.getByRole("region", { name: "Link a parent or guardian" });
  await linkGuardian.getByLabel("Find them by name, email or phone").fill("Musa Yusuf");
  await linkGuardian.getByRole("button", { name: "Find" }).click();
  await linkGuardian.getByLabel("Parent or guardian").selectOption({ index: 1 });
  await linkGuardian.getByLabel("Relationship to the student").selectOption({ label: "Father" });
  await linkGuardian.getByRole("button", { name: "Link to this student" }).click();
  await expect(linkGuardian.getByRole("status").filter({ hasText: "Linked Mr Musa Yusuf" })).toBeVisible();
  await shot(linkGuardian, "docs/guides/images/admin-link-guardian.png");

  // Her mother will link her own account with a one-time code.
  const codeSection = admin.getByRole("region", { name: "Parent link code" });
  await codeSection.getByRole("button", { name: "Issue a link code" }).click();
  linkCode = (await codeSection.locator("strong.font-mono").textContent())!.trim();
  expect(linkCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  await shot(codeSection, "docs/guides/images/admin-link-code.png");

  // Many students at once.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Import" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Import from a spreadsheet");
  await shotTop(main(admin), "docs/guides/images/admin-import.png", 560);

  // Publishing: lock the term's scores, publish the class, print its cards.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gradebook settings" }).click();
  const firstTerm = admin.getByRole("row").filter({ hasText: "First term 2026/2027" });
  await firstTerm.getByRole("button", { name: "Lock scores", exact: true }).click();
  await expect(firstTerm.getByRole("button", { name: "Yes, lock scores" })).toBeVisible();
  await shot(admin.getByRole("region", { name: "Score entry by term" }), "docs/guides/images/admin-lock-scores.png");
  await firstTerm.getByRole("button", { name: "Yes, lock scores" }).click();
  await expect(firstTerm).toContainText("Locked");

  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Publish results" }).click();
  await admin.getByLabel("Class", { exact: true }).selectOption({ label: PUBLISHED_CLASS });
  await admin.getByRole("button", { name: "Show" }).click();
  const classResults = admin.getByRole("region", { name: `${PUBLISHED_CLASS}, First term` });
  await expect(classResults).toContainText("Every subject is approved or the term is locked");
  await shotTop(main(admin), "docs/guides/images/admin-publish.png");
  await admin.getByRole("button", { name: `Publish ${PUBLISHED_CLASS}'s report cards` }).click();
  await expect(admin.getByRole("status").filter({ hasText: /Published \d+ new report cards/ })).toBeVisible({ timeout: 30_000 });

  await admin.getByRole("button", { name: `Print ${PUBLISHED_CLASS} as one PDF` }).click();
  await expect(admin.getByRole("status").filter({ hasText: /Printing started|already being made/ })).toBeVisible();
  const batch = admin.getByRole("list", { name: "Print batches" }).getByRole("listitem").first();
  await expect(batch).toContainText(/Ready — \d+ cards/, { timeout: 60_000 });
  await expect(batch.getByRole("link", { name: /^Download PDF/ })).toBeVisible();
  await shot(admin.getByRole("region", { name: "Print report cards" }), "docs/guides/images/admin-print.png");

  // How cards look: the report card settings and their live preview (nothing changed here).
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Report cards" }).click();
  await expect(admin.getByRole("region", { name: /^Preview/ })).toBeVisible();
  // The form puts its draft in the URL once after loading; leaving before that would be undone by it.
  await expect(admin).toHaveURL(/positions=1/);
  await shotTop(main(admin), "docs/guides/images/admin-report-card-settings.png");

  // A late correction: unlock the term again, with a reason (it also hands the term back to the other specs as it was).
  await admin.goto("/admin/gradebook");
  await firstTerm.getByRole("button", { name: /^Unlock scores…/ }).click();
  await firstTerm.getByLabel(/^Why unlock/).fill("A late correction to one student's Basic Science score");
  await shot(admin.getByRole("region", { name: "Score entry by term" }), "docs/guides/images/admin-unlock-scores.png");
  await firstTerm.getByRole("button", { name: "Unlock scores", exact: true }).click();
  await expect(firstTerm.getByRole("button", { name: "Lock scores", exact: true })).toBeVisible();
  await expect(firstTerm).toContainText("Open");

  // Year-end promotions: the rules and what they decide, for a level whose results are computed.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Promotions" }).click();
  await admin.getByLabel("Class level").selectOption({ label: "SSS 1" });
  await admin.getByRole("button", { name: "Show", exact: true }).click();
  await admin.getByRole("button", { name: /^Compute this year's results/ }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Computed the results of 3 terms" })).toBeVisible({ timeout: 60_000 });
  await expect(admin.getByRole("list", { name: "Before the promotion can run" })).toContainText("There is no academic year after 2026/2027");
  await shotTop(admin.getByRole("region", { name: "SSS 1, 2026/2027" }), "docs/guides/images/admin-promotions.png", 900);

  // Documents: the kinds the school asks for.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Document types" }).click();
  await shot(admin.getByRole("region", { name: "Document types" }).getByRole("table"), "docs/guides/images/admin-document-types.png");

  // Users and roles.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  const invite = admin.getByRole("region", { name: "Invite someone" });
  await invite.getByLabel("Full name").fill("Bisi Adeyemi");
  await invite.getByLabel("Email").fill("bisi.adeyemi@school.test");
  await invite.getByLabel("Role").selectOption({ label: "Office staff" });
  await invite.getByRole("button", { name: "Send invitation" }).click();
  await expect(invite.getByRole("status")).toContainText("bisi.adeyemi@school.test");
  await shot(invite, "docs/guides/images/admin-invite.png");
  await admin.getByRole("link", { name: "Akunna Katherine" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Akunna Katherine");
  // The demo teacher's roles are shown, not changed.
  await shot(admin.getByRole("region", { name: "Roles" }), "docs/guides/images/admin-user-roles.png");

  // The audit log.
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Audit trail");
  await shotTop(main(admin), "docs/guides/images/admin-audit.png", 640);
  await admin.context().close();
});

test("teacher guide", async ({ browser }) => {
  test.setTimeout(240_000);
  const teacher = await signedIn(browser, "teacher@school.test", "ams-demo-teacher");
  await expect(teacher).toHaveURL(/\/teacher$/);
  await shot(main(teacher), "docs/guides/images/teacher-home.png");

  // JSS 1 B: the gradebook spec works on JSS 1 A, and every score typed here is put back below.
  await teacher.getByRole("link", { name: "Enter scores for Mathematics, JSS 1 B" }).click();
  const grid = teacher.getByRole("table", { name: "Mathematics · JSS 1 B · First term" });
  await expect(grid).toBeVisible();
  const names = (await grid.getByRole("textbox", { name: /^CA1 for / }).evaluateAll((inputs) => inputs.map((i) => i.getAttribute("aria-label")!))).map(
    (label) => label.replace(/^CA1 for /, ""),
  );
  const [first, second, third] = names as [string, string, string];
  const cell = (code: string, name: string) => grid.getByRole("textbox", { name: `${code} for ${name}` });
  const codes = ["CA1", "CA2", "ASG", "EXM"];
  const rowValues = async (name: string) => Promise.all(codes.map((code) => cell(code, name).inputValue()));
  const original = { first: await rowValues(first), second: await rowValues(second), third: await rowValues(third) };
  /** A row's Status column, once what was just typed or pasted into it is stored. */
  const rowSaved = (name: string) =>
    expect(grid.getByRole("row").filter({ has: teacher.getByRole("textbox", { name: `CA1 for ${name}` }) }).getByRole("cell").last()).toHaveText("Saved", { timeout: 15_000 });
  await shotTop(main(teacher), "docs/guides/images/teacher-grid.png", 620);

  // Typing, with a mistake: it is kept and explained, then corrected; Tab moves along the row.
  await cell("CA1", first).focus();
  await typeHere(teacher, "16");
  await expect(grid).toContainText("Above the maximum of 15");
  await expect(cell("CA1", first)).toHaveAttribute("aria-invalid", "true");
  await shotTop(grid, "docs/guides/images/teacher-grid-error.png", 260);
  for (const [i, value] of original.first.entries()) {
    if (i > 0) await teacher.keyboard.press("Tab");
    await typeHere(teacher, value);
  }
  await expect(cell("CA1", first)).not.toHaveAttribute("aria-invalid", "true");
  await rowSaved(first);

  // A block pasted from a spreadsheet: two students by four assessments.
  await cell("CA1", second).focus();
  await paste(teacher, "12\t11\t8\t45\r\n9\t10.5\tABS\t38\r\n");
  await expect(cell("ASG", third)).toHaveValue("ABS");
  await rowSaved(second);
  await rowSaved(third);
  const total = (name: string) => grid.getByRole("button", { name: new RegExp(`^Total for ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`) });
  await expect(total(second)).toContainText("76.0");
  await shotTop(grid, "docs/guides/images/teacher-grid-paste.png", 300);

  // How a total is worked out.
  await total(second).click();
  const explanation = teacher.getByRole("dialog", { name: `How the total for ${second} is worked out` });
  await expect(explanation).toContainText("CA1: 12 of 15");
  await shot(explanation, "docs/guides/images/teacher-total.png");
  await teacher.keyboard.press("Escape");

  // A cell's history.
  await cell("CA1", second).focus();
  await teacher.keyboard.press("Alt+h");
  const history = teacher.getByRole("region", { name: `History of CA1 for ${second}` });
  await expect(history.getByRole("listitem").first()).toContainText(`${original.second[0]} → 12`);
  await shot(history, "docs/guides/images/teacher-history.png");
  await teacher.keyboard.press("Escape");

  // Put the two students' scores back as they were.
  await cell("CA1", second).focus();
  await paste(teacher, `${original.second.join("\t")}\r\n${original.third.join("\t")}\r\n`);
  await expect(cell("EXM", third)).toHaveValue(original.third[3]!);
  await rowSaved(second);
  await rowSaved(third);
  await teacher.reload();
  expect(await rowValues(first)).toEqual(original.first);
  expect(await rowValues(second)).toEqual(original.second);
  expect(await rowValues(third)).toEqual(original.third);

  // Submitted, then returned by the head of department with a comment.
  await teacher.getByRole("button", { name: "Submit for approval" }).click();
  await expect(teacher.getByRole("status").filter({ hasText: "Submitted for approval." })).toBeVisible();
  const hod = await signedIn(browser, "hod@school.test", "ams-demo-hod");
  await hod.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review scores" }).click();
  await expect(hod.getByRole("link", { name: "Mathematics, JSS 1 B" })).toBeVisible();
  await shot(main(hod), "docs/guides/images/teacher-review-queue.png");
  await hod.getByRole("link", { name: "Mathematics, JSS 1 B" }).click();
  await hod.getByRole("button", { name: "Return to teacher…" }).click();
  await hod.getByLabel("What should the teacher fix?").fill("Please check the examination scores of the last three students.");
  await hod.getByRole("button", { name: "Return scores" }).click();
  await expect(hod.getByRole("status").filter({ hasText: "Returned to the teacher." })).toBeVisible();
  await hod.context().close();
  await teacher.getByRole("link", { name: "My teaching" }).first().click();
  await teacher.getByRole("link", { name: "Returned: fix scores for Mathematics, JSS 1 B" }).click();
  await expect(teacher.getByRole("status").filter({ hasText: "Returned with this comment" })).toBeVisible();
  await shotTop(main(teacher), "docs/guides/images/teacher-returned.png", 300);

  // Report comments for the form class: written, saved, then removed again.
  await teacher.getByRole("link", { name: "My teaching" }).first().click();
  await teacher.getByRole("link", { name: "Report comments for JSS 1 A" }).click();
  const student = teacher.getByRole("main").getByRole("region").first();
  const box = student.getByRole("textbox", { name: /^Class teacher's comment for / });
  await expect(box).toHaveValue("");
  await box.fill("A steady term. Keep practising your times tables every evening.");
  await student.getByRole("button", { name: /^Save the class teacher's comment/ }).click();
  await expect(student.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await shot(student, "docs/guides/images/teacher-comment.png");
  await box.fill("");
  await student.getByRole("button", { name: /^Save the class teacher's comment/ }).click();
  await expect(student.getByRole("status").filter({ hasText: "Comment removed." })).toBeVisible();
  await teacher.context().close();
});

test("office guide: records and the link code", async ({ browser }) => {
  const office = await signedIn(browser, "office@school.test", "ams-demo-office");
  await expect(office).toHaveURL(/\/office$/);
  await shotTop(office.locator("body"), "docs/guides/images/office-home.png", 520);
  await office.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Students" }).click();
  await office.getByLabel("Name or admission number").fill("Yusuf");
  await office.getByRole("button", { name: "Search" }).click();
  const found = office.getByRole("main").getByRole("table").getByRole("row").filter({ hasText: NEW_STUDENT.admissionNumber });
  await expect(found).toContainText(NEW_STUDENT.className);
  await shotTop(main(office), "docs/guides/images/office-students.png", 560);
  await office.context().close();
});

test("parent guide", async ({ browser }) => {
  test.setTimeout(240_000);
  expect(linkCode, "the administrator guide issues the link code").not.toBe("");

  // A new parent creates an account, confirms the email address and links to her child.
  const visitor = await (await browser.newContext(PHONE)).newPage();
  await visitor.goto("/sign-in");
  await visitor.getByRole("link", { name: "New parent? Create an account" }).click();
  await visitor.getByLabel("First name").fill(NEW_PARENT.firstName);
  await visitor.getByLabel("Last name").fill(NEW_PARENT.lastName);
  await visitor.getByLabel("Email").fill(NEW_PARENT.email);
  await visitor.getByLabel("Password", { exact: true }).fill(NEW_PARENT.password);
  await visitor.getByLabel("Type it again").fill(NEW_PARENT.password);
  await shot(main(visitor), "docs/guides/images/parent-register.png");
  await visitor.getByRole("button", { name: "Create my account" }).click();
  await expect(visitor.getByRole("status")).toContainText(`Check ${NEW_PARENT.email}`);
  await visitor.context().close();

  const admin = await signedIn(browser, "admin@school.test", "ams-demo-admin");
  const confirmLink = await emailedLink(admin, NEW_PARENT.email, "/verify-email");
  await admin.context().close();
  const grace = await signedIn(browser, NEW_PARENT.email, NEW_PARENT.password, PHONE);
  await expect(main(grace)).toContainText("No children are linked to your account yet");
  await grace.goto(confirmLink);
  await grace.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(grace.getByRole("status")).toContainText("confirmed");
  await grace.goto("/family");
  await grace.getByRole("link", { name: "Link to a child" }).click();
  const withCode = grace.getByRole("region", { name: "I have a code" });
  await withCode.getByLabel("Link code").fill(linkCode);
  await shot(withCode, "docs/guides/images/parent-link-code.png");
  await withCode.getByRole("button", { name: "Link to my child" }).click();
  await expect(withCode.getByRole("status")).toContainText(`You are now linked to ${NEW_STUDENT.firstName} ${NEW_STUDENT.lastName}`);
  await expect(grace.getByRole("region", { name: "I don’t have a code" }).getByRole("button", { name: "Ask the school to link me" })).toBeVisible();
  await grace.context().close();

  // The demo parent: their children, a published report card, and a document to upload.
  const parent = await signedIn(browser, "parent@school.test", "ams-demo-parent", PHONE);
  await expect(parent).toHaveURL(/\/family$/);
  await shot(main(parent), "docs/guides/images/parent-children.png");
  const children = parent.getByRole("list", { name: "My children" });
  await children.getByRole("listitem").filter({ hasText: PUBLISHED_CLASS }).getByRole("link").click();
  const cards = parent.getByRole("list", { name: "Report cards" });
  await expect(cards).toContainText("First term");
  await shot(parent.getByRole("region", { name: "Report cards", exact: true }), "docs/guides/images/parent-report-cards.png");
  await expect(parent.getByRole("region", { name: "Progress by subject", exact: true })).toBeVisible();

  const download = parent.waitForEvent("download");
  await cards.getByRole("link", { name: /^Download PDF/ }).first().click();
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  const childUrl = parent.url();
  await cards.getByRole("link", { name: /^View report card/ }).first().click();
  await expect(parent.getByRole("heading", { level: 1 })).toBeVisible();
  await shotTop(main(parent), "docs/guides/images/parent-report-card.png", 1100);

  await parent.goto(childUrl);
  const documents = parent.getByRole("region", { name: "Documents", exact: true });
  await documents.getByLabel("Kind of document").selectOption({ label: "Transcript from previous school" });
  await documents.getByLabel("Choose files").setInputFiles({ name: "transcript.pdf", mimeType: "application/pdf", buffer: pdf("Transcript - Bright Future Primary School") });
  await expect(documents.getByRole("list", { name: "Uploads" }).getByRole("listitem").filter({ hasText: "transcript.pdf" })).toContainText(
    "Uploaded; the school will check it",
  );
  await expect(documents.getByRole("list", { name: "What the school asks for" }).getByRole("listitem").filter({ hasText: "Transcript" })).toContainText(
    "Uploaded, waiting to be checked",
  );
  await shotTop(documents, "docs/guides/images/parent-upload.png", 1100);
  await parent.context().close();
});

test("office guide: verifying a document", async ({ browser }) => {
  const office = await signedIn(browser, "office@school.test", "ams-demo-office");
  await office.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Verify documents" }).click();
  const queued = office.getByRole("list", { name: "Documents in the queue" }).getByRole("button").filter({ hasText: "Transcript from previous school" });
  await expect(queued).toHaveCount(1);
  await queued.click();
  const detail = office.getByRole("region", { name: /^Transcript from previous school: / });
  await expect(detail).toContainText("transcript.pdf");
  await expect(detail.getByRole("button", { name: "Reject…" })).toBeVisible();
  await shotTop(main(office), "docs/guides/images/office-verify.png", 520);
  await detail.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(queued).toHaveCount(0);
  await office.context().close();
});
