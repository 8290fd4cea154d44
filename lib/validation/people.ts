// Educator and guardian records. The same schemas run in the browser (react-hook-form) and the data
// layer, and their fields' rules check the CSV import's cells (lib/validation/imports.ts).
import { z } from "zod";
import { educatorStatuses, guardianRelationships } from "@/lib/db/schema/people";
import { idSchema, optionalEmail, optionalPhone, optionalText, personName } from "./common";

const optionalId = z
  .union([idSchema, z.literal("")])
  .nullish()
  .transform((value) => value || null);

// ---- educators ------------------------------------------------------------------------------

export const educatorSchema = z.object({
  staffNumber: z
    .string()
    .trim()
    .toUpperCase()
    .min(1, "Enter the staff number")
    .max(20, "Staff numbers are at most 20 characters")
    .regex(/^[A-Z0-9][A-Z0-9/\-]*$/, "Use letters, digits, / and - only, like STF-042"),
  title: optionalText("title", 20),
  firstName: personName("first name"),
  lastName: personName("last name"),
  email: optionalEmail,
  phone: optionalPhone,
  departmentId: optionalId,
});
export type EducatorInput = z.input<typeof educatorSchema>;
export type EducatorValues = z.output<typeof educatorSchema>;

export const updateEducatorSchema = educatorSchema.extend({ educatorId: idSchema });
export type UpdateEducatorInput = z.input<typeof updateEducatorSchema>;

export { educatorStatuses };
export type EducatorStatus = (typeof educatorStatuses)[number];

export const educatorStatusLabels: Record<EducatorStatus, string> = { active: "Active", inactive: "Inactive" };

export const setEducatorStatusSchema = z.object({
  educatorId: idSchema,
  status: z.enum(educatorStatuses, { error: "Choose a status" }),
  reason: optionalText("reason", 500),
});
export type SetEducatorStatusInput = z.input<typeof setEducatorStatusSchema>;

export const linkEducatorAccountSchema = z.object({
  educatorId: idSchema,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter the email address of the account")
    .max(254, "Email addresses are at most 254 characters")
    .pipe(z.email("Enter an email address like name@school.org")),
});
export type LinkEducatorAccountInput = z.input<typeof linkEducatorAccountSchema>;

export const educatorIdSchema = z.object({ educatorId: idSchema });
export type EducatorIdInput = z.input<typeof educatorIdSchema>;

export const educatorListSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).catch(25).default(25),
  search: z.string().trim().max(100).optional().catch(undefined).transform((value) => value || undefined),
  // A hand-edited URL with an unknown filter shows everyone rather than an error.
  departmentId: idSchema.optional().catch(undefined),
  status: z.enum(educatorStatuses).optional().catch(undefined),
});
export type EducatorListInput = z.input<typeof educatorListSchema>;

// ---- guardians ------------------------------------------------------------------------------

const guardianFields = z.object({
  title: optionalText("title", 20),
  firstName: personName("first name"),
  lastName: personName("last name"),
  email: optionalEmail,
  phone: optionalPhone,
  address: optionalText("address", 300),
  occupation: optionalText("occupation", 100),
});

const reachable = (value: { email: string | null; phone: string | null }) => value.email !== null || value.phone !== null;
const unreachable = { path: ["phone"], message: "Give a phone number or an email address so the school can reach this guardian" };

export const guardianSchema = guardianFields.refine(reachable, unreachable);
export type GuardianInput = z.input<typeof guardianSchema>;
export type GuardianValues = z.output<typeof guardianSchema>;

export const updateGuardianSchema = guardianFields.extend({ guardianId: idSchema }).refine(reachable, unreachable);
export type UpdateGuardianInput = z.input<typeof updateGuardianSchema>;

export { guardianRelationships };
export type GuardianRelationship = (typeof guardianRelationships)[number];

export const relationshipLabels: Record<GuardianRelationship, string> = {
  mother: "Mother",
  father: "Father",
  guardian: "Guardian",
  grandparent: "Grandparent",
  sibling: "Brother or sister",
  other: "Other",
};

const relationship = z.enum(guardianRelationships, { error: "Choose how they are related" });

export const linkGuardianStudentSchema = z.object({
  guardianId: idSchema,
  admissionNumber: z.string().trim().min(1, "Enter the child's admission number").max(40, "Admission numbers are at most 40 characters"),
  relationship,
  isPrimaryContact: z.boolean().default(false),
});
export type LinkGuardianStudentInput = z.input<typeof linkGuardianStudentSchema>;

export const guardianStudentSchema = z.object({ guardianId: idSchema, studentId: idSchema });
export type GuardianStudentInput = z.input<typeof guardianStudentSchema>;

export const setGuardianRelationshipSchema = guardianStudentSchema.extend({ relationship });
export type SetGuardianRelationshipInput = z.input<typeof setGuardianRelationshipSchema>;

export const guardianListSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).catch(25).default(25),
  search: z.string().trim().max(100).optional().catch(undefined).transform((value) => value || undefined),
});
export type GuardianListInput = z.input<typeof guardianListSchema>;
