import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Actor, can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { educatorName } from "@/lib/server/school/structure-shared";
import { type apiClass, apiClassesQuery } from "@/lib/validation/api";
import { parseInput } from "@/lib/validation/common";
import { type Page, selectPage, yearOrCurrent } from "./paging";

export type ApiClass = z.output<typeof apiClass>;

/**
 * Classes an actor may list, on the alias `c`: every class with school.overview (office, heads of
 * department, administrators); for a teacher, those they teach a subject in or form-teach.
 */
export function listableClasses(actor: Actor): SQL {
  if (can(actor, "school.overview")) return sql`true`;
  if (!actor.educatorId) return sql`false`;
  return sql`(c.class_teacher_id = ${actor.educatorId} or c.id in (
    select so.class_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
    where ot.educator_id = ${actor.educatorId}))`;
}

/** A year's classes (the current year unless asked) in level order, within the actor's reach. */
export async function listClassesForApi(db: Queryable, actor: Actor, input: z.input<typeof apiClassesQuery>): Promise<Page<ApiClass>> {
  const { page, pageSize, academicYearId } = parseInput(apiClassesQuery, input);
  return selectPage<ApiClass>(
    db,
    sql`select c.id, c.name, c.arm, c.academic_year_id as "academicYearId", y.name as "academicYearName",
               c.class_level_id as "classLevelId", l.name as "levelName",
               case when e.id is null then null else ${educatorName("e")} end as "classTeacher",
               l.sequence as "__level"
        from classes c
        join class_levels l on l.id = c.class_level_id
        join academic_years y on y.id = c.academic_year_id
        left join educators e on e.id = c.class_teacher_id
        where c.academic_year_id = ${yearOrCurrent(academicYearId)} and (${listableClasses(actor)})`,
    sql`q."__level", q.arm, q.id`,
    page,
    pageSize,
  );
}
