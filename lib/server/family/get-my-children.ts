import "server-only";
import { asc, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { students } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { currentClassName } from "@/lib/server/students/scope";

export type Child = { id: string; name: string; admissionNumber: string; className: string | null; status: string };

/**
 * The children a parent or guardian is linked to, or a student's own record. The WHERE clause is
 * built only from the actor's own ids, so no input can widen it.
 */
export async function getMyChildren(db: Queryable, actor: Actor): Promise<Child[]> {
  if (!actor.guardianId && !actor.studentId) throw new ForbiddenError("Only parents, guardians and students have a family page.");
  return db
    .select({
      id: students.id,
      name: sql<string>`concat_ws(' ', ${students.firstName}, ${students.middleName}, ${students.lastName})`,
      admissionNumber: students.admissionNumber,
      className: currentClassName,
      status: students.status,
    })
    .from(students)
    .where(
      sql`"students"."id" in (
        select gs.student_id from guardian_students gs where gs.guardian_id = ${actor.guardianId}
        union all select ${actor.studentId}::uuid)`,
    )
    .orderBy(asc(students.firstName));
}
