// Issue 5's "done when": an administrator sets up a new school year from scratch, imports its
// students from CSV, and assigns teachers and a class teacher, entirely in the browser. The year is
// made current for the import and the demo year restored at the end, so other specs see the demo.
import { expect, type Page, test } from "@playwright/test";
import Papa from "papaparse";
import { SignInPage } from "./pages/sign-in-page";
import { expectNoAccessibilityViolations } from "./support/axe";

async function makeCurrent(admin: Page, yearName: string) {
  await admin.goto("/admin/structure/years");
  const row = admin.getByRole("row").filter({ hasText: yearName });
  await row.getByRole("button", { name: "Make current" }).click();
  // The row itself changes (the button gives way to the badge), which is what a person sees.
  await expect(row).toContainText("Current year");
}

test("an administrator sets up a new year, imports its students and assigns its teachers", async ({ page: admin }) => {
  test.setTimeout(180_000);
  await new SignInPage(admin).goto();
  await new SignInPage(admin).signIn("admin@school.test", "ams-demo-admin");
  await expect(admin).toHaveURL(/\/admin$/);

  // The year and its first term.
  await admin.goto("/admin/structure/years");
  await expectNoAccessibilityViolations(admin);
  const newYear = admin.getByRole("region", { name: "Add an empty year" });
  await newYear.getByLabel("Name").fill("2027/2028");
  await newYear.getByLabel("First day").fill("2027-09-06");
  await newYear.getByLabel("Last day").fill("2026-07-14");
  await newYear.getByRole("button", { name: "Add year" }).click();
  // A year ending before it starts is refused at the field, and what was typed stays.
  await expect(newYear.getByLabel("Last day")).toHaveAttribute("aria-invalid", "true");
  await expect(newYear.getByLabel("Name")).toHaveValue("2027/2028");
  await newYear.getByLabel("Last day").fill("2028-07-14");
  await newYear.getByRole("button", { name: "Add year" }).click();
  await admin.getByRole("link", { name: "2027/2028" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toContainText("2027/2028");
  const term = admin.getByRole("region", { name: "Add a term" });
  await term.getByLabel("Name").fill("First term");
  await term.getByLabel("Number in the year").fill("1");
  await term.getByLabel("First day").fill("2027-09-06");
  await term.getByLabel("Last day").fill("2027-12-10");
  await term.getByRole("button", { name: "Add term" }).click();
  await expect(admin.getByRole("region", { name: "Terms" })).toContainText("First term");
  await makeCurrent(admin, "2027/2028");

  // A class with a class teacher, and Mathematics with its teacher.
  await admin.goto("/admin/structure/classes");
  const addClass = admin.getByRole("region", { name: /Add a class to 2027\/2028/ });
  await addClass.getByLabel("Level").selectOption({ label: "JSS 1" });
  await addClass.getByLabel("Arm").fill("A");
  await addClass.getByLabel("Places").fill("30");
  const classTeacher = addClass.getByLabel("Class teacher");
  const teacherName = (await classTeacher.locator("option").nth(1).textContent())!.replace(/\s*\(.*\)$/, "").trim();
  await classTeacher.selectOption({ index: 1 });
  await addClass.getByRole("button", { name: "Add class" }).click();
  const classRow = admin.getByRole("row").filter({ hasText: "JSS 1 A" });
  await expect(classRow).toContainText(teacherName);
  await expectNoAccessibilityViolations(admin);

  await classRow.getByRole("link", { name: /subjects/i }).first().click();
  const addSubject = admin.getByRole("region", { name: /Add a subject to JSS 1 A/ });
  await addSubject.getByLabel("Subject").selectOption({ label: "Mathematics (MTH)" });
  await addSubject.getByLabel("Teacher (optional)").selectOption({ index: 1 });
  await addSubject.getByRole("button", { name: "Add subject" }).click();
  await expect(admin.getByRole("region", { name: /JSS 1 A, First term 2027\/2028/ })).toContainText("Mathematics");

  // Students from the CSV template, three of them, with guardians.
  const template = await admin.request.get("/api/imports/template/students");
  expect(template.status()).toBe(200);
  const parsed = Papa.parse<string[]>((await template.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const [header, example] = parsed.data as [string[], string[]];
  const column = (label: string) => header.findIndex((h) => h.startsWith(label));
  const rows = ["Ada", "Bayo", "Chika"].map((first, i) => {
    const row = [...example];
    row[column("Admission number")] = `NEW/2027/${String(i + 1).padStart(3, "0")}`;
    row[column("First name")] = first;
    row[column("Class")] = "JSS 1 A";
    row[header.findIndex((h) => h.startsWith("Guardian 1 email"))] = `family.${first.toLowerCase()}@example.com`;
    row[header.findIndex((h) => h.startsWith("Guardian 1 phone"))] = `+234 803 000 00${i}${i}`;
    row[header.findIndex((h) => h.startsWith("Guardian 2 phone"))] = `+234 805 000 00${i}${i}`;
    return row;
  });
  const csv = Papa.unparse({ fields: header, data: rows });

  await admin.goto("/admin/imports");
  await expectNoAccessibilityViolations(admin);
  await admin.getByLabel("Students with their guardians").check();
  await admin.getByLabel(/CSV file/).setInputFiles({ name: "new-year.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await admin.getByRole("button", { name: "Check the file" }).click();
  await expect(admin.getByText("No problems found.")).toBeVisible();
  await expect(admin.locator('dt:text-is("New students") + dd').first()).toHaveText("3");
  await admin.getByRole("button", { name: "Apply" }).click();
  // The import runs in the background: the last step follows it, then shows the summary.
  const outcome = admin.getByRole("region", { name: "Imported new-year.csv" });
  await expect(outcome).toContainText("The changes are saved and recorded in the audit log.", { timeout: 60_000 });
  await expect(outcome.locator('dt:text-is("New students") + dd')).toHaveText("3");
  await expect(admin.getByRole("list", { name: "Recent imports" })).toContainText("Done: 3 new students", { timeout: 30_000 });

  // They are in the new class.
  await admin.goto("/students?q=NEW%2F2027");
  const found = admin.getByRole("main").getByRole("row").filter({ hasText: "NEW/2027/" });
  await expect(found).toHaveCount(3);
  for (const first of ["Ada", "Bayo", "Chika"]) await expect(found.filter({ hasText: first })).toContainText("JSS 1 A");

  await makeCurrent(admin, "2026/2027");
});
