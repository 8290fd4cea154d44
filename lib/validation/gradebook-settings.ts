// Gradebook settings forms (assessment schemes, grade scales, term locks): one schema per form, parsed
// again by lib/server/gradebook-settings. The scheme and band rules themselves live in lib/domain/grading.
import { z } from "zod";
import { type BandProblem, checkGradeBands, checkSchemeComponents, roundingModes, type SchemeProblem } from "@/lib/domain/grading";
import { idSchema } from "./common";

/** An optional choice from a select: "" ("any", "school-wide") is null. */
const optionalId = (message: string) =>
  z
    .union([z.literal(""), z.uuid()], { error: message })
    .nullish()
    .transform((value) => value || null);

const title = (what: string, max: number) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(max, `Keep the ${what} under ${max} characters`)
    .refine((value) => !/[<>]/.test(value), `The ${what} can't contain < or >`);

/** Numbers arrive as typed (strings) from forms, or as numbers from scripts; the domain checks read strings. */
const typedNumber = z.union([z.string(), z.number()], { error: "Enter a number" }).transform((value) => String(value).trim());
const typedText = z.string({ error: "Fill this in" }).transform((value) => value.trim());

/** Where a domain problem lands in the form: its row's field, or the list itself when it is about the whole list. */
function reportProblems(problems: ReadonlyArray<SchemeProblem | BandProblem>, ctx: z.RefinementCtx): void {
  for (const problem of problems) {
    const path = problem.index === null || problem.field === null ? [] : [problem.index, problem.field];
    ctx.addIssue({ code: "custom", message: problem.message, path });
  }
}

// ---- Assessment schemes ----

export const schemeComponentSchema = z.object({ code: typedText, name: typedText, maxScore: typedNumber, weight: typedNumber });
export type SchemeComponentInput = z.input<typeof schemeComponentSchema>;

export const assessmentSchemeSchema = z.object({
  /** Absent or "" for a new scheme. */
  id: optionalId("Choose a scheme"),
  name: title("scheme's name", 60),
  classLevelId: optionalId("Choose a class level from the list"),
  subjectId: optionalId("Choose a subject from the list"),
  termId: optionalId("Choose a term from the list"),
  // The weights' sum and every row's problems are reported together, each on its own field.
  components: z.array(schemeComponentSchema, { error: "Add the scheme's components" }).superRefine((components, ctx) => {
    reportProblems(checkSchemeComponents(components), ctx);
  }),
  /** Set once the administrator has read what changing a scheme in use does to entered scores. */
  confirmInUse: z.boolean().default(false),
});
export type AssessmentSchemeInput = z.input<typeof assessmentSchemeSchema>;
export type AssessmentSchemeValues = z.output<typeof assessmentSchemeSchema>;

// ---- Grade scales ----

export const roundingPlaceChoices = [0, 1, 2] as const;

/** A form's select sends "1"; scripts send 1. */
const placesInput = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value);

/** 0 to 100 with at most 2 decimal places, as numeric(5,2) stores it and the domain reads it. */
const passMark = typedNumber.superRefine((value, ctx) => {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value);
  if (!match || (match[1] ?? "").length > 3 || Number(value) > 100) {
    ctx.addIssue({ code: "custom", message: "The pass mark is a number from 0 to 100" });
  } else if ((match[2] ?? "").replace(/0+$/, "").length > 2) {
    ctx.addIssue({ code: "custom", message: "Use at most 2 decimal places" });
  }
});

export const gradeBandSchema = z.object({ letter: typedText, minScore: typedNumber, points: typedNumber, remark: typedText });
export type GradeBandInput = z.input<typeof gradeBandSchema>;

export const gradeScaleSchema = z.object({
  id: optionalId("Choose a grade scale"),
  name: title("scale's name", 60),
  /** Null: the school-wide scale, used by every level without one of its own. */
  classLevelId: optionalId("Choose a class level from the list, or school-wide"),
  passMark,
  roundingMode: z.enum(roundingModes, { error: "Choose how totals are rounded" }),
  roundingPlaces: z.preprocess(
    placesInput,
    z.union([z.literal(0), z.literal(1), z.literal(2)], { error: "Round to 0, 1 or 2 decimal places" }),
  ),
  bands: z
    .array(gradeBandSchema, { error: "Add the scale's bands" })
    .max(20, "A scale can have at most 20 bands")
    .superRefine((bands, ctx) => {
      reportProblems(checkGradeBands(bands), ctx);
    }),
});
export type GradeScaleInput = z.input<typeof gradeScaleSchema>;
export type GradeScaleValues = z.output<typeof gradeScaleSchema>;

// ---- Deleting, and term locks ----

export const settingIdSchema = z.object({ id: idSchema });
export type SettingIdInput = z.input<typeof settingIdSchema>;

/** Closing score entry for a term, or reopening it: reopening needs a reason, kept in the audit log. */
export const termScoreLockSchema = z
  .object({
    termId: idSchema,
    locked: z.boolean({ error: "Say whether to lock or unlock the term" }),
    reason: z.string().trim().max(500, "The reason is at most 500 characters").optional(),
  })
  .refine((value) => value.locked || (value.reason?.length ?? 0) >= 5, {
    path: ["reason"],
    message: "Give a reason for unlocking the term (at least 5 characters)",
  });
export type TermScoreLockInput = z.input<typeof termScoreLockSchema>;
