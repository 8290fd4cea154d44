// Student records: the list's filters, and every form that changes a student. The same schemas run
// in the browser (react-hook-form) and in lib/server/students.
import { z } from "zod";
import { genders, guardianRelationships, studentStatuses } from "@/lib/db/schema/people";
import { idSchema, optionalEmail, optionalPhone, optionalText, personName } from "./common";

// ---- The list and the CSV export ----------------------------------------------------------------

/** "archived" is every student who has left (graduated, withdrawn, transferred); "all" is everyone. */
export const studentStatusFilters = ["active", "archived", ...studentStatuses.filter((s) => s !== "active"), "all"] as const;
export type StudentStatusFilter = (typeof studentStatusFilters)[number];
export const studentSorts = ["name", "admissionNumber", "class", "status"] as const;
export type StudentSort = (typeof studentSorts)[number];

const studentFilterFields = {
  search: z.string().trim().max(100).optional().transform((value) => value || undefined),
  // Archived students are left out unless asked for: the default list is the school as it is today.
  status: z.enum(studentStatusFilters, { error: "Choose a status from the list" }).default("active"),
  classId: idSchema.optional(),
  levelId: idSchema.optional(),
  gender: z.enum(genders, { error: "Choose female, male or other" }).optional(),
  sort: z.enum(studentSorts, { error: "Sort by name, admission number, class or status" }).default("name"),
  direction: z.enum(["asc", "desc"], { error: "Sort ascending or descending" }).default("asc"),
};

export const studentListSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).default(25),
  ...studentFilterFields,
});
export type StudentListInput = z.input<typeof studentListSchema>;
export type StudentListQuery = z.output<typeof studentListSchema>;

export const studentExportSchema = z.object(studentFilterFields);
export type StudentExportInput = z.input<typeof studentExportSchema>;

// ---- Shared field rules -------------------------------------------------------------------------

/** Today in UTC as YYYY-MM-DD: date inputs and date columns carry no time of day. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whole years from one YYYY-MM-DD date to another (a birthday counts on the day). */
export function yearsBetween(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(5) < from.slice(5) ? years - 1 : years;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A plausible age on the day a student is admitted; outside it, the year was probably mistyped. */
export const SCHOOL_AGE = { min: 3, max: 25 } as const;

const requiredDate = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .pipe(z.iso.date({ error: `Enter the ${what} as a date like 2014-03-21` }));

/** A choice from a list that may be left empty ("" from a select means none). */
const optionalChoice = (message: string) =>
  z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null)
    .pipe(z.uuid({ error: message }).nullable());

/** A choice from a list that must be made. */
const requiredChoice = (message: string) => z.string({ error: message }).trim().min(1, message).pipe(z.uuid({ error: message }));

const classChoice = requiredChoice("Choose a class");

const reason = z
  .string({ error: "Say why (at least 3 characters)" })
  .trim()
  .min(3, "Say why (at least 3 characters)")
  .max(500, "Keep the reason under 500 characters");

/** Students picked in the list for a bulk action. */
const selectedStudents = z
  .array(idSchema, { error: "Select at least one student" })
  .min(1, "Select at least one student")
  .max(500, "Select at most 500 students at a time")
  .transform((ids) => [...new Set(ids)]);

// ---- A student's details (create and edit) ------------------------------------------------------

// The CSV import checks its cells with these same rules (createStudentSchema.shape), so a value is
// accepted or refused alike, in the same words, whether it is typed into the form or imported.
const studentDetailsFields = {
  admissionNumber: z
    .string({ error: "Enter the admission number" })
    .trim()
    .toUpperCase()
    .min(1, "Enter the admission number")
    .max(40, "Admission numbers are at most 40 characters")
    .regex(/^[A-Z0-9][A-Z0-9/. -]*$/, "Use letters, digits and / - . only, like GFA/2026/0001"),
  firstName: personName("first name"),
  middleName: optionalText("middle name", 100),
  lastName: personName("last name"),
  dateOfBirth: requiredDate("date of birth").refine((value) => value <= todayIso(), "The date of birth can't be in the future"),
  gender: z.enum(genders, { error: "Choose female, male or other" }),
  email: optionalEmail,
  phone: optionalPhone,
  address: optionalText("address", 300),
  departmentId: optionalChoice("Choose a department from the list"),
  admittedOn: requiredDate("admission date").refine((value) => value <= addDays(todayIso(), 366), "The admission date can't be more than a year ahead"),
};

type DetailDates = { dateOfBirth: string; admittedOn: string };

const isIsoDate = (value: unknown): value is string => typeof value === "string" && z.iso.date().safeParse(value).success;

/**
 * The checks that compare fields run even when another field is wrong (zod skips object
 * refinements after any issue by default), so a form shows every message at once.
 */
const whenDatesParse = { when: (payload: { value: unknown }) => isIsoDate((payload.value as Partial<DetailDates>).dateOfBirth) && isIsoDate((payload.value as Partial<DetailDates>).admittedOn) };

/** Age on the admission date (today, for an admission entered ahead of time) within SCHOOL_AGE. */
export const plausibleAge = (value: DetailDates) => {
  const today = todayIso();
  if (value.dateOfBirth > today) return true; // already reported as a date in the future
  const age = yearsBetween(value.dateOfBirth, value.admittedOn <= today ? value.admittedOn : today);
  return age >= SCHOOL_AGE.min && age <= SCHOOL_AGE.max;
};
export const implausibleAgeMessage = `A student is usually ${SCHOOL_AGE.min} to ${SCHOOL_AGE.max} years old when admitted: check the year`;

export const admittedInOrder = (value: DetailDates) => value.dateOfBirth > todayIso() || value.admittedOn >= value.dateOfBirth;
export const admittedBeforeBirthMessage = "The admission date is before the date of birth";

function withDetailDateChecks<T extends z.ZodType<DetailDates>>(schema: T) {
  return schema
    .refine(plausibleAge, { ...whenDatesParse, path: ["dateOfBirth"], message: implausibleAgeMessage })
    .refine(admittedInOrder, { ...whenDatesParse, path: ["admittedOn"], message: admittedBeforeBirthMessage });
}

export const createStudentSchema = withDetailDateChecks(z.object({ ...studentDetailsFields, classId: classChoice }));
export type CreateStudentInput = z.input<typeof createStudentSchema>;

export const updateStudentSchema = withDetailDateChecks(z.object({ studentId: idSchema, ...studentDetailsFields }));
export type UpdateStudentInput = z.input<typeof updateStudentSchema>;

/** The fields of a student's record that the edit form changes, in the order the audit lists them. */
export const studentDetailKeys = Object.keys(studentDetailsFields) as Array<keyof typeof studentDetailsFields>;

// ---- Status, class, electives -------------------------------------------------------------------

const statusChangeFields = {
  status: z.enum(studentStatuses, { error: "Choose a status" }),
  date: requiredDate("date").refine((value) => value <= todayIso(), "The date can't be in the future"),
  reason,
  /** Only for returning to "active": the class of this year they rejoin. */
  classId: optionalChoice("Choose a class"),
};

/** Coming back needs a class; checked even when another field is wrong, like the others. */
function withReturnClassCheck<T extends z.ZodType<{ status: string; classId: string | null }>>(schema: T) {
  return schema.refine((value) => value.status !== "active" || Boolean(value.classId), {
    when: (payload) => (payload.value as { status?: unknown }).status === "active",
    path: ["classId"],
    message: "Choose the class they return to",
  });
}

export const changeStudentStatusSchema = withReturnClassCheck(z.object({ studentId: idSchema, ...statusChangeFields }));
export type ChangeStudentStatusInput = z.input<typeof changeStudentStatusSchema>;

export const bulkChangeStudentStatusSchema = withReturnClassCheck(z.object({ studentIds: selectedStudents, ...statusChangeFields }));
export type BulkChangeStudentStatusInput = z.input<typeof bulkChangeStudentStatusSchema>;

export const moveStudentClassSchema = z.object({
  studentId: idSchema,
  classId: classChoice,
  reason: optionalText("reason", 500),
});
export type MoveStudentClassInput = z.input<typeof moveStudentClassSchema>;

export const bulkMoveStudentClassSchema = z.object({ studentIds: selectedStudents, classId: classChoice });
export type BulkMoveStudentClassInput = z.input<typeof bulkMoveStudentClassSchema>;

export const MAX_ELECTIVES = 6;

export const setElectivesSchema = z.object({
  studentId: idSchema,
  subjectIds: z
    .array(idSchema, { error: "Choose the elective subjects" })
    .max(MAX_ELECTIVES, `Choose at most ${MAX_ELECTIVES} electives`)
    .transform((ids) => [...new Set(ids)]),
});
export type SetElectivesInput = z.input<typeof setElectivesSchema>;

// ---- Parents and guardians of a student ---------------------------------------------------------

export const addGuardianLinkSchema = z.object({
  studentId: idSchema,
  guardianId: requiredChoice("Choose a parent or guardian"),
  relationship: z.enum(guardianRelationships, { error: "Choose how they are related" }),
  isPrimaryContact: z.boolean().default(false),
});
export type AddGuardianLinkInput = z.input<typeof addGuardianLinkSchema>;

export const setPrimaryGuardianSchema = z.object({ studentId: idSchema, guardianId: idSchema });
export type SetPrimaryGuardianInput = z.input<typeof setPrimaryGuardianSchema>;

export const removeGuardianLinkSchema = z.object({
  studentId: idSchema,
  guardianId: idSchema,
  /** Removing the only guardian of an active student leaves the school nobody to call: asked twice. */
  confirm: z.boolean().default(false),
});
export type RemoveGuardianLinkInput = z.input<typeof removeGuardianLinkSchema>;

export const findGuardiansSchema = z.object({
  search: z.string().trim().min(2, "Type at least 2 letters of a name, email or phone").max(100, "Keep the search under 100 characters"),
});

// ---- The list's URL ----------------------------------------------------------------------------

/** The list's search params, short so links stay readable: /students?q=ada&class=…&sort=class&dir=desc. */
export const studentListParamNames = {
  search: "q",
  status: "status",
  classId: "class",
  levelId: "level",
  gender: "gender",
  sort: "sort",
  direction: "dir",
  page: "page",
  pageSize: "size",
} as const satisfies Record<keyof StudentListQuery, string>;

/** The list's input from URL search params (the page, and the CSV export of the same view); empty means "any". */
export function studentListInputFromParams(get: (name: string) => string | null | undefined): StudentListInput {
  const input: Record<string, string> = {};
  for (const [field, param] of Object.entries(studentListParamNames)) {
    const value = get(param)?.trim();
    if (value) input[field] = value;
  }
  return input as StudentListInput;
}
