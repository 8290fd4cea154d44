// The account page's "new API token" form, shared by the form and lib/server/api-tokens.
import { z } from "zod";
import { apiScopes } from "@/lib/db/schema/identity";
import { idSchema, noControlCharacters, noMarkup } from "./common";

/** How long a new token may live: choices the form offers, a year at most (the database agrees). */
export const apiTokenLifetimes = [7, 30, 90, 180, 365] as const;

export const createApiTokenSchema = z.object({
  name: z
    .string({ error: "Name the token" })
    .trim()
    .min(1, "Name the token, e.g. after the program that will use it")
    .max(80, "The name is at most 80 characters")
    .refine(noMarkup, "The name can't contain < or >")
    .refine(noControlCharacters, "The name can't contain control characters"),
  scopes: z
    .array(z.enum(apiScopes, { error: "Choose scopes from the list" }), { error: "Choose at least one scope" })
    .min(1, "Choose at least one scope")
    .transform((scopes) => apiScopes.filter((scope) => scopes.includes(scope))),
  expiresInDays: z.coerce
    .number({ error: "Choose when the token expires" })
    .int("Choose when the token expires")
    .min(1, "A token lasts at least a day")
    .max(365, "A token lasts a year at most"),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

export const revokeApiTokenSchema = z.object({ tokenId: idSchema });
export type RevokeApiTokenInput = z.input<typeof revokeApiTokenSchema>;
