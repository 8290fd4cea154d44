// The school's structure: profile, departments, academic years and terms, class levels and classes,
// subjects and the subject offerings (subject x class x term) teachers are assigned to.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./_columns";
import { assessmentSchemes } from "./gradebook";
import { users } from "./identity";
import { educators } from "./people";

/** One row: the school this installation serves. */
export const schoolProfile = pgTable(
  "school_profile",
  {
    id: smallint("id").primaryKey().default(1),
    name: text("name").notNull(),
    motto: text("motto"),
    address: text("address"),
    phone: text("phone"),
    email: text("email"),
    updatedAt: updatedAt(),
  },
  (t) => [check("school_profile_singleton", sql`${t.id} = 1`)],
);

export const departments = pgTable(
  "departments",
  {
    id: id(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    headEducatorId: uuid("head_educator_id").references((): AnyPgColumn => educators.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("departments_code_key").on(sql`lower(${t.code})`),
    uniqueIndex("departments_name_key").on(sql`lower(${t.name})`),
  ],
);

export const academicYears = pgTable(
  "academic_years",
  {
    id: id(),
    name: text("name").notNull().unique(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    isCurrent: boolean("is_current").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    check("academic_years_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
    // Exactly one current year at most; overlap is excluded in a hand-written migration (gist on daterange).
    uniqueIndex("academic_years_one_current").on(t.isCurrent).where(sql`${t.isCurrent}`),
  ],
);

export const terms = pgTable(
  "terms",
  {
    id: id(),
    academicYearId: uuid("academic_year_id")
      .notNull()
      .references(() => academicYears.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    sequence: smallint("sequence").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    isCurrent: boolean("is_current").notNull().default(false),
    /** Set when score entry closes for the term; changes after that go through a change request. */
    scoresLockedAt: timestamp("scores_locked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("terms_year_sequence_key").on(t.academicYearId, t.sequence),
    unique("terms_year_name_key").on(t.academicYearId, t.name),
    check("terms_dates_check", sql`${t.endsOn} > ${t.startsOn}`),
    check("terms_sequence_check", sql`${t.sequence} between 1 and 6`),
    uniqueIndex("terms_one_current").on(t.isCurrent).where(sql`${t.isCurrent}`),
  ],
);

export const classLevels = pgTable(
  "class_levels",
  {
    id: id(),
    code: text("code").notNull().unique(),
    name: text("name").notNull().unique(),
    /** Order of the level in the school (1 = first year). */
    sequence: smallint("sequence").notNull().unique(),
    /** Where a promoted student goes; null on the final (graduating) level. */
    nextLevelId: uuid("next_level_id").references((): AnyPgColumn => classLevels.id, { onDelete: "set null" }),
    isFinal: boolean("is_final").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    check("class_levels_final_has_no_next", sql`not (${t.isFinal} and ${t.nextLevelId} is not null)`),
    check("class_levels_not_own_next", sql`${t.nextLevelId} is distinct from ${t.id}`),
  ],
);

/** A class (arm/stream) of a level in one academic year, e.g. "JSS 1 A" in 2026/2027. */
export const classes = pgTable(
  "classes",
  {
    id: id(),
    academicYearId: uuid("academic_year_id")
      .notNull()
      .references(() => academicYears.id, { onDelete: "restrict" }),
    classLevelId: uuid("class_level_id")
      .notNull()
      .references(() => classLevels.id, { onDelete: "restrict" }),
    arm: text("arm").notNull(),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull(),
    classTeacherId: uuid("class_teacher_id").references((): AnyPgColumn => educators.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    unique("classes_year_level_arm_key").on(t.academicYearId, t.classLevelId, t.arm),
    unique("classes_year_name_key").on(t.academicYearId, t.name),
    // Target of the composite foreign key that keeps an enrolment's year equal to its class's year.
    unique("classes_id_year_key").on(t.id, t.academicYearId),
    check("classes_capacity_check", sql`${t.capacity} between 1 and 500`),
    index("classes_level_idx").on(t.classLevelId),
    index("classes_teacher_idx").on(t.classTeacherId),
  ],
);

export const subjectKinds = ["core", "elective"] as const;

export const subjects = pgTable(
  "subjects",
  {
    id: id(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "restrict" }),
    kind: text("kind", { enum: subjectKinds }).notNull().default("core"),
    /** Weight of the subject in GPA; required so no subject silently drops out of a GPA. */
    creditUnits: numeric("credit_units", { precision: 4, scale: 1 }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("subjects_code_key").on(sql`lower(${t.code})`),
    uniqueIndex("subjects_name_key").on(sql`lower(${t.name})`),
    check("subjects_kind_check", sql`${t.kind} in ('core', 'elective')`),
    check("subjects_credit_units_check", sql`${t.creditUnits} > 0`),
  ],
);

export const scoresStatuses = ["open", "submitted", "returned", "approved"] as const;
export type ScoresStatus = (typeof scoresStatuses)[number];

/** A subject taught to one class in one term: the unit scores are entered against. */
export const subjectOfferings = pgTable(
  "subject_offerings",
  {
    id: id(),
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => subjects.id, { onDelete: "restrict" }),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id, { onDelete: "restrict" }),
    termId: uuid("term_id")
      .notNull()
      .references(() => terms.id, { onDelete: "restrict" }),
    /**
     * The scheme the offering's scores were entered against, pinned by the first save, so a scheme
     * added later for the same scope can't orphan scores already typed.
     */
    assessmentSchemeId: uuid("assessment_scheme_id").references((): AnyPgColumn => assessmentSchemes.id, { onDelete: "restrict" }),
    /** Where the offering's scores are in review: open → submitted → approved (locked) or returned. */
    scoresStatus: text("scores_status", { enum: scoresStatuses }).notNull().default("open"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    submittedBy: uuid("submitted_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /** Why the scores were returned or unlocked, for the teacher to read. */
    reviewComment: text("review_comment"),
    createdAt: createdAt(),
  },
  (t) => [
    check("subject_offerings_scores_status_check", sql`${t.scoresStatus} in ('open', 'submitted', 'returned', 'approved')`),
    unique("subject_offerings_key").on(t.subjectId, t.classId, t.termId),
    index("subject_offerings_class_term_idx").on(t.classId, t.termId),
    index("subject_offerings_term_idx").on(t.termId),
  ],
);

export const offeringTeachers = pgTable(
  "offering_teachers",
  {
    offeringId: uuid("offering_id")
      .notNull()
      .references(() => subjectOfferings.id, { onDelete: "cascade" }),
    educatorId: uuid("educator_id")
      .notNull()
      .references((): AnyPgColumn => educators.id, { onDelete: "restrict" }),
    assignedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.offeringId, t.educatorId] }), index("offering_teachers_educator_idx").on(t.educatorId)],
);
