// The student list's WHERE and ORDER BY, shared by the paged list and the CSV export so an export
// holds exactly the rows the list shows, in the same order.
import "server-only";
import { and, eq, ilike, ne, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { classes, classLevels, enrolments, students } from "@/lib/db/schema";
import type { StudentListQuery } from "@/lib/validation/students";
import { visibleStudents } from "./scope";

export type StudentFilters = Pick<StudentListQuery, "search" | "status" | "classId" | "levelId" | "gender">;

/** The rows a list or export holds: the actor's scope first, then the filters. Refers to the table as "students". */
export function studentListWhere(actor: Actor, filters: StudentFilters): SQL | undefined {
  const { search, status, classId, levelId, gender } = filters;
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return and(
    visibleStudents(actor),
    status === "all" ? undefined : status === "archived" ? ne(students.status, "active") : eq(students.status, status),
    gender ? eq(students.gender, gender) : undefined,
    classId || levelId
      ? // "offset 0" keeps the planner from running this per student in name order (a nested loop
        // over every student for page 1): the class's few hundred ids are found once and hashed.
        sql`"students"."id" in (
          select e.student_id from enrolments e join classes c on c.id = e.class_id
          where e.status = 'active' and e.academic_year_id = (select y.id from academic_years y where y.is_current)
            ${classId ? sql`and c.id = ${classId}` : sql``}
            ${levelId ? sql`and c.class_level_id = ${levelId}` : sql``}
          offset 0)`
      : undefined,
    pattern
      ? or(
          ilike(students.lastName, pattern),
          ilike(students.firstName, pattern),
          ilike(students.admissionNumber, pattern),
          ilike(sql`${students.firstName} || ' ' || ${students.lastName}`, pattern),
        )
      : undefined,
  );
}

/**
 * This year's classes numbered in school order (level, then arm). Sorting by class joins each
 * student's current enrolment to this one small table and sorts on one number, rather than joining
 * classes and levels for every student and sorting on two columns.
 */
export const currentClassRank = new QueryBuilder()
  .select({
    classId: sql<string>`${classes.id}`.as("ranked_class_id"),
    rank: sql<number>`row_number() over (order by ${classLevels.sequence}, ${classes.arm})`.as("class_order"),
  })
  .from(classes)
  .innerJoin(classLevels, eq(classLevels.id, classes.classLevelId))
  .where(sql`${classes.academicYearId} = (select y.id from academic_years y where y.is_current)`)
  .as("class_rank");

// Drizzle names a subquery's computed columns without the subquery's alias; these spell it out.
export const classRankOn = sql`"class_rank"."ranked_class_id" = ${enrolments.classId}`;
const classOrder = sql`"class_rank"."class_order"`;

/** Joins a student to their active enrolment of the current year (at most one, by a unique index). */
export const currentEnrolmentJoin = and(
  eq(enrolments.studentId, students.id),
  eq(enrolments.status, "active"),
  sql`${enrolments.academicYearId} = (select y.id from academic_years y where y.is_current)`,
);

export type SortKey = { expression: SQL; descending: boolean; /** Only the class keys can be null. */ nullable?: boolean };

/**
 * The sort as a list of keys, ending in the id so the order is total: equal names never swap
 * between two page loads, so no student appears on two pages or on none. Sorting by class needs
 * the current class joined in (`needsClass`); students without a class this year come last.
 */
export function studentListOrder(sort: StudentListQuery["sort"], direction: StudentListQuery["direction"]): { keys: SortKey[]; needsClass: boolean } {
  const descending = direction === "desc";
  const byName = (desc: boolean): SortKey[] => [
    { expression: sql`${students.lastName}`, descending: desc },
    { expression: sql`${students.firstName}`, descending: desc },
  ];
  switch (sort) {
    case "admissionNumber":
      return { keys: [{ expression: sql`lower(${students.admissionNumber})`, descending }, { expression: sql`${students.id}`, descending }], needsClass: false };
    case "status":
      return { keys: [{ expression: sql`${students.status}`, descending }, ...byName(false), { expression: sql`${students.id}`, descending: false }], needsClass: false };
    case "class":
      return {
        keys: [
          { expression: classOrder, descending, nullable: true },
          ...byName(false),
          { expression: sql`${students.id}`, descending: false },
        ],
        needsClass: true,
      };
    default:
      return { keys: [...byName(descending), { expression: sql`${students.id}`, descending }], needsClass: false };
  }
}

/**
 * ORDER BY terms for keys. Students without a class this year come last in either direction; the
 * other keys are never null and keep PostgreSQL's default null placement, so the name index serves.
 */
export function orderTerms(keys: SortKey[]): SQL[] {
  return keys.map((k) => sql`${k.expression} ${sql.raw(k.descending ? "desc" : "asc")}${sql.raw(k.nullable ? " nulls last" : "")}`);
}
