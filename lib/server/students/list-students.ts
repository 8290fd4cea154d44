import "server-only";
import { eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { enrolments, students } from "@/lib/db/schema";
import { parseInput } from "@/lib/validation/common";
import { studentListSchema, type StudentListInput, type StudentListQuery } from "@/lib/validation/students";
import { currentClassName } from "./scope";
import { classRankOn, currentClassRank, currentEnrolmentJoin, orderTerms, studentListOrder, studentListWhere } from "./student-filters";

export type StudentListRow = {
  id: string;
  admissionNumber: string;
  name: string;
  status: string;
  gender: string | null;
  className: string | null;
};

export type StudentList = {
  rows: StudentListRow[];
  total: number;
  page: number;
  pageSize: number;
  /** The query as understood (defaults filled in), for the page to show and link from. */
  query: StudentListQuery;
};

/**
 * A page of the students the actor may see: searched by name or admission number, filtered by
 * status (active by default; "archived" for those who have left), class, level and gender, and
 * sorted by name, admission number, class or status with a stable tie-break.
 */
export async function listStudents(db: Queryable, actor: Actor, input: StudentListInput = {}): Promise<StudentList> {
  const query = parseInput(studentListSchema, input);
  const { page, pageSize } = query;
  const where = studentListWhere(actor, query);
  const { keys, needsClass } = studentListOrder(query.sort, query.direction);

  // The page is cut first, carrying only ids and sort keys (k0, k1, …) past the window count, which
  // holds every matching row until it knows the total: narrow rows make deep pages about a fifth faster.
  // The rest of each student, and their current class, is then read for the page's rows only.
  const sortColumns = Object.fromEntries(keys.map((key, i) => [`k${i}`, sql`${key.expression}`.as(`k${i}`)]));
  let inner = db
    .select({ id: students.id, total: sql<number>`count(*) over ()`.as("total"), ...sortColumns })
    .from(students)
    .$dynamic();
  if (needsClass) inner = inner.leftJoin(enrolments, currentEnrolmentJoin).leftJoin(currentClassRank, classRankOn);
  const pageRows = inner
    .where(where)
    .orderBy(...orderTerms(keys))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as("page");
  const rows = await db
    .select({
      id: students.id,
      admissionNumber: students.admissionNumber,
      name: sql<string>`${students.firstName} || ' ' || ${students.lastName}`,
      status: students.status,
      gender: students.gender,
      className: currentClassName,
      total: sql<number>`${pageRows.total}`.mapWith(Number),
    })
    .from(pageRows)
    .innerJoin(students, eq(students.id, pageRows.id))
    .orderBy(...orderTerms(keys.map((key, i) => ({ ...key, expression: sql.raw(`"page"."k${i}"`) }))));
  // Past the last page the window count is absent; count separately so the pager can recover.
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, where) : 0);
  return { rows: rows.map(({ total: _, ...row }) => row), total, page, pageSize, query };
}

async function countMatching(db: Queryable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(students).where(where);
  return row?.n ?? 0;
}
