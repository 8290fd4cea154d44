import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { departments, educators, subjects } from "@/lib/db/schema";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type DepartmentInput, departmentSchema } from "@/lib/validation/school";

export type DepartmentRow = { id: string; code: string; name: string; head: string | null; subjects: number };

export async function listDepartments(db: Queryable, actor: Actor): Promise<DepartmentRow[]> {
  assertCan(actor, "school.overview");
  return db
    .select({
      id: departments.id,
      code: departments.code,
      name: departments.name,
      head: sql<string | null>`nullif(concat_ws(' ', ${educators.title}, ${educators.firstName}, ${educators.lastName}), '')`,
      subjects: sql<number>`(select count(*) from ${subjects} where ${subjects.departmentId} = ${departments.id})`.mapWith(Number),
    })
    .from(departments)
    .leftJoin(educators, eq(educators.id, departments.headEducatorId))
    .orderBy(asc(departments.name));
}

/**
 * Creates a department. Submitting the same code and name twice (a double click, a retry) returns
 * the existing department instead of an error; a clash with a different department is a field error.
 */
export async function createDepartment(db: Queryable, actor: Actor, input: DepartmentInput): Promise<{ id: string; code: string; name: string }> {
  assertCan(actor, "school.manage");
  const { code, name } = parseInput(departmentSchema, input);
  return db.transaction(async (tx) => {
    // Serialise department creation so two concurrent submissions cannot both pass the checks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('departments'))`);
    const clashes = await tx
      .select({ id: departments.id, code: departments.code, name: departments.name })
      .from(departments)
      .where(sql`lower(${departments.code}) = lower(${code}) or lower(${departments.name}) = lower(${name})`);
    const same = clashes.find((d) => d.code.toLowerCase() === code.toLowerCase() && d.name.toLowerCase() === name.toLowerCase());
    if (same) return same;
    if (clashes.length > 0) {
      const fieldErrors: Record<string, string[]> = {};
      if (clashes.some((d) => d.code.toLowerCase() === code.toLowerCase())) fieldErrors.code = [`The code ${code} is already used by another department`];
      if (clashes.some((d) => d.name.toLowerCase() === name.toLowerCase())) fieldErrors.name = [`A department called "${name}" already exists`];
      throw new ConflictError("That department clashes with an existing one.", fieldErrors);
    }
    const [created] = await tx.insert(departments).values({ code, name }).returning({ id: departments.id, code: departments.code, name: departments.name });
    await writeAudit(tx, actor, { action: "department.create", entityType: "department", entityId: created!.id, after: created });
    return created!;
  });
}
