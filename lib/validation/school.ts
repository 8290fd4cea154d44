import { z } from "zod";

export const departmentSchema = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .min(2, "Use 2 to 10 letters or digits")
    .max(10, "Use 2 to 10 letters or digits")
    .regex(/^[A-Z0-9]+$/, "Use letters and digits only, like SCI"),
  name: z.string().trim().min(2, "Give the department a name of at least 2 characters").max(80, "Keep the name under 80 characters"),
});
export type DepartmentInput = z.input<typeof departmentSchema>;

// ---- The academic structure: years, terms, departments, levels, classes, subjects, offerings ----
// Each form posts the schema's input; the data layer parses the same schema again.

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const date = (what: string) => z.iso.date({ error: `Enter the ${what} as a date` });

/** Runs the end-after-start rule only once both dates are real dates, so every other field's error still shows. */
const endAfterStart = {
  path: ["endsOn"],
  message: "The end date must be after the start date",
  when: (payload: { value: unknown }) => {
    const value = payload.value as { startsOn?: unknown; endsOn?: unknown } | null;
    return (
      typeof value?.startsOn === "string" && isoDatePattern.test(value.startsOn) && typeof value.endsOn === "string" && isoDatePattern.test(value.endsOn)
    );
  },
};
const datesInOrder = (value: { startsOn: string; endsOn: string }) => value.endsOn > value.startsOn;

/** An optional choice from a select: "" (nothing chosen) is null. */
const optionalId = (message: string) =>
  z
    .union([z.literal(""), z.uuid()], { error: message })
    .nullish()
    .transform((value) => value || null);
const requiredId = (message: string) => z.uuid({ error: message });

/** A number typed into a form (a string) or sent as a number; empty is undefined, so "required" can say so. */
const numberInput = (value: unknown) =>
  value === "" || value === null || value === undefined ? undefined : typeof value === "string" ? Number(value.trim()) : value;

const shortCode = (example: string) =>
  z
    .string()
    .trim()
    .toUpperCase()
    .min(2, "Use 2 to 10 letters or digits")
    .max(10, "Use 2 to 10 letters or digits")
    .regex(/^[A-Z0-9]+$/, `Use letters and digits only, like ${example}`);

const title = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `Keep the ${what} under ${max} characters`)
    .refine((value) => !/[<>]/.test(value), `The ${what} can't contain < or >`);

export const idOnlySchema = z.object({ id: requiredId("Choose what to change") });
export type IdOnlyInput = z.input<typeof idOnlySchema>;

// Academic years

const academicYearFields = {
  name: title("year's name", 40),
  startsOn: date("first day of the year"),
  endsOn: date("last day of the year"),
};
export const academicYearSchema = z.object(academicYearFields).refine(datesInOrder, endAfterStart);
export type AcademicYearInput = z.input<typeof academicYearSchema>;
export const updateAcademicYearSchema = z.object({ id: requiredId("Choose a year"), ...academicYearFields }).refine(datesInOrder, endAfterStart);
export type UpdateAcademicYearInput = z.input<typeof updateAcademicYearSchema>;

// Terms

const termFields = {
  name: title("term's name", 40),
  sequence: z.preprocess(
    numberInput,
    z
      .number({ error: "Give the term's number in the year, 1 to 6" })
      .int("Give the term's number in the year, 1 to 6")
      .min(1, "Give the term's number in the year, 1 to 6")
      .max(6, "Give the term's number in the year, 1 to 6"),
  ),
  startsOn: date("term's first day"),
  endsOn: date("term's last day"),
};
export const termSchema = z.object({ academicYearId: requiredId("Choose the year"), ...termFields }).refine(datesInOrder, endAfterStart);
export type TermInput = z.input<typeof termSchema>;
export const updateTermSchema = z.object({ id: requiredId("Choose a term"), ...termFields }).refine(datesInOrder, endAfterStart);
export type UpdateTermInput = z.input<typeof updateTermSchema>;

// Departments

export const updateDepartmentSchema = departmentSchema.extend({
  id: requiredId("Choose a department"),
  headEducatorId: optionalId("Choose the head of department from the list"),
});
export type UpdateDepartmentInput = z.input<typeof updateDepartmentSchema>;

// Class levels

const classLevelFields = {
  code: shortCode("JSS1"),
  name: title("level's name", 40),
  nextLevelId: optionalId("Choose the next level from the list"),
  isFinal: z.boolean().default(false),
};
const finalHasNoNext = (value: { nextLevelId: string | null; isFinal: boolean }) => !(value.isFinal && value.nextLevelId);
const finalHasNoNextMessage = { path: ["nextLevelId"], message: "A final (graduating) level has no next level" };
export const classLevelSchema = z.object(classLevelFields).refine(finalHasNoNext, finalHasNoNextMessage);
export type ClassLevelInput = z.input<typeof classLevelSchema>;
export const updateClassLevelSchema = z.object({ id: requiredId("Choose a level"), ...classLevelFields }).refine(finalHasNoNext, finalHasNoNextMessage);
export type UpdateClassLevelInput = z.input<typeof updateClassLevelSchema>;

export const reorderClassLevelsSchema = z.object({
  levelIds: z.array(requiredId("Choose a level")).min(1, "There are no levels to order"),
  /** Also point each level at the one after it, and mark the last one final. */
  relink: z.boolean().default(false),
});
export type ReorderClassLevelsInput = z.input<typeof reorderClassLevelsSchema>;

// Classes (arms)

const classFields = {
  classLevelId: requiredId("Choose the level"),
  arm: z
    .string()
    .trim()
    .toUpperCase()
    .min(1, "Give the arm, like A")
    .max(3, "Use at most 3 letters or digits for the arm")
    .regex(/^[A-Z0-9]+$/, "Use letters and digits only, like A"),
  /** Blank means "<level name> <arm>". */
  name: z
    .string()
    .trim()
    .max(60, "Keep the name under 60 characters")
    .refine((value) => !/[<>]/.test(value), "The name can't contain < or >")
    .nullish()
    .transform((value) => value || null),
  capacity: z.preprocess(
    numberInput,
    z
      .number({ error: "Give the number of places in the class" })
      .int("Give a whole number of places")
      .min(1, "A class needs at least 1 place")
      .max(500, "A class can have at most 500 places"),
  ),
  classTeacherId: optionalId("Choose the class teacher from the list"),
};
export const classSchema = z.object({ academicYearId: requiredId("Choose the year"), ...classFields });
export type ClassInput = z.input<typeof classSchema>;
export const updateClassSchema = z.object({ id: requiredId("Choose a class"), ...classFields });
export type UpdateClassInput = z.input<typeof updateClassSchema>;

// Subjects

export const subjectKindLabels = { core: "Core (every student)", elective: "Elective (chosen)" } as const;
const subjectFields = {
  code: shortCode("MTH"),
  name: title("subject's name", 80),
  departmentId: optionalId("Choose the department from the list"),
  kind: z.enum(["core", "elective"], { error: "Choose core or elective" }),
  creditUnits: z.preprocess(
    numberInput,
    z
      .number({ error: (issue) => (issue.input === undefined ? "Give the credit units: results weigh each subject by them" : "Enter a number, like 2 or 1.5") })
      .gt(0, "Credit units must be more than 0")
      .max(99.9, "Credit units must be under 100")
      .refine((value) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9, "Use at most one decimal place, like 1.5"),
  ),
};
export const subjectSchema = z.object(subjectFields);
export type SubjectInput = z.input<typeof subjectSchema>;
export const updateSubjectSchema = z.object({ id: requiredId("Choose a subject"), ...subjectFields });
export type UpdateSubjectInput = z.input<typeof updateSubjectSchema>;

// Subject offerings (a subject taught to a class in a term) and their teachers

export const offeringSchema = z.object({
  classId: requiredId("Choose the class"),
  termId: requiredId("Choose the term"),
  subjectId: requiredId("Choose the subject"),
  /** Teachers to assign at once; more can be added later. */
  teacherIds: z.array(requiredId("Choose teachers from the list")).max(10, "Assign at most 10 teachers").default([]),
});
export type OfferingInput = z.input<typeof offeringSchema>;

export const offeringIdSchema = z.object({ offeringId: requiredId("Choose the subject offering") });
export type OfferingIdInput = z.input<typeof offeringIdSchema>;

export const offeringTeacherSchema = z.object({
  offeringId: requiredId("Choose the subject offering"),
  educatorId: requiredId("Choose the teacher from the list"),
});
export type OfferingTeacherInput = z.input<typeof offeringTeacherSchema>;

export const offerToLevelSchema = z.object({
  termId: requiredId("Choose the term"),
  classLevelId: requiredId("Choose the level"),
  subjectIds: z.array(requiredId("Choose subjects from the list")).min(1, "Choose at least one subject").max(100),
});
export type OfferToLevelInput = z.input<typeof offerToLevelSchema>;

// New-year wizard

export const newYearSchema = z
  .object({
    sourceYearId: requiredId("Choose the year to copy"),
    name: title("new year's name", 40),
    startsOn: date("first day of the new year"),
    endsOn: date("last day of the new year"),
  })
  .refine(datesInOrder, endAfterStart);
export type NewYearInput = z.input<typeof newYearSchema>;
