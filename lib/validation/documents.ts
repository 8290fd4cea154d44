// Students' documents: the schemas of the document-type form, the verification decision, the review
// queue's filters and the deletions, parsed again by lib/server/documents.
import { z } from "zod";
import { idSchema, noControlCharacters, noMarkup } from "./common";

/** The formats a document type may accept: what upload-document can recognise from a file's first bytes. */
export const documentFormats = ["application/pdf", "image/jpeg", "image/png", "image/webp"] as const;
export type DocumentFormat = (typeof documentFormats)[number];

export const documentFormatLabels: Record<DocumentFormat, string> = {
  "application/pdf": "PDF",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
};

/**
 * Bounds of a type's size limit. The reverse proxy refuses request bodies over 21 MB (docs/deployment.md),
 * so a larger limit would promise uploads that never reach the app.
 */
export const DOCUMENT_MIN_BYTES = 1024;
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** The size limit as the form shows it: MB, up to 2 decimal places ("0.5", "10"). */
const maxSizeMb = z
  .union([z.string(), z.number()], { error: "Enter the largest file size in MB" })
  .transform((value, ctx) => {
    const text = String(value).trim();
    if (!/^\d+(\.\d{1,2})?$/.test(text) && !/^\.\d{1,2}$/.test(text)) {
      ctx.addIssue({ code: "custom", message: "Enter a size in MB, like 2 or 0.5" });
      return z.NEVER;
    }
    const bytes = Math.round(Number(text) * 1024 * 1024);
    if (bytes < DOCUMENT_MIN_BYTES || bytes > DOCUMENT_MAX_BYTES) {
      ctx.addIssue({ code: "custom", message: "The largest size is between 0.01 MB and 20 MB" });
      return z.NEVER;
    }
    return bytes;
  });

const typeName = z
  .string({ error: "Enter the name of the document" })
  .trim()
  .min(2, "Enter the name of the document")
  .max(100, "The name is at most 100 characters")
  .refine(noMarkup, "The name can't contain < or >")
  .refine(noControlCharacters, "The name can't contain control characters");

export const documentTypeInput = z.object({
  /** Absent or "" for a new type. */
  id: z
    .union([z.literal(""), idSchema], { error: "Choose a document type from the list" })
    .nullish()
    .transform((value) => value || null),
  name: typeName,
  description: z
    .string()
    .trim()
    .max(500, "The description is at most 500 characters")
    .refine(noMarkup, "The description can't contain < or >")
    .refine(noControlCharacters, "The description can't contain control characters")
    .nullish()
    .transform((value) => value || null),
  allowedMimeTypes: z
    .array(z.enum(documentFormats, { error: "Choose PDF, JPEG, PNG or WebP" }), { error: "Choose at least one format" })
    .min(1, "Choose at least one format")
    .transform((formats) => documentFormats.filter((format) => formats.includes(format))),
  maxSizeMb,
  requiredAtAdmission: z.boolean().default(false),
});
export type DocumentTypeInput = z.input<typeof documentTypeInput>;
export type DocumentTypeValues = z.output<typeof documentTypeInput>;

export const documentTypeRef = z.object({ id: idSchema });
export type DocumentTypeRef = z.input<typeof documentTypeRef>;

export const REJECTION_REASON_MIN = 3;
export const REJECTION_REASON_MAX = 500;

/** A reviewer's decision on one document, with the version they looked at. */
export const reviewDocumentInput = z
  .object({
    documentId: idSchema,
    version: z.number({ error: "Reload the page and decide again" }).int().min(1),
    decision: z.enum(["verify", "reject"], { error: "Choose verify or reject" }),
    reason: z
      .string()
      .trim()
      .max(REJECTION_REASON_MAX, `The reason is at most ${REJECTION_REASON_MAX} characters`)
      .refine(noMarkup, "The reason can't contain < or >")
      .refine(noControlCharacters, "The reason can't contain control characters")
      .nullish()
      .transform((value) => value || null),
  })
  .refine((value) => value.decision !== "reject" || (value.reason?.length ?? 0) >= REJECTION_REASON_MIN, {
    path: ["reason"],
    message: `Say why the document is rejected (at least ${REJECTION_REASON_MIN} characters): the family reads it`,
  });
export type ReviewDocumentInput = z.input<typeof reviewDocumentInput>;

export const documentStatusFilter = ["pending", "verified", "rejected", "all"] as const;
export const QUEUE_PAGE_SIZE = 25;

/** The review queue's filters, as they come from the URL; a missing status means "pending". */
export const documentQueueInput = z.object({
  documentTypeId: idSchema.nullish().transform((value) => value ?? null),
  status: z.enum(documentStatusFilter, { error: "Choose a status" }).default("pending"),
  classId: idSchema.nullish().transform((value) => value ?? null),
  /** Only documents uploaded more than this many days ago. */
  olderThanDays: z.coerce.number({ error: "Enter a number of days" }).int().min(0).max(3650).nullish().transform((value) => value ?? null),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type DocumentQueueInput = z.input<typeof documentQueueInput>;

export const deleteDocumentInput = z.object({
  documentId: idSchema,
  reason: z
    .string()
    .trim()
    .max(REJECTION_REASON_MAX, `The reason is at most ${REJECTION_REASON_MAX} characters`)
    .refine(noMarkup, "The reason can't contain < or >")
    .nullish()
    .transform((value) => value || null),
});
export type DeleteDocumentInput = z.input<typeof deleteDocumentInput>;

/** The students an administrator saw listed as past retention and confirmed. */
export const deleteExpiredDocumentsInput = z.object({
  studentIds: z.array(idSchema).min(1, "Choose at least one student").max(5000),
});
export type DeleteExpiredDocumentsInput = z.input<typeof deleteExpiredDocumentsInput>;
