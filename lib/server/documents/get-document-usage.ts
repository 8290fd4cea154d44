import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { env } from "@/lib/env";

export const USAGE_TOP_STUDENTS = 20;

export type DocumentUsage = {
  totalBytes: number;
  documentCount: number;
  studentCount: number;
  quotaBytes: number;
  /** The students whose documents take up the most space, largest first. */
  topStudents: Array<{ studentId: string; name: string; admissionNumber: string; documentCount: number; usedBytes: number }>;
};

/** How much the school's documents take up, for administrators (school.manage). `quotaBytes` defaults to DOCUMENT_QUOTA_MB. */
export async function getDocumentUsage(db: Queryable, actor: Actor, options: { quotaBytes?: number } = {}): Promise<DocumentUsage> {
  assertCan(actor, "school.manage", "Only an administrator can see document storage.");
  const [[totals], topStudents] = await Promise.all([
    selectRows<{ totalBytes: number; documentCount: number; studentCount: number }>(
      db,
      sql`select coalesce(sum(size_bytes), 0)::float8 as "totalBytes", count(*)::int as "documentCount", count(distinct student_id)::int as "studentCount"
          from documents`,
    ),
    selectRows<DocumentUsage["topStudents"][number]>(
      db,
      sql`select u.student_id as "studentId", s.first_name || ' ' || s.last_name as name, s.admission_number as "admissionNumber",
                 u.n as "documentCount", u.used as "usedBytes"
          from (select student_id, count(*)::int as n, sum(size_bytes)::float8 as used from documents group by student_id
                order by used desc, student_id limit ${USAGE_TOP_STUDENTS}) u
          join students s on s.id = u.student_id
          order by u.used desc, s.last_name, s.first_name`,
    ),
  ]);
  return { ...totals!, quotaBytes: options.quotaBytes ?? env().DOCUMENT_QUOTA_MB * 1024 * 1024, topStudents };
}
