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
  const rows = await db
    .select({
      id: students.id,
      admissionNumber: students.admissionNumber,
      name: sql<string>`${students.firstName} || ' ' || ${students.lastName}`,
      status: students.status,
      className: currentClassName,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(students)
    .where(where)
    .orderBy(asc(students.lastName), asc(students.firstName), asc(students.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  // Past the last page the window count is absent; count separately so the pager can recover.
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, where) : 0);
  return { rows: rows.map(({ total: _, ...row }) => row), total, page, pageSize };
}

async function countMatching(db: Queryable, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(students).where(where);
  return row?.n ?? 0;
}
