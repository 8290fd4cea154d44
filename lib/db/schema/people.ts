// Students, educators, guardians, the links between guardians and students, enrolments, and the
// CSV imports that write them in the background.
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./_columns";
import { users } from "./identity";
import { academicYears, classes, departments, subjects } from "./school";

export const studentStatuses = ["active", "graduated", "withdrawn", "transferred"] as const;
export type StudentStatus = (typeof studentStatuses)[number];
export const genders = ["female", "male", "other"] as const;

export const students = pgTable(
  "students",
  {
    id: id(),
    /** The student's own sign-in, if the school gives students accounts. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    admissionNumber: text("admission_number").notNull(),
    firstName: text("first_name").notNull(),
    middleName: text("middle_name"),
    lastName: text("last_name").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }),
    gender: text("gender", { enum: genders }),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    departmentId: uuid("department_id").references((): AnyPgColumn => departments.id, { onDelete: "set null" }),
    status: text("status", { enum: studentStatuses }).notNull().default("active"),
    statusChangedOn: date("status_changed_on", { mode: "string" }),
    statusReason: text("status_reason"),
    admittedOn: date("admitted_on", { mode: "string" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("students_admission_number_key").on(sql`lower(${t.admissionNumber})`),
    uniqueIndex("students_user_key").on(t.userId),
    check("students_status_check", sql`${t.status} in ('active', 'graduated', 'withdrawn', 'transferred')`),
    check("students_gender_check", sql`${t.gender} is null or ${t.gender} in ('female', 'male', 'other')`),
    // Anyone who has left carries the date they left.
    check("students_left_has_date", sql`${t.status} = 'active' or ${t.statusChangedOn} is not null`),
    index("students_name_idx").on(t.lastName, t.firstName),
    index("students_status_idx").on(t.status),
  ],
);

export const educatorStatuses = ["active", "inactive"] as const;

export const educators = pgTable(
  "educators",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    staffNumber: text("staff_number").notNull(),
    title: text("title"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    departmentId: uuid("department_id").references((): AnyPgColumn => departments.id, { onDelete: "set null" }),
    status: text("status", { enum: educatorStatuses }).notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("educators_staff_number_key").on(sql`lower(${t.staffNumber})`),
    uniqueIndex("educators_user_key").on(t.userId),
    check("educators_status_check", sql`${t.status} in ('active', 'inactive')`),
    index("educators_department_idx").on(t.departmentId),
  ],
);

export const guardians = pgTable(
  "guardians",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    occupation: text("occupation"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("guardians_user_key").on(t.userId), index("guardians_email_idx").on(sql`lower(${t.email})`)],
);

export const guardianRelationships = ["mother", "father", "guardian", "grandparent", "sibling", "other"] as const;

export const guardianStudents = pgTable(
  "guardian_students",
  {
    guardianId: uuid("guardian_id")
      .notNull()
      .references(() => guardians.id, { onDelete: "cascade" }),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    relationship: text("relationship", { enum: guardianRelationships }).notNull(),
    isPrimaryContact: boolean("is_primary_contact").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.guardianId, t.studentId] }),
    // The scope query for a parent starts from the student side too (who may see this child?).
    index("guardian_students_student_idx").on(t.studentId),
    uniqueIndex("guardian_students_one_primary").on(t.studentId).where(sql`${t.isPrimaryContact}`),
    check(
      "guardian_students_relationship_check",
      sql`${t.relationship} in ('mother', 'father', 'guardian', 'grandparent', 'sibling', 'other')`,
    ),
  ],
);

export const enrolmentStatuses = ["active", "moved", "completed", "withdrawn"] as const;

/**
 * A student in a class for an academic year. Moving class closes one enrolment ("moved") and opens
 * another, so history is kept; at most one active enrolment per student per year.
 */
export const enrolments = pgTable(
  "enrolments",
  {
    id: id(),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "restrict" }),
    classId: uuid("class_id").notNull(),
    academicYearId: uuid("academic_year_id")
      .notNull()
      .references(() => academicYears.id, { onDelete: "restrict" }),
    status: text("status", { enum: enrolmentStatuses }).notNull().default("active"),
    enrolledOn: date("enrolled_on", { mode: "string" }).notNull(),
    leftOn: date("left_on", { mode: "string" }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "enrolments_class_year_fk",
      columns: [t.classId, t.academicYearId],
      foreignColumns: [classes.id, classes.academicYearId],
    }).onDelete("restrict"),
    uniqueIndex("enrolments_one_active_per_year").on(t.studentId, t.academicYearId).where(sql`${t.status} = 'active'`),
    index("enrolments_class_idx").on(t.classId, t.status),
    index("enrolments_student_idx").on(t.studentId),
    check("enrolments_status_check", sql`${t.status} in ('active', 'moved', 'completed', 'withdrawn')`),
    check("enrolments_dates_check", sql`${t.leftOn} is null or ${t.leftOn} >= ${t.enrolledOn}`),
  ],
);

/** Elective subjects a student takes in a year (core subjects are taken by everyone in the class). */
export const studentElectives = pgTable(
  "student_electives",
  {
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    subjectId: uuid("subject_id")
      .notNull()
      .references(() => subjects.id, { onDelete: "restrict" }),
    academicYearId: uuid("academic_year_id")
      .notNull()
      .references(() => academicYears.id, { onDelete: "restrict" }),
    chosenAt: timestamp("chosen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.studentId, t.subjectId, t.academicYearId] })],
);

/**
 * A one-time code the school gives a family so a self-registered parent can link to their child.
 * Stored as a hash; single use; expires.
 */
export const studentLinkCodes = pgTable(
  "student_link_codes",
  {
    id: id(),
    studentId: uuid("student_id")
      .notNull()
      .references(() => students.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    relationship: text("relationship", { enum: guardianRelationships }).notNull().default("guardian"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    usedByUserId: uuid("used_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("student_link_codes_hash_key").on(t.codeHash), index("student_link_codes_student_idx").on(t.studentId)],
);

export const linkRequestStatuses = ["pending", "approved", "rejected"] as const;

/** A parent without a code asks the school to link them to a child; an administrator decides. */
export const guardianLinkRequests = pgTable(
  "guardian_link_requests",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    admissionNumber: text("admission_number").notNull(),
    childName: text("child_name").notNull(),
    relationship: text("relationship", { enum: guardianRelationships }).notNull(),
    studentId: uuid("student_id").references(() => students.id, { onDelete: "cascade" }),
    status: text("status", { enum: linkRequestStatuses }).notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionReason: text("decision_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("guardian_link_requests_status_idx").on(t.status, t.createdAt),
    check("guardian_link_requests_status_check", sql`${t.status} in ('pending', 'approved', 'rejected')`),
  ],
);

export const importRunKinds = ["students", "educators"] as const;
export const importRunModes = ["all_or_nothing", "valid_rows_only"] as const;
export const importRunStatuses = ["queued", "running", "done", "failed"] as const;

/**
 * A CSV import applied by a background job (ADR 15): the rows the administrator checked, already
 * validated, and how far the job has got. Progress and the summary live here, read like any row.
 */
export const importRuns = pgTable(
  "import_runs",
  {
    id: id(),
    kind: text("kind", { enum: importRunKinds }).notNull(),
    mode: text("mode", { enum: importRunModes }).notNull(),
    status: text("status", { enum: importRunStatuses }).notNull().default("queued"),
    /** Who, which file, mapping, mode and check: applying the same check again finds this run. */
    idempotencyKey: text("idempotency_key").notNull(),
    fileName: text("file_name"),
    /** The file's header and what each column holds, for naming a cell in a message. */
    header: jsonb("header").notNull(),
    columns: jsonb("columns").notNull(),
    /** The validated rows to apply, in file order ({ row, data }); cleared when the run ends. */
    rows: jsonb("rows"),
    total: integer("total").notNull(),
    processed: integer("processed").notNull().default(0),
    /** The counts so far, the check's warnings and the rows skipped with their reasons. */
    result: jsonb("result").notNull(),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    requestId: text("request_id"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("import_runs_idempotency_key").on(t.idempotencyKey),
    index("import_runs_created_idx").on(t.createdAt),
    check("import_runs_kind_check", sql`${t.kind} in ('students', 'educators')`),
    check("import_runs_mode_check", sql`${t.mode} in ('all_or_nothing', 'valid_rows_only')`),
    check("import_runs_status_check", sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    check("import_runs_progress_check", sql`${t.processed} between 0 and ${t.total}`),
    check("import_runs_rows_check", sql`${t.rows} is not null or ${t.status} in ('done', 'failed')`),
  ],
);
