// End-of-year promotion runs, one per class level and year, and the decision for each student.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./_columns";
import { users } from "./identity";
import { enrolments, students } from "./people";
import { academicYears, classLevels, classes } from "./school";

/** The rules a level's promotions start from, kept between years; each run keeps its own copy. */
export const promotionRules = pgTable("promotion_rules", {
  classLevelId: uuid("class_level_id")
    .primaryKey()
    .references(() => classLevels.id, { onDelete: "cascade" }),
  /** lib/domain/promotion PromotionRules, validated by promotionRulesSchema before it is stored. */
  rules: jsonb("rules").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const promotionRunStatuses = ["draft", "executed", "undone"] as const;

export const promotionRuns = pgTable(
  "promotion_runs",
  {
    id: id(),
    fromAcademicYearId: uuid("from_academic_year_id")
      .notNull()
      .references(() => academicYears.id, { onDelete: "restrict" }),
    toAcademicYearId: uuid("to_academic_year_id")
      .notNull()
      .references(() => academicYears.id, { onDelete: "restrict" }),
    classLevelId: uuid("class_level_id")
      .notNull()
      .references(() => classLevels.id, { onDelete: "restrict" }),
    status: text("status", { enum: promotionRunStatuses }).notNull().default("draft"),
    /** The rules as they were when the run was made (thresholds, required subjects, ...). */
    rules: jsonb("rules").notNull(),
    /** Where each of this year's classes goes when not to the same arm: { [fromClassId]: { promote?, repeat? } }. */
    classMap: jsonb("class_map").$type<Record<string, { promote?: string; repeat?: string }>>().notNull().default({}),
    /** Counts per outcome when executed, for the history list without reading every decision. */
    summary: jsonb("summary"),
    undoReason: text("undo_reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    executedBy: uuid("executed_by").references(() => users.id, { onDelete: "set null" }),
    executedAt: timestamp("executed_at", { withTimezone: true }),
    undoneBy: uuid("undone_by").references(() => users.id, { onDelete: "set null" }),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
  },
  (t) => [
    check("promotion_runs_status_check", sql`${t.status} in ('draft', 'executed', 'undone')`),
    check("promotion_runs_years_differ", sql`${t.fromAcademicYearId} <> ${t.toAcademicYearId}`),
    // Only one live (draft or executed) run per level and year.
    uniqueIndex("promotion_runs_one_live")
      .on(t.fromAcademicYearId, t.classLevelId)
      .where(sql`${t.status} in ('draft', 'executed')`),
  ],
);

export const promotionOutcomes = ["promote", "repeat", "graduate", "review", "transfer", "withdraw"] as const;

export const promotionDecisions = pgTable(
  "promotion_decisions",
  {
    id: id(),
    runId: uuid("run_id")
      .notNull()
      .references(() => promotionRuns.id, { onDelete: "cascade" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "restrict" }),
    fromEnrolmentId: uuid("from_enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "restrict" }),
    computedOutcome: text("computed_outcome", { enum: promotionOutcomes }).notNull(),
    /** Why the rules decided as they did, in words ("average 46.2 < 50"). */
    computedReason: text("computed_reason").notNull(),
    outcome: text("outcome", { enum: promotionOutcomes }).notNull(),
    targetClassId: uuid("target_class_id").references(() => classes.id, { onDelete: "restrict" }),
    overrideReason: text("override_reason"),
    overriddenBy: uuid("overridden_by").references(() => users.id, { onDelete: "set null" }),
    overriddenAt: timestamp("overridden_at", { withTimezone: true }),
    /** Destination school for a transfer out. */
    transferDestination: text("transfer_destination"),
    /** The enrolment the run created, so undo removes exactly that. */
    createdEnrolmentId: uuid("created_enrolment_id").references(() => enrolments.id, { onDelete: "set null" }),
    /** The student's status before the run, so undo restores it exactly. */
    priorState: jsonb("prior_state"),
  },
  (t) => [
    unique("promotion_decisions_run_student_key").on(t.runId, t.studentId),
    index("promotion_decisions_student_idx").on(t.studentId),
    // Deleting or changing an enrolment checks these foreign keys: without them, every undo scanned every decision ever made.
    index("promotion_decisions_from_enrolment_idx").on(t.fromEnrolmentId),
    index("promotion_decisions_created_enrolment_idx").on(t.createdEnrolmentId),
    check(
      "promotion_decisions_outcome_check",
      sql`${t.outcome} in ('promote', 'repeat', 'graduate', 'review', 'transfer', 'withdraw') and ${t.computedOutcome} in ('promote', 'repeat', 'graduate', 'review', 'transfer', 'withdraw')`,
    ),
    check(
      "promotion_decisions_override_has_reason",
      sql`${t.outcome} = ${t.computedOutcome} or ${t.overrideReason} is not null`,
    ),
    check(
      "promotion_decisions_transfer_has_destination",
      sql`${t.outcome} <> 'transfer' or ${t.transferDestination} is not null`,
    ),
  ],
);
