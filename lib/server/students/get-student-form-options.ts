import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { academicYears, classes, classLevels, departments, subjects } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";

export type ClassOption = { id: string; name: string; levelId: string; capacity: number; enrolled: number };
export type StudentFormOptions = {
  yearName: string | null;
  classes: ClassOption[];
  levels: Array<{ id: string; name: string }>;
  departments: Array<{ id: string; name: string }>;
  electives: Array<{ id: string; code: string; name: string }>;
};

/**
 * The choices the student forms and the list's filters offer: this year's classes (with how full
 * they are), levels, departments and elective subjects. None of it is private, but it is only
 * for people who work with student records.
 */
export async function getStudentFormOptions(db: Queryable, actor: Actor): Promise<StudentFormOptions> {
  if (!can(actor, "students.read_all") && !can(actor, "students.manage") && !actor.educatorId) {
    throw new ForbiddenError("Only staff can see the school's classes here.");
  }
  const [year] = await db.select({ id: academicYears.id, name: academicYears.name }).from(academicYears).where(eq(academicYears.isCurrent, true));
  const [classRows, levelRows, departmentRows, electiveRows] = await Promise.all([
    year
      ? db
          .select({
            id: classes.id,
            name: classes.name,
            levelId: classes.classLevelId,
            capacity: classes.capacity,
            enrolled: sql<number>`(select count(*) from enrolments e where e.class_id = "classes"."id" and e.status = 'active')`.mapWith(Number),
          })
          .from(classes)
          .innerJoin(classLevels, eq(classLevels.id, classes.classLevelId))
          .where(eq(classes.academicYearId, year.id))
          .orderBy(asc(classLevels.sequence), asc(classes.arm))
      : Promise.resolve([]),
    db.select({ id: classLevels.id, name: classLevels.name }).from(classLevels).orderBy(asc(classLevels.sequence)),
    db.select({ id: departments.id, name: departments.name }).from(departments).orderBy(asc(departments.name)),
    db.select({ id: subjects.id, code: subjects.code, name: subjects.name }).from(subjects).where(eq(subjects.kind, "elective")).orderBy(asc(subjects.name)),
  ]);
  return { yearName: year?.name ?? null, classes: classRows, levels: levelRows, departments: departmentRows, electives: electiveRows };
}
