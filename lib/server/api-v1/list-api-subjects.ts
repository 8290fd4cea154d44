import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Actor, can } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { type apiSubject, apiSubjectsQuery } from "@/lib/validation/api";
import { parseInput } from "@/lib/validation/common";
import { type Page, selectPage } from "./paging";

export type ApiSubject = z.output<typeof apiSubject>;

/** Subjects an actor may list, on the alias `s`: all with school.overview; a teacher's own subjects. */
function listableSubjects(actor: Actor): SQL {
  if (can(actor, "school.overview")) return sql`true`;
  if (!actor.educatorId) return sql`false`;
  return sql`s.id in (select so.subject_id from subject_offerings so join offering_teachers ot on ot.offering_id = so.id
                      where ot.educator_id = ${actor.educatorId})`;
}

/** Subjects by name, within the actor's reach. */
export async function listSubjectsForApi(db: Queryable, actor: Actor, input: z.input<typeof apiSubjectsQuery>): Promise<Page<ApiSubject>> {
  const { page, pageSize } = parseInput(apiSubjectsQuery, input);
  return selectPage<ApiSubject>(
    db,
    sql`select s.id, s.code, s.name, s.kind, s.credit_units::text as "creditUnits", d.name as department
        from subjects s left join departments d on d.id = s.department_id
        where ${listableSubjects(actor)}`,
    sql`q.name, q.id`,
    page,
    pageSize,
  );
}
