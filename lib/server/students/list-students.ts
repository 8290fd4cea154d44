import "server-only";
import { and, asc, eq, ilike, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { students } from "@/lib/db/schema";
import { parseInput } from "@/lib/validation/common";
import { studentListSchema, type StudentListInput } from "@/lib/validation/students";
import { currentClassName, visibleStudents } from "./scope";

export type StudentListRow = {
  id: string;
  admissionNumber: string;
  name: string;
  status: string;
  className: string | null;
};

export type StudentList = { rows: StudentListRow[]; total: number; page: number; pageSize: number };

/** A page of the students the actor may see, searched by name or admission number, sorted by name. */
export async function listStudents(db: Queryable, actor: Actor, input: StudentListInput = {}): Promise<StudentList> {
  const { page, pageSize, search, status } = parseInput(studentListSchema, input);
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    visibleStudents(actor),
    status ? eq(students.status, status) : undefined,
    pattern
      ? or(
          ilike(students.lastName, pattern),
          ilike(students.firstName, pattern),
          ilike(students.admissionNumber, pattern),
          ilike(sql`${students.firstName} || ' ' || ${students.lastName}`, pattern),
        )
      : undefined,
  );
  // The page is cut first and the current class looked up for its rows only: in the select list
  // beside the window count, the lookup would run for every matching student before the limit.
  const pageRows = db
    .select({
      id: students.id,
      admissionNumber: students.admissionNumber,
      name: sql<string>`${students.firstName} || ' ' || ${students.lastName}`.as("name"),
      status: students.status,
      lastName: students.lastName,
      firstName: students.firstName,
      total: sql<number>`count(*) over ()`.as("total"),
    })
    .from(students)
    .where(where)
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    // Named "students" so the currentClassName fragment's "students"."id" binds to the page.
    .as("students");
  const rows = await db
    .select({
      id: pageRows.id,
      admissionNumber: pageRows.admissionNumber,
      name: pageRows.name,
      status: pageRows.status,
      className: currentClassName,
      total: sql<number>`${pageRows.total}`.mapWith(Number),
    })
    .from(pageRows)
    .orderBy(asc(pageRows.lastName), asc(pageRows.firstName), asc(pageRows.id));
  // Past the last page the window count is absent; count separately so the pager can recover.
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, where) : 0);
  return { rows: rows.map(({ total: _, ...row }) => row), total, page, pageSize };
}

async function countMatching(db: Queryable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(students).where(where);
  return row?.n ?? 0;
}
