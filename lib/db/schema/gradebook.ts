// Assessment schemes and components, grade scales and bands, scores and report comments.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./_columns";
import { users } from "./identity";
import { students } from "./people";
import { classLevels, subjectOfferings, subjects, terms } from "./school";

/**
 * How a subject is assessed. Null level/subject/term means "any": the most specific scheme wins,
 * so a school default has all three null.
 */
export const assessmentSchemes = pgTable(
  "assessment_schemes",
  {
    id: id(),
    name: text("name").notNull(),
    classLevelId: uuid("class_level_id").references(() => classLevels.id, { onDelete: "restrict" }),
    subjectId: uuid("subject_id").references(() => subjects.id, { onDelete: "restrict" }),
    termId: uuid("term_id").references(() => terms.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique("assessment_schemes_scope_key").on(t.classLevelId, t.subjectId, t.termId).nullsNotDistinct()],
);

export const assessmentComponents = pgTable(
  "assessment_components",
  {
    id: id(),
    schemeId: uuid("scheme_id")
      .notNull()
      .references(() => assessmentSchemes.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    sequence: smallint("sequence").notNull(),
    maxScore: numeric("max_score", { precision: 6, scale: 2 }).notNull(),
    /** Percentage of the subject total; a scheme's weights add up to 100 (checked when it is saved). */
    weight: numeric("weight", { precision: 5, scale: 2 }).notNull(),
  },
  (t) => [
    unique("assessment_components_scheme_code_key").on(t.schemeId, t.code),
    unique("assessment_components_scheme_sequence_key").on(t.schemeId, t.sequence),
    check("assessment_components_max_check", sql`${t.maxScore} > 0`),
    check("assessment_components_weight_check", sql`${t.weight} > 0 and ${t.weight} <= 100`),
  ],
);

export const gradeScales = pgTable(
  "grade_scales",
  {
    id: id(),
    name: text("name").notNull().unique(),
    /** Null: the school-wide scale. */
    classLevelId: uuid("class_level_id").references(() => classLevels.id, { onDelete: "restrict" }),
    /** Minimum subject total counted as a pass. */
    passMark: numeric("pass_mark", { precision: 5, scale: 2 }).notNull().default("40"),
    /** How totals, averages and GPAs are rounded, once, at the end (lib/domain/grading applyRounding). */
    roundingMode: text("rounding_mode", { enum: ["half_up", "half_even", "down"] }).notNull().default("half_up"),
    roundingPlaces: smallint("rounding_places").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("grade_scales_rounding_mode_check", sql`${t.roundingMode} in ('half_up', 'half_even', 'down')`),
    check("grade_scales_rounding_places_check", sql`${t.roundingPlaces} between 0 and 2`),
    uniqueIndex("grade_scales_level_key").on(t.classLevelId).where(sql`${t.classLevelId} is not null`),
    uniqueIndex("grade_scales_one_school_default").on(sql`(${t.classLevelId} is null)`).where(sql`${t.classLevelId} is null`),
    check("grade_scales_pass_mark_check", sql`${t.passMark} between 0 and 100`),
  ],
);

export const gradeBands = pgTable(
  "grade_bands",
  {
    id: id(),
    scaleId: uuid("scale_id")
      .notNull()
      .references(() => gradeScales.id, { onDelete: "cascade" }),
    letter: text("letter").notNull(),
    minScore: numeric("min_score", { precision: 5, scale: 2 }).notNull(),
    maxScore: numeric("max_score", { precision: 5, scale: 2 }).notNull(),
    points: numeric("points", { precision: 4, scale: 2 }).notNull(),
    remark: text("remark").notNull(),
  },
  (t) => [
    unique("grade_bands_scale_letter_key").on(t.scaleId, t.letter),
    check("grade_bands_range_check", sql`${t.minScore} >= 0 and ${t.maxScore} <= 100 and ${t.minScore} <= ${t.maxScore}`),
    check("grade_bands_points_check", sql`${t.points} >= 0`),
  ],
);

export const scoreMarks = ["score", "absent", "exempt"] as const;
export type ScoreMark = (typeof scoreMarks)[number];

/** One component score of one student in one subject offering. */
export const scores = pgTable(
  "scores",
  {
    id: id(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => subjectOfferings.id, { onDelete: "restrict" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "restrict" }),
    componentId: uuid("component_id")
      .notNull()
      .references(() => assessmentComponents.id, { onDelete: "restrict" }),
    mark: text("mark", { enum: scoreMarks }).notNull().default("score"),
    value: numeric("value", { precision: 6, scale: 2 }),
    /** Optimistic concurrency: a save names the version it read; a stale save is a conflict. */
    version: integer("version").notNull().default(1),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("scores_key").on(t.offeringId, t.studentId, t.componentId),
    index("scores_student_idx").on(t.studentId),
    check("scores_mark_check", sql`${t.mark} in ('score', 'absent', 'exempt')`),
    check("scores_value_matches_mark", sql`(${t.mark} = 'score') = (${t.value} is not null)`),
    check("scores_value_check", sql`${t.value} is null or ${t.value} >= 0`),
  ],
);

export const changeRequestStatuses = ["pending", "approved", "rejected"] as const;

/** A teacher's request to change a locked score, decided by a head of department or an admin. */
export const scoreChangeRequests = pgTable(
  "score_change_requests",
  {
    id: id(),
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => subjectOfferings.id, { onDelete: "restrict" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "restrict" }),
    componentId: uuid("component_id")
      .notNull()
      .references(() => assessmentComponents.id, { onDelete: "restrict" }),
    /** The requested value as the teacher typed it ("12.5", "ABS", "EX", "" to clear). */
    requested: text("requested").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: changeRequestStatuses }).notNull().default("pending"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionComment: text("decision_comment"),
  },
  (t) => [
    uniqueIndex("score_change_requests_one_pending").on(t.offeringId, t.studentId, t.componentId).where(sql`${t.status} = 'pending'`),
    index("score_change_requests_status_idx").on(t.status, t.requestedAt),
    check("score_change_requests_status_check", sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check("score_change_requests_reason_check", sql`length(${t.reason}) between 5 and 500`),
  ],
);

export const commentKinds = ["class_teacher", "principal"] as const;

export const reportComments = pgTable(
  "report_comments",
  {
    id: id(),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    termId: uuid("term_id")
      .notNull()
      .references(() => terms.id, { onDelete: "restrict" }),
    kind: text("kind", { enum: commentKinds }).notNull(),
    body: text("body").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("report_comments_key").on(t.studentId, t.termId, t.kind),
    check("report_comments_kind_check", sql`${t.kind} in ('class_teacher', 'principal')`),
    check("report_comments_body_check", sql`length(${t.body}) between 1 and 2000`),
  ],
);

/** Reusable comment snippets, optionally suggested for a band of averages. */
export const commentBank = pgTable(
  "comment_bank",
  {
    id: id(),
    kind: text("kind", { enum: commentKinds }).notNull(),
    body: text("body").notNull(),
    minAverage: numeric("min_average", { precision: 5, scale: 2 }),
    maxAverage: numeric("max_average", { precision: 5, scale: 2 }),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check("comment_bank_kind_check", sql`${t.kind} in ('class_teacher', 'principal')`)],
);
