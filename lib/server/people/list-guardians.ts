import "server-only";
import { asc, ilike, isNotNull, or, type SQL, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians } from "@/lib/db/schema";
import { parseInput } from "@/lib/validation/common";
import { type GuardianListInput, guardianListSchema } from "@/lib/validation/people";

export type GuardianListRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  children: number;
  hasAccount: boolean;
};

export type GuardianList = { rows: GuardianListRow[]; total: number; page: number; pageSize: number };

/** A page of guardians, searched by name, email or phone, sorted by name. */
export async function listGuardians(db: Queryable, actor: Actor, input: GuardianListInput = {}): Promise<GuardianList> {
  assertCan(actor, "guardians.manage");
  const { page, pageSize, search } = parseInput(guardianListSchema, input);
  const where = search ? matching(search) : undefined;
  const rows = await db
    .select({
      id: guardians.id,
      name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})`,
      email: guardians.email,
      phone: guardians.phone,
      // "guardians"."id" spelled out: Drizzle leaves columns unqualified in a one-table select.
      children: sql<number>`(select count(*) from guardian_students gs where gs.guardian_id = "guardians"."id")`.mapWith(Number),
      hasAccount: sql<boolean>`${isNotNull(guardians.userId)}`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(guardians)
    .where(where)
    .orderBy(asc(guardians.lastName), asc(guardians.firstName), asc(guardians.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  // Past the last page the window count is absent; count separately so the pager can recover.
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, where) : 0);
  return { rows: rows.map(({ total: _, ...row }) => row), total, page, pageSize };
}

function matching(search: string): SQL | undefined {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // Phone numbers are written many ways (0803 123 4567, +234-803…): compare digits only.
  const digits = search.replace(/\D/g, "");
  return or(
    ilike(guardians.lastName, pattern),
    ilike(guardians.firstName, pattern),
    ilike(sql`${guardians.firstName} || ' ' || ${guardians.lastName}`, pattern),
    ilike(guardians.email, pattern),
    ilike(guardians.phone, pattern),
    digits.length >= 4 ? sql`regexp_replace(coalesce(${guardians.phone}, ''), '[^0-9]', '', 'g') like ${`%${digits}%`}` : undefined,
  );
}

async function countMatching(db: Queryable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(guardians).where(where);
  return row?.n ?? 0;
}
