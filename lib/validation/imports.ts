// CSV import: the fields each kind of import knows, how an uploaded header maps onto them, and the
// zod rules for one row's cells. Shared by the import page (browser) and lib/server/imports.
import { z } from "zod";
import { genders, guardianRelationships } from "@/lib/db/schema/people";
import { noControlCharacters, noMarkup } from "./common";
import { educatorSchema, guardianSchema } from "./people";
import { admittedBeforeBirthMessage, admittedInOrder, createStudentSchema, implausibleAgeMessage, plausibleAge, SCHOOL_AGE } from "./students";

export const importKinds = ["students", "educators"] as const;
export type ImportKind = (typeof importKinds)[number];

export const importKindLabels: Record<ImportKind, string> = {
  students: "Students with their guardians",
  educators: "Educators (teaching staff)",
};

/** What a browser may upload and a server action accepts. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 10_000;
export const IMPORT_MAX_COLUMNS = 100;

export const importModes = ["all_or_nothing", "valid_rows_only"] as const;
export type ImportMode = (typeof importModes)[number];

// ---------------------------------------------------------------------------------------------
// Cells. Each schema takes the trimmed, non-empty text of one cell. A field the office can also type
// into a form is checked by that form's own rule, so a value is accepted or refused alike either way
// and refused in the same words, after the cell's value: "0803… — Phone numbers are at most 30
// characters". What only a file has (dates written day first, names of classes, yes/no, a choice
// typed as text) has its own rule, whose message is a predicate read after the value: "31/02/2015 is
// not a date".

const studentForm = createStudentSchema.shape;
const educatorForm = educatorSchema.shape;
const guardianForm = guardianSchema.shape;

/** A form's rule for a cell: its first message, after a dash, follows the cell's value in the issue. */
function formRule<T>(rule: z.ZodType<T>) {
  return z.string().transform((value, ctx): T => {
    const result = rule.safeParse(value);
    if (result.success) return result.data;
    ctx.addIssue({ code: "custom", message: `— ${result.error.issues[0]?.message ?? "is not valid"}` });
    return z.NEVER;
  });
}

/** Text that is looked up rather than stored (a class's or department's name). */
const lookupText = (max: number) =>
  z
    .string()
    .max(max, `is longer than ${max} characters`)
    .refine(noMarkup, "contains < or >, which are not allowed")
    .refine(noControlCharacters, "contains control characters");

const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2015-02-28" or "28/02/2015" to "2015-02-28"; null when it is not a real calendar day. */
export function parseImportDate(value: string): string | null {
  const iso = ISO_DAY.exec(value);
  const dayFirst = DAY_FIRST.exec(value);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dayFirst ? [dayFirst[3], dayFirst[2], dayFirst[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A day written YYYY-MM-DD or DD/MM/YYYY, from 1900 on, then the form's rule for that date. */
const dateCell = (rule: z.ZodType<string>) =>
  z
    .string()
    .transform((value, ctx) => {
      const day = parseImportDate(value);
      if (!day) {
        ctx.addIssue({ code: "custom", message: "is not a date (write it as YYYY-MM-DD or DD/MM/YYYY)" });
        return z.NEVER;
      }
      // The form's age check catches a mistyped century when both dates are given; a file may give one.
      if (day < "1900-01-01") {
        ctx.addIssue({ code: "custom", message: "is before 1900" });
        return z.NEVER;
      }
      return day;
    })
    .pipe(formRule(rule));

/** Case-insensitive choice from a list, with a few everyday abbreviations. */
const choiceCell = <const T extends readonly string[]>(values: T, aliases: Record<string, T[number]> = {}) =>
  z.string().transform((value, ctx) => {
    const key = value.toLowerCase();
    const found = (values as readonly string[]).includes(key) ? (key as T[number]) : aliases[key];
    if (!found) {
      ctx.addIssue({ code: "custom", message: `is not one of: ${values.join(", ")}` });
      return z.NEVER;
    }
    return found;
  });

const yesNoCell = z.string().transform((value, ctx) => {
  const key = value.toLowerCase();
  if (["yes", "y", "true", "1", "primary"].includes(key)) return true;
  if (["no", "n", "false", "0"].includes(key)) return false;
  ctx.addIssue({ code: "custom", message: "is not yes or no" });
  return z.NEVER;
});

const genderCell = choiceCell(genders, { f: "female", m: "male", girl: "female", boy: "male" });
const relationshipCell = choiceCell(guardianRelationships, { mum: "mother", mom: "mother", dad: "father", grandmother: "grandparent", grandfather: "grandparent" });

// ---------------------------------------------------------------------------------------------
// Fields.

export type ImportField = {
  key: string;
  /** The name shown on the page and written in the template's header row. */
  label: string;
  required: boolean;
  /** Other headers that mean this field; compared after normalizeHeader. */
  synonyms: string[];
  /** Written in the template header after the label, so the format travels with the file. */
  headerHint?: string;
  /** Allowed values or format, listed on the import page. */
  allowed?: string;
  cell: z.ZodType<unknown, string>;
};

/** "Admission No." → "admissionno"; a parenthesised hint ("Date of birth (YYYY-MM-DD)") is ignored. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .replace(/\([^)]*\)/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

const guardianPrefixes = (slot: 1 | 2) =>
  slot === 1
    ? ["guardian", "guardian 1", "parent", "parent 1", "parent guardian", "first guardian", "first parent", "primary guardian"]
    : ["guardian 2", "parent 2", "second guardian", "second parent", "other guardian", "other parent"];

function guardianFields(slot: 1 | 2): ImportField[] {
  const prefixes = guardianPrefixes(slot);
  const label = slot === 1 ? "Guardian 1" : "Guardian 2";
  const withPrefixes = (suffixes: string[]) => prefixes.flatMap((p) => suffixes.map((s) => `${p} ${s}`));
  return [
    { key: `guardian${slot}FirstName`, label: `${label} first name`, required: false, synonyms: withPrefixes(["first name", "firstname", "given name", "forename"]), cell: formRule(guardianForm.firstName) },
    { key: `guardian${slot}LastName`, label: `${label} last name`, required: false, synonyms: withPrefixes(["last name", "lastname", "surname", "family name"]), cell: formRule(guardianForm.lastName) },
    {
      key: `guardian${slot}Relationship`,
      label: `${label} relationship`,
      required: false,
      synonyms: withPrefixes(["relationship", "relation", "relationship to student", "type"]),
      allowed: `${guardianRelationships.join(", ")} (empty means guardian)`,
      cell: relationshipCell,
    },
    { key: `guardian${slot}Email`, label: `${label} email`, required: false, synonyms: withPrefixes(["email", "email address", "e mail"]), cell: formRule(guardianForm.email) },
    {
      key: `guardian${slot}Phone`,
      label: `${label} phone`,
      required: false,
      synonyms: withPrefixes(["phone", "phone number", "telephone", "mobile", "mobile number", "gsm"]),
      allowed: "at least 7 digits, with spaces, + ( ) - . (up to 30 characters); the email or the phone is required",
      cell: formRule(guardianForm.phone),
    },
    {
      key: `guardian${slot}PrimaryContact`,
      label: `${label} primary contact`,
      required: false,
      synonyms: withPrefixes(["primary contact", "primary", "main contact", "is primary contact"]),
      allowed: "yes or no (empty: the first guardian of a student who has no primary contact yet becomes it)",
      cell: yesNoCell,
    },
  ];
}

export const importFields: Record<ImportKind, ImportField[]> = {
  students: [
    {
      key: "admissionNumber",
      label: "Admission number",
      required: true,
      synonyms: ["admission no", "adm no", "admission", "admission num", "reg no", "registration number", "student number", "student no", "student id"],
      allowed: "up to 40 letters, digits, spaces and / - . (like GFA/2026/0001); an existing number updates that student",
      cell: formRule(studentForm.admissionNumber),
    },
    { key: "firstName", label: "First name", required: true, synonyms: ["firstname", "given name", "forename", "first"], cell: formRule(studentForm.firstName) },
    { key: "middleName", label: "Middle name", required: false, synonyms: ["middlename", "other name", "other names", "middle"], cell: formRule(studentForm.middleName) },
    { key: "lastName", label: "Last name", required: true, synonyms: ["lastname", "surname", "family name", "last"], cell: formRule(studentForm.lastName) },
    {
      key: "dateOfBirth",
      label: "Date of birth",
      required: false,
      synonyms: ["dob", "d o b", "birth date", "birthdate", "birthday", "date of birth"],
      headerHint: "YYYY-MM-DD or DD/MM/YYYY",
      allowed: "YYYY-MM-DD or DD/MM/YYYY (day first), not in the future",
      cell: dateCell(studentForm.dateOfBirth),
    },
    { key: "gender", label: "Gender", required: false, synonyms: ["sex"], allowed: `${genders.join(", ")} (or F, M)`, cell: genderCell },
    {
      key: "className",
      label: "Class",
      required: true,
      synonyms: ["class name", "form", "class arm", "current class", "arm"],
      allowed: "the name of a class of the current academic year, as on the School structure page, e.g. JSS 1 A",
      cell: lookupText(80),
    },
    {
      key: "admittedOn",
      label: "Admitted on",
      required: false,
      synonyms: ["admission date", "date admitted", "date of admission", "admitted"],
      headerHint: "YYYY-MM-DD or DD/MM/YYYY",
      allowed: `YYYY-MM-DD or DD/MM/YYYY (day first), at most a year ahead, not before the date of birth; the student ${SCHOOL_AGE.min} to ${SCHOOL_AGE.max} years old on it`,
      cell: dateCell(studentForm.admittedOn),
    },
    { key: "email", label: "Email", required: false, synonyms: ["email address", "e mail", "student email"], cell: formRule(studentForm.email) },
    {
      key: "phone",
      label: "Phone",
      required: false,
      synonyms: ["phone number", "telephone", "mobile", "student phone"],
      allowed: "at least 7 digits, with spaces, + ( ) - . (up to 30 characters)",
      cell: formRule(studentForm.phone),
    },
    { key: "address", label: "Address", required: false, synonyms: ["home address", "residential address"], allowed: "up to 300 characters", cell: formRule(studentForm.address) },
    ...guardianFields(1),
    ...guardianFields(2),
  ],
  educators: [
    {
      key: "staffNumber",
      label: "Staff number",
      required: true,
      synonyms: ["staff no", "staff id", "staff num", "employee number", "employee no", "employee id", "staff"],
      allowed: "up to 20 letters, digits, / and - (like STF-042); an existing number updates that educator",
      cell: formRule(educatorForm.staffNumber),
    },
    { key: "title", label: "Title", required: false, synonyms: ["salutation", "honorific"], allowed: "e.g. Mr, Mrs, Ms, Dr (up to 20 characters)", cell: formRule(educatorForm.title) },
    { key: "firstName", label: "First name", required: true, synonyms: ["firstname", "given name", "forename", "first"], cell: formRule(educatorForm.firstName) },
    { key: "lastName", label: "Last name", required: true, synonyms: ["lastname", "surname", "family name", "last"], cell: formRule(educatorForm.lastName) },
    { key: "email", label: "Email", required: false, synonyms: ["email address", "e mail", "work email"], cell: formRule(educatorForm.email) },
    {
      key: "phone",
      label: "Phone",
      required: false,
      synonyms: ["phone number", "telephone", "mobile"],
      allowed: "at least 7 digits, with spaces, + ( ) - . (up to 30 characters)",
      cell: formRule(educatorForm.phone),
    },
    {
      key: "department",
      label: "Department",
      required: false,
      synonyms: ["dept", "department code", "department name"],
      allowed: "a department's code or name, as on the Departments page, e.g. SCI or Sciences",
      cell: lookupText(80),
    },
  ],
};

export function fieldByKey(kind: ImportKind, key: string): ImportField | undefined {
  return importFields[kind].find((f) => f.key === key);
}

/** The template's header cell: the label, with the format in brackets where one matters. */
export const templateHeader = (field: ImportField) => (field.headerHint ? `${field.label} (${field.headerHint})` : field.label);

/** Matches each uploaded column to a field by its normalised header; each field is used once. */
export function autoMapColumns(kind: ImportKind, header: readonly string[]): Array<string | null> {
  const taken = new Set<string>();
  return header.map((cell) => {
    const normalized = normalizeHeader(cell);
    if (!normalized) return null;
    const field = importFields[kind].find(
      (f) => !taken.has(f.key) && [f.label, f.key, ...f.synonyms].some((name) => normalizeHeader(name) === normalized),
    );
    if (!field) return null;
    taken.add(field.key);
    return field.key;
  });
}

// ---------------------------------------------------------------------------------------------
// The mapping and the request a server action receives.

/** Why a mapping cannot be used: a required field unmapped, or a field mapped twice. */
export function mappingProblems(kind: ImportKind, columns: ReadonlyArray<string | null>, header: readonly string[] = []): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  columns.forEach((key, index) => {
    if (!key) return;
    const field = fieldByKey(kind, key);
    if (!field) {
      problems.push(`Column ${index + 1} is mapped to an unknown field.`);
      return;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const name = (i: number) => (header[i] ? `"${header[i]}"` : `column ${i + 1}`);
      problems.push(`${field.label} is chosen for two columns, ${name(earlier)} and ${name(index)}: choose it for one only.`);
    } else seen.set(key, index);
  });
  for (const field of importFields[kind]) {
    if (field.required && !seen.has(field.key)) problems.push(`Choose the column that holds ${field.label} (required).`);
  }
  return problems;
}

const columnsSchema = z.array(z.string().max(60).nullable()).min(1, "The file has no columns").max(IMPORT_MAX_COLUMNS, `A file may have at most ${IMPORT_MAX_COLUMNS} columns`);

export const importRequestSchema = z
  .object({
    kind: z.enum(importKinds, { error: "Choose what to import" }),
    // Characters, not bytes: the browser has already refused files over IMPORT_MAX_BYTES, and a
    // UTF-8 file has at least as many bytes as characters.
    csv: z.string().min(1, "The file is empty").max(IMPORT_MAX_BYTES, "The file is larger than 5 MB"),
    /** For each column of the file, in order, the field it holds (null: ignored). */
    columns: columnsSchema,
    mode: z.enum(importModes).default("all_or_nothing"),
  })
  .superRefine((value, ctx) => {
    for (const message of mappingProblems(value.kind, value.columns)) ctx.addIssue({ code: "custom", path: ["columns"], message });
  });
export type ImportRequest = z.input<typeof importRequestSchema>;

/** The mapping step's form: one choice per column of the file ("" = not imported). */
export const importMappingFormSchema = (kind: ImportKind) =>
  z
    .object({ columns: z.array(z.string()) })
    .superRefine((value, ctx) => {
      for (const message of mappingProblems(kind, value.columns.map((c) => c || null))) ctx.addIssue({ code: "custom", path: ["columns"], message });
    });
export type ImportMappingForm = z.input<ReturnType<typeof importMappingFormSchema>>;

export const importTemplateSchema = z.object({ kind: z.enum(importKinds, { error: "There is no template of that kind" }) });

// ---------------------------------------------------------------------------------------------
// Rows.

export type GuardianCells = {
  firstName?: string;
  lastName?: string;
  relationship?: (typeof guardianRelationships)[number];
  email?: string;
  phone?: string;
  primaryContact?: boolean;
};

export type StudentImportRow = {
  admissionNumber: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  dateOfBirth?: string;
  gender?: (typeof genders)[number];
  className: string;
  admittedOn?: string;
  email?: string;
  phone?: string;
  address?: string;
  guardian1?: GuardianCells;
  guardian2?: GuardianCells;
};

export type EducatorImportRow = {
  staffNumber: string;
  title?: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone?: string;
  department?: string;
};

const requiredMessage = "is empty, and it is required";

export type RowIssue = { field: string; message: string };
export type RowParse<T> = { success: true; data: T } | { success: false; issues: RowIssue[] };

/**
 * One row's rules: each present cell by its field's zod schema (an empty cell is absent), required
 * fields present, then the rules that span cells. Every problem in the row is reported at once.
 * Cells are parsed one by one rather than through one z.object of every field: a 5,000-row file
 * validates three times faster, and the messages are the same.
 */
function parseRow(kind: ImportKind, input: Readonly<Record<string, string>>, crossCell?: (values: Record<string, unknown>, issues: RowIssue[]) => void) {
  const values: Record<string, unknown> = {};
  const issues: RowIssue[] = [];
  for (const field of importFields[kind]) {
    const raw = input[field.key];
    if (raw === undefined || raw === "") {
      if (field.required) issues.push({ field: field.key, message: requiredMessage });
      continue;
    }
    const result = field.cell.safeParse(raw);
    if (result.success) values[field.key] = result.data;
    else issues.push({ field: field.key, message: result.error.issues[0]?.message ?? "is not valid" });
  }
  crossCell?.(values, issues);
  return { values, issues };
}

const guardianCellNames = ["FirstName", "LastName", "Relationship", "Email", "Phone", "PrimaryContact"] as const;

/** A student row: its cells, then the guardians' rules (a guardian needs a name and a way to reach them). */
export function parseStudentImportRow(input: Readonly<Record<string, string>>): RowParse<StudentImportRow> {
  const { values, issues } = parseRow("students", input, (values, issues) => {
    for (const slot of [1, 2] as const) {
      const filled = guardianCellNames.some((name) => input[`guardian${slot}${name}`]);
      if (!filled) continue;
      const when = ` when the row has a guardian ${slot}`;
      if (!input[`guardian${slot}FirstName`]) issues.push({ field: `guardian${slot}FirstName`, message: requiredMessage + when });
      if (!input[`guardian${slot}LastName`]) issues.push({ field: `guardian${slot}LastName`, message: requiredMessage + when });
      if (!input[`guardian${slot}Email`] && !input[`guardian${slot}Phone`]) {
        issues.push({ field: `guardian${slot}Email`, message: "is empty: give the guardian's email or phone, so they can be recognised next time" });
      }
    }
    if (values.guardian1PrimaryContact === true && values.guardian2PrimaryContact === true) {
      issues.push({ field: "guardian2PrimaryContact", message: "is yes, but guardian 1 is already the primary contact: a student has one" });
    }
    // The form's checks across the two dates, when the row gives both (a form always has both).
    if (typeof values.dateOfBirth === "string" && typeof values.admittedOn === "string") {
      const dates = { dateOfBirth: values.dateOfBirth, admittedOn: values.admittedOn };
      if (!plausibleAge(dates)) issues.push({ field: "dateOfBirth", message: `— ${implausibleAgeMessage}` });
      if (!admittedInOrder(dates)) issues.push({ field: "admittedOn", message: `— ${admittedBeforeBirthMessage}` });
    }
    if (values.guardian1Email !== undefined && values.guardian1Email === values.guardian2Email) {
      issues.push({ field: "guardian2Email", message: "is the same as guardian 1's: list each guardian once" });
    }
  });
  if (issues.length > 0) return { success: false, issues };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!key.startsWith("guardian")) out[key] = value;
  for (const slot of [1, 2] as const) {
    const cells = pickGuardian(values, slot).cells;
    if (Object.values(cells).some((v) => v !== undefined)) out[`guardian${slot}`] = cells;
  }
  return { success: true, data: out as StudentImportRow };
}

export function parseEducatorImportRow(input: Readonly<Record<string, string>>): RowParse<EducatorImportRow> {
  const { values, issues } = parseRow("educators", input);
  return issues.length > 0 ? { success: false, issues } : { success: true, data: values as EducatorImportRow };
}

function pickGuardian(row: Record<string, unknown>, slot: 1 | 2): { cells: GuardianCells } {
  const get = (name: string) => row[`guardian${slot}${name}`];
  return {
    cells: {
      firstName: get("FirstName") as string | undefined,
      lastName: get("LastName") as string | undefined,
      relationship: get("Relationship") as GuardianCells["relationship"],
      email: get("Email") as string | undefined,
      phone: get("Phone") as string | undefined,
      primaryContact: get("PrimaryContact") as boolean | undefined,
    },
  };
}

export const importRowParsers = { students: parseStudentImportRow, educators: parseEducatorImportRow } as const;
