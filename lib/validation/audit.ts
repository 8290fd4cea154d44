// Filters of the audit trail page; they arrive as URL search params, so empty fields mean "any".
import { z } from "zod";

const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const day = z.preprocess(emptyAsUndefined, z.iso.date({ error: "Enter a date like 2026-09-14" }).optional());

export const auditLogQuerySchema = z
  .object({
    page: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
    pageSize: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(1).max(100, "Show at most 100 entries a page").default(50),
    ),
    /** A user id, or part of a name or email address. */
    user: z.preprocess(emptyAsUndefined, z.string().trim().max(320, "Keep the search under 320 characters").optional()),
    /** An exact action ("auth.signed_in"), or every action of a kind when it ends in a dot ("auth."). */
    action: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .trim()
        .max(100, "Keep the action under 100 characters")
        .regex(/^[a-z0-9_.-]+$/i, "Choose an action from the list")
        .optional(),
    ),
    entityType: z.preprocess(emptyAsUndefined, z.string().trim().max(100, "Keep the record type under 100 characters").optional()),
    /** First day included, in UTC. */
    from: day,
    /** Last day included, in UTC. */
    to: day,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    path: ["to"],
    error: "Must be on or after the From date",
  });

export type AuditLogQueryInput = z.input<typeof auditLogQuerySchema>;
export type AuditLogQuery = z.output<typeof auditLogQuerySchema>;
