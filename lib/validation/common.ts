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
