// zod pieces shared by forms (client) and the data layer (server).
import { z } from "zod";
import { ValidationError } from "@/lib/errors";

export const idSchema = z.uuid({ error: "must be a valid id" });

/** Parses input for the data layer; every field's messages are kept, for the form to show. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new ValidationError("Some fields need attention.", fieldErrors);
}

// Field rules shared by every form that records people (accounts, students, educators, guardians).
// Kept here, free of heavy imports, so any form can use them without pulling in other features.

export const noMarkup = (value: string) => !/[<>]/.test(value);
export const noControlCharacters = (value: string) => !/\p{Cc}/u.test(value);

/** A person's name as they write it; angle brackets are refused so markup can never ride along. */
export const personName = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .max(100, `The ${what} is at most 100 characters`)
    .refine(noMarkup, `The ${what} can't contain < or >`)
    .refine(noControlCharacters, `The ${what} can't contain control characters`);

/** Free text that may be left empty; empty becomes null so the database holds no blank strings. */
export const optionalText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${what} is at most ${max} characters`)
    .refine(noMarkup, `The ${what} can't contain < or >`)
    .refine(noControlCharacters, `The ${what} can't contain control characters`)
    .nullish()
    .transform((value) => value || null);

const emailFormat = z.email();

export const optionalEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters")
  .refine((value) => value === "" || emailFormat.safeParse(value).success, "Enter an email address like name@example.com")
  .nullish()
  .transform((value) => value || null);

export const optionalPhone = z
  .string()
  .trim()
  .max(30, "Phone numbers are at most 30 characters")
  .refine(
    (value) => value === "" || (/^\+?[0-9][0-9 ()\-.]*$/.test(value) && (value.match(/[0-9]/g)?.length ?? 0) >= 7),
    "Enter a phone number of at least 7 digits, like 0803 123 4567 or +234 803 123 4567",
  )
  .nullish()
  .transform((value) => value || null);
