// One page of a query's rows and the total, for the API's lists (offset paging, as the student list).
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";

export type Page<T> = { data: T[]; page: number; pageSize: number; total: number };

/**
 * Runs `select` (a full SELECT, without ORDER BY or LIMIT) for one page, ordered by `orderBy` written
 * on the alias `q`; columns named "__…" are sort keys, left out of the rows returned. The total rides
 * on the page's rows as a window count; past the last page there are no rows to carry it, so it is
 * counted on its own.
 */
export async function selectPage<T extends object>(db: Queryable, select: SQL, orderBy: SQL, page: number, pageSize: number): Promise<Page<T>> {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`select q.*, count(*) over ()::int as "__total" from (${select}) q order by ${orderBy} limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  const counted = rows[0]?.__total as number | undefined;
  const total = counted ?? (page > 1 ? ((await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (${select}) q`))[0]?.n ?? 0) : 0);
  const data = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith("__"))) as T);
  return { data, page, pageSize, total };
}

/** The academic year asked for, else the current one, as SQL. */
export const yearOrCurrent = (academicYearId: string | undefined): SQL =>
  academicYearId ? sql`${academicYearId}::uuid` : sql`(select y.id from academic_years y where y.is_current)`;
