import "server-only";
import { and, asc, eq, ilike, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { departments, educators } from "@/lib/db/schema";
import { parseInput } from "@/lib/validation/common";
import { type EducatorListInput, educatorListSchema, type EducatorStatus } from "@/lib/validation/people";

export type EducatorListRow = {
  id: string;
  staffNumber: string;
  name: string;
  department: string | null;
  email: string | null;
  status: EducatorStatus;
  hasAccount: boolean;
};

export type EducatorList = { rows: EducatorListRow[]; total: number; page: number; pageSize: number };

/** A page of educators, searched by name, staff number or email, filtered by department and status, sorted by name. */
export async function listEducators(db: Queryable, actor: Actor, input: EducatorListInput = {}): Promise<EducatorList> {
  assertCan(actor, "school.overview");
  const { page, pageSize, search, departmentId, status } = parseInput(educatorListSchema, input);
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    departmentId ? eq(educators.departmentId, departmentId) : undefined,
    status ? eq(educators.status, status) : undefined,
    pattern
      ? or(
          ilike(educators.lastName, pattern),
          ilike(educators.firstName, pattern),
          ilike(educators.staffNumber, pattern),
          ilike(educators.email, pattern),
          ilike(sql`${educators.firstName} || ' ' || ${educators.lastName}`, pattern),
        )
      : undefined,
  );
  const rows = await db
    .select({
      id: educators.id,
      staffNumber: educators.staffNumber,
      name: sql<string>`concat_ws(' ', ${educators.title}, ${educators.firstName}, ${educators.lastName})`,
      department: departments.name,
      email: educators.email,
      status: educators.status,
      hasAccount: sql<boolean>`${isNotNull(educators.userId)}`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(educators)
    .leftJoin(departments, eq(departments.id, educators.departmentId))
    .where(where)
    .orderBy(asc(educators.lastName), asc(educators.firstName), asc(educators.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  // Past the last page the window count is absent; count separately so the pager can recover.
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, where) : 0);
  return { rows: rows.map(({ total: _, ...row }) => row), total, page, pageSize };
}

async function countMatching(db: Queryable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(educators).where(where);
  return row?.n ?? 0;
}
