// Computed term results (subject and overall, with positions) and published report-card snapshots.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id } from "./_columns";
import { users } from "./identity";
import { students } from "./people";
import { classLevels, classes, subjectOfferings, terms } from "./school";

/** A student's result in one subject offering for a term, with positions in class and level. */
export const subjectResults = pgTable(
  "subject_results",
  {
    id: id(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => subjectOfferings.id, { onDelete: "cascade" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    /** Null when every component was exempt: the subject doesn't count for this student. */
    total: numeric("total", { precision: 6, scale: 2 }),
    letter: text("letter"),
    points: numeric("points", { precision: 4, scale: 2 }),
    remark: text("remark"),
    classPosition: integer("class_position"),
    classSize: integer("class_size"),
    levelPosition: integer("level_position"),
    levelSize: integer("level_size"),
    computedAt: createdAt(),
  },
  (t) => [
    unique("subject_results_key").on(t.offeringId, t.studentId),
    index("subject_results_student_idx").on(t.studentId),
  ],
);

/** A student's overall result for a term (or, with kind "cumulative", the year to date). */
export const termResults = pgTable(
  "term_results",
  {
    id: id(),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    termId: uuid("term_id")
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["term", "cumulative"] }).notNull().default("term"),
    total: numeric("total", { precision: 8, scale: 2 }).notNull(),
    average: numeric("average", { precision: 6, scale: 2 }).notNull(),
    subjectCount: smallint("subject_count").notNull(),
    gpa: numeric("gpa", { precision: 4, scale: 2 }),
    classPosition: integer("class_position"),
    classSize: integer("class_size"),
    levelPosition: integer("level_position"),
    levelSize: integer("level_size"),
    computedAt: createdAt(),
  },
  (t) => [
    unique("term_results_key").on(t.studentId, t.termId, t.kind),
    index("term_results_class_term_idx").on(t.classId, t.termId),
    check("term_results_kind_check", sql`${t.kind} in ('term', 'cumulative')`),
  ],
);

/**
 * What a parent sees: an immutable, versioned snapshot of a published report card. Re-publishing
 * adds a version with a reason and marks the earlier one superseded.
 */
export const reportCards = pgTable(
  "report_cards",
  {
    id: id(),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "restrict" }),
    termId: uuid("term_id")
      .notNull()
      .references(() => terms.id, { onDelete: "restrict" }),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "restrict" }),
    version: integer("version").notNull().default(1),
    content: jsonb("content").notNull(),
    /** SHA-256 of the canonical content; printed on the card for verification. */
    contentHash: text("content_hash").notNull(),
    /** Random public code in the card's QR link; reveals nothing by itself. */
    verificationCode: text("verification_code").notNull(),
    reason: text("reason"),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [
    unique("report_cards_version_key").on(t.studentId, t.termId, t.version),
    uniqueIndex("report_cards_verification_key").on(t.verificationCode),
    uniqueIndex("report_cards_one_current").on(t.studentId, t.termId).where(sql`${t.supersededAt} is null`),
    check("report_cards_version_check", sql`${t.version} >= 1`),
    check("report_cards_republish_reason", sql`${t.version} = 1 or ${t.reason} is not null`),
  ],
);

/**
 * One row: how the school's report cards look (which columns, colour, signature lines). Applied when
 * a card is shown, not stored in the snapshot: changing it never changes what a card says.
 */
export const reportCardSettings = pgTable(
  "report_card_settings",
  {
    id: smallint("id").primaryKey().default(1),
    showComponents: boolean("show_components").notNull().default(true),
    showPositions: boolean("show_positions").notNull().default(true),
    showClassStatistics: boolean("show_class_statistics").notNull().default(true),
    accentColour: text("accent_colour").notNull().default("#1e3a8a"),
    /** The school's logo in the file store (PNG or JPEG, checked by its bytes), printed in the card's header. */
    logoKey: text("logo_key"),
    logoMimeType: text("logo_mime_type"),
    signatures: jsonb("signatures").$type<Array<{ label: string }>>().notNull().default([{ label: "Class teacher" }, { label: "Principal" }]),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("report_card_settings_singleton", sql`${t.id} = 1`),
    check("report_card_settings_colour_check", sql`${t.accentColour} ~ '^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$'`),
    check("report_card_settings_logo_check", sql`(${t.logoKey} is null) = (${t.logoMimeType} is null) and (${t.logoMimeType} is null or ${t.logoMimeType} in ('image/png', 'image/jpeg'))`),
  ],
);

export const reportCardBatchStatuses = ["queued", "running", "done", "failed"] as const;

/**
 * A class's or a level's published report cards as one PDF, made by a background job. The row is the
 * progress the page shows (it survives a reload) and points at the finished file in the file store.
 */
export const reportCardBatches = pgTable(
  "report_card_batches",
  {
    id: id(),
    termId: uuid("term_id")
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    classId: uuid("class_id").references(() => classes.id, { onDelete: "cascade" }),
    classLevelId: uuid("class_level_id").references(() => classLevels.id, { onDelete: "cascade" }),
    /** What the batch covers, in words, for the list ("JSS 1 A, First term 2026/2027"). */
    label: text("label").notNull(),
    status: text("status", { enum: reportCardBatchStatuses }).notNull().default("queued"),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    storageKey: text("storage_key"),
    sizeBytes: integer("size_bytes"),
    error: text("error"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    check("report_card_batches_scope_check", sql`(${t.classId} is null) <> (${t.classLevelId} is null)`),
    check("report_card_batches_status_check", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check("report_card_batches_progress_check", sql`${t.done} between 0 and ${t.total}`),
    index("report_card_batches_created_idx").on(t.createdAt),
  ],
);

