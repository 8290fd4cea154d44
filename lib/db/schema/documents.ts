// Document types and uploaded student documents with their verification state.
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./_columns";
import { users } from "./identity";
import { students } from "./people";

export const documentTypes = pgTable(
  "document_types",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    allowedMimeTypes: text("allowed_mime_types")
      .array()
      .notNull()
      .default(sql`array['application/pdf', 'image/jpeg', 'image/png', 'image/webp']::text[]`),
    maxBytes: integer("max_bytes").notNull().default(10 * 1024 * 1024),
    requiredAtAdmission: boolean("required_at_admission").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("document_types_name_key").on(sql`lower(${t.name})`),
    check("document_types_max_bytes_check", sql`${t.maxBytes} > 0`),
  ],
);

export const documentStatuses = ["pending", "verified", "rejected"] as const;

export const documents = pgTable(
  "documents",
  {
    id: id(),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "restrict" }),
    documentTypeId: uuid("document_type_id")
      .notNull()
      .references(() => documentTypes.id, { onDelete: "restrict" }),
    /** Key in the storage backend; never a path from the client. */
    storageKey: text("storage_key").notNull(),
    originalName: text("original_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    status: text("status", { enum: documentStatuses }).notNull().default("pending"),
    rejectionReason: text("rejection_reason"),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    /** Optimistic concurrency for two reviewers acting at once. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("documents_storage_key").on(t.storageKey),
    uniqueIndex("documents_student_checksum_key").on(t.studentId, t.sha256),
    index("documents_status_idx").on(t.status, t.createdAt),
    index("documents_student_idx").on(t.studentId),
    check("documents_status_check", sql`${t.status} in ('pending', 'verified', 'rejected')`),
    check("documents_rejection_has_reason", sql`${t.status} <> 'rejected' or ${t.rejectionReason} is not null`),
    check("documents_size_check", sql`${t.sizeBytes} > 0`),
    check("documents_sha256_check", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
