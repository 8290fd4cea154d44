// Issue 6's "done when": a teacher opens a class, enters and pastes scores with the keyboard only,
// sees totals and grades, submits, and the head of department locks them; the history shows every
// change. Along the way: bad input keeps what was typed, a reload keeps what was saved, and two
// people editing the same cell get a conflict to resolve rather than a silent overwrite.
import { expect, type Locator, type Page, test } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";
import { paste, typeHere } from "./support/grid-keyboard";

const GRID = "Mathematics · JSS 1 A · First term";

async function signIn(page: Page, email: string, password: string) {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.signIn(email, password);
  await expect(page).toHaveURL(/\/teacher$/);
}


async function studentNames(grid: Locator): Promise<string[]> {
  const labels = await grid.getByRole("textbox", { name: /^CA1 for / }).evaluateAll((inputs) => inputs.map((i) => i.getAttribute("aria-label")!));
  return labels.map((label) => label.replace(/^CA1 for /, ""));
}

async function allSaved(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: "All changes saved." })).toBeVisible({ timeout: 15_000 });
}

test("a teacher enters and pastes scores with the keyboard, a second editor's change is a conflict, and the head of department approves", async ({
  page: teacher,
  browser,
}) => {
  test.setTimeout(180_000);
  await signIn(teacher, "teacher@school.test", "ams-demo-teacher");
  await teacher.getByRole("link", { name: "Enter scores for Mathematics, JSS 1 A" }).click();
  const grid = teacher.getByRole("table", { name: GRID });
  await expect(grid).toBeVisible();
  await expectNoAccessibilityViolations(teacher);
  const [first, second, third] = await studentNames(grid);
  const cell = (code: string, name: string) => grid.getByRole("textbox", { name: `${code} for ${name}` });
  const total = (name: string) => grid.getByRole("button", { name: new RegExp(`^Total for ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`) });

  // Keyboard only: a full row by Tab, with a mistake on the way that keeps what was typed.
  await cell("CA1", first!).focus();
  await typeHere(teacher, "16");
  await expect(cell("CA1", first!)).toHaveAttribute("aria-invalid", "true");
  await expect(grid).toContainText("Above the maximum of 15");
  await expect(cell("CA1", first!)).toHaveValue("16");
  await typeHere(teacher, "abc");
  await expect(grid).toContainText('"abc" is not a score');
  await typeHere(teacher, "15");
  await expect(cell("CA1", first!)).not.toHaveAttribute("aria-invalid", "true");
  for (const value of ["15", "10", "60"]) {
    await teacher.keyboard.press("Tab");
    await typeHere(teacher, value);
  }
  await expect(total(first!)).toContainText("100.0");
  await expect(grid.getByRole("row").filter({ has: teacher.getByRole("textbox", { name: `CA1 for ${first}` }) })).toContainText("Excellent");

  // Arrow keys and Enter move between cells: down from the first row's CA1 is the second row's.
  await cell("CA1", first!).focus();
  await teacher.keyboard.press("Enter");
  await expect(cell("CA1", second!)).toBeFocused();

  // A block copied from a spreadsheet: two rows by four columns from the second row's CA1.
  await paste(teacher, "5\t5\t5\t30\r\n0\t0\tABS\t0\r\n");
  await expect(cell("CA2", second!)).toHaveValue("5");
  await expect(cell("ASG", third!)).toHaveValue("ABS");
  await expect(total(second!)).toContainText("45.0");
  await expect(total(third!)).toContainText("0.0");
  // A block larger than what is left of the grid changes nothing and says why.
  await cell("EXM", second!).focus();
  await paste(teacher, "1\t2\n3\t4\n");
  await expect(teacher.getByRole("alert").filter({ hasText: "The pasted block" })).toHaveText(
    `The pasted block is 2 rows × 2 columns, but only ${(await studentNames(grid)).length - 1} rows × 1 column fit from EXM for ${second}.`,
  );
  await expect(cell("EXM", second!)).toHaveValue("30");

  // The explanation of a total.
  await total(second!).click();
  const explanation = teacher.getByRole("dialog", { name: `How the total for ${second} is worked out` });
  await expect(explanation).toContainText("CA1: 5 of 15");
  await teacher.keyboard.press("Escape");
  await expect(explanation).toBeHidden();

  await allSaved(teacher);
  await teacher.reload();
  await expect(cell("CA1", first!)).toHaveValue("15");
  await expect(cell("ASG", third!)).toHaveValue("ABS");

  // The head of department opens the same sheet in another browser and changes one cell.
  const hodContext = await browser.newContext();
  const hod = await hodContext.newPage();
  await signIn(hod, "hod@school.test", "ams-demo-hod");
  await hod.goto(teacher.url());
  const hodGrid = hod.getByRole("table", { name: GRID });
  await hodGrid.getByRole("textbox", { name: `CA1 for ${first}` }).focus();
  await typeHere(hod, "9");
  await allSaved(hod);

  // The teacher, still on the page read before that change, edits the same cell: a conflict.
  await cell("CA1", first!).focus();
  await typeHere(teacher, "8");
  const conflicts = teacher.getByRole("region", { name: "Changed by someone else" });
  await expect(conflicts).toContainText("Yours: 8", { timeout: 15_000 });
  await expect(conflicts).toContainText(": 9");
  await expect(cell("CA1", first!)).toHaveValue("8");
  await conflicts.getByRole("button", { name: `Keep mine for CA1 for ${first}` }).click();
  await allSaved(teacher);
  await expect(conflicts).toBeHidden();

  // The cell's history shows every change, newest first.
  await cell("CA1", first!).focus();
  await teacher.keyboard.press("Alt+h");
  const history = teacher.getByRole("region", { name: `History of CA1 for ${first}` });
  await expect(history.getByRole("listitem").first()).toContainText("9 → 8");
  await expect(history).toContainText("→ 9");
  await expect(history).toContainText("→ 15");
  await teacher.keyboard.press("Escape");

  // Submit; the head of department approves from the review queue; the sheet is then locked.
  await teacher.getByRole("button", { name: "Submit for approval" }).click();
  await expect(teacher.getByRole("status").filter({ hasText: "Submitted for approval." })).toBeVisible();
  await hod.goto("/teacher/review");
  await expectNoAccessibilityViolations(hod);
  await hod.getByRole("link", { name: "Mathematics, JSS 1 A" }).click();
  await hod.getByRole("button", { name: "Approve and lock" }).click();
  await expect(hod.getByRole("status").filter({ hasText: "Approved and locked." })).toBeVisible();
  await hodContext.close();

  await teacher.reload();
  await expect(teacher.getByText("These scores were approved and are locked.")).toBeVisible();
  await expect(cell("CA1", first!)).toHaveAttribute("readonly", "");
  await expect(teacher.getByRole("heading", { name: "Ask for a change to a locked score" })).toBeVisible();
});
