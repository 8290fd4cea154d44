import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { departments, educators, subjects } from "@/lib/db/schema";
import { usedBy } from "@/lib/domain/structure";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import {
  type DepartmentInput,
  departmentSchema,
  type IdOnlyInput,
  idOnlySchema,
  type UpdateDepartmentInput,
  updateDepartmentSchema,
} from "@/lib/validation/school";
import { deleteOrExplain, requireActiveEducator, requireRow } from "./structure-shared";

export type DepartmentRow = {
  id: string;
  code: string;
  name: string;
  head: string | null;
  headEducatorId: string | null;
  subjects: number;
  educators: number;
};

export async function listDepartments(db: Queryable, actor: Actor): Promise<DepartmentRow[]> {
  assertCan(actor, "school.overview");
  return db
    .select({
      id: departments.id,
      code: departments.code,
      name: departments.name,
      head: sql<string | null>`nullif(concat_ws(' ', ${educators.title}, ${educators.firstName}, ${educators.lastName}), '')`,
      headEducatorId: departments.headEducatorId,
      subjects: sql<number>`(select count(*) from ${subjects} where ${subjects.departmentId} = ${departments.id})`.mapWith(Number),
      // Qualified by hand: the outer educators join would otherwise capture an unqualified column.
      educators: sql<number>`(select count(*) from educators staff where staff.department_id = "departments"."id")`.mapWith(Number),
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

type DepartmentSnapshot = { id: string; code: string; name: string; headEducatorId: string | null };

/**
 * Renames a department, changes its code, or sets or clears its head (an active teacher). Saving
 * the same values again changes nothing and writes no audit record.
 */
export async function updateDepartment(db: Queryable, actor: Actor, input: UpdateDepartmentInput): Promise<DepartmentSnapshot> {
  assertCan(actor, "school.manage");
  const { id, code, name, headEducatorId } = parseInput(updateDepartmentSchema, input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('departments'))`);
    const before = await requireRow<DepartmentSnapshot>(
      tx,
      sql`select id, code, name, head_educator_id as "headEducatorId" from departments where id = ${id} for update`,
      "department",
    );
    if (before.code === code && before.name === name && before.headEducatorId === headEducatorId) return before;
    const clashes = await tx
      .select({ code: departments.code, name: departments.name })
      .from(departments)
      .where(sql`${departments.id} <> ${id} and (lower(${departments.code}) = lower(${code}) or lower(${departments.name}) = lower(${name}))`);
    const fieldErrors: Record<string, string[]> = {};
    const byCode = clashes.find((d) => d.code.toLowerCase() === code.toLowerCase());
    if (byCode) fieldErrors.code = [`The code ${code} is already used by ${byCode.name}`];
    if (clashes.some((d) => d.name.toLowerCase() === name.toLowerCase())) fieldErrors.name = [`A department called "${name}" already exists`];
    if (Object.keys(fieldErrors).length > 0) throw new ConflictError("That department clashes with an existing one.", fieldErrors);
    if (headEducatorId && headEducatorId !== before.headEducatorId) await requireActiveEducator(tx, headEducatorId, "headEducatorId");
    const [after] = await tx
      .update(departments)
      .set({ code, name, headEducatorId })
      .where(eq(departments.id, id))
      .returning({ id: departments.id, code: departments.code, name: departments.name, headEducatorId: departments.headEducatorId });
    await writeAudit(tx, actor, { action: "department.update", entityType: "department", entityId: id, before, after });
    return after!;
  });
}

/** Deletes a department no subject or teacher belongs to; otherwise says what does. */
export async function deleteDepartment(db: Queryable, actor: Actor, input: IdOnlyInput): Promise<{ id: string; name: string }> {
  assertCan(actor, "school.manage");
  const { id } = parseInput(idOnlySchema, input);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('departments'))`);
    const before = await requireRow<DepartmentSnapshot>(
      tx,
      sql`select id, code, name, head_educator_id as "headEducatorId" from departments where id = ${id} for update`,
      "department",
    );
    const [uses] = await selectRows<{ subjects: number; educators: number }>(
      tx,
      sql`select (select count(*)::int from subjects where department_id = ${id}) as subjects,
                 (select count(*)::int from educators where department_id = ${id}) as educators`,
    );
    const used = usedBy(
      [
        [uses!.subjects, "subject"],
        [uses!.educators, "teacher"],
      ],
      "this department",
    );
    if (used) throw new ConflictError(`${before.name} can't be deleted: ${used}.`, { _form: [used] });
    // Students' department links are cleared by the database (on delete set null): that is a label, not a dependency.
    await deleteOrExplain(() => tx.delete(departments).where(eq(departments.id, id)), before.name);
    await writeAudit(tx, actor, { action: "department.delete", entityType: "department", entityId: id, before });
    return { id, name: before.name };
  });
}
