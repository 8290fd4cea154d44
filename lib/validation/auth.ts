import { z } from "zod";
import { newPasswordSchema } from "@/lib/auth/password-policy";
import { guardianRelationships } from "@/lib/db/schema/people";
import { personName } from "./common";

export const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address").pipe(z.email("Enter an email address like name@school.org")),
  password: z.string().min(1, "Enter your password"),
});
export type SignInInput = z.input<typeof signInSchema>;

// Account lifecycle forms. The same schemas run in the browser (react-hook-form) and the data layer.

const email = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address")
  .max(254, "Email addresses are at most 254 characters")
  .pipe(z.email("Enter an email address like name@school.org"));

const token = z.string().trim().min(20, "This link is incomplete. Open the whole link from the email.").max(200);

const passwordsMatch = (value: { password: string; confirmPassword: string }) => value.password === value.confirmPassword;
const mismatch = { path: ["confirmPassword"], message: "The two passwords don't match" };

export const invitableRoles = ["admin", "head_of_department", "teacher", "staff", "parent"] as const;

export const inviteUserSchema = z.object({
  email,
  name: personName("name"),
  role: z.enum(invitableRoles, { error: "Choose a role" }),
});
export type InviteUserInput = z.input<typeof inviteUserSchema>;

export const setPasswordWithTokenSchema = z.object({ token, password: newPasswordSchema, confirmPassword: z.string() }).refine(passwordsMatch, mismatch);
export type SetPasswordWithTokenInput = z.input<typeof setPasswordWithTokenSchema>;

export const requestPasswordResetSchema = z.object({ email });
export type RequestPasswordResetInput = z.input<typeof requestPasswordResetSchema>;

export const registerParentSchema = z.object({
    firstName: personName("first name"),
    lastName: personName("last name"),
    email,
    password: newPasswordSchema,
    confirmPassword: z.string(),
  }).refine(passwordsMatch, mismatch);
export type RegisterParentInput = z.input<typeof registerParentSchema>;

export const verifyEmailSchema = z.object({ token });

export const changePasswordSchema = z.object({
    currentPassword: z.string().min(1, "Enter your current password").max(1024),
    password: newPasswordSchema,
    confirmPassword: z.string(),
  }).refine(passwordsMatch, mismatch);
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const linkChildWithCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from the school")
    .max(40, "That is longer than a link code")
    .refine((value) => value.replace(/[\s-]/g, "").length === 16, "A link code has 16 letters and numbers, like K7QP-M2XD-9HTA-3WRB"),
});
export type LinkChildWithCodeInput = z.input<typeof linkChildWithCodeSchema>;

export const requestChildLinkSchema = z.object({
  admissionNumber: z.string().trim().min(1, "Enter the admission number").max(40, "Admission numbers are at most 40 characters"),
  childName: personName("child's name"),
  relationship: z.enum(guardianRelationships, { error: "Choose how you are related" }),
});
export type RequestChildLinkInput = z.input<typeof requestChildLinkSchema>;
