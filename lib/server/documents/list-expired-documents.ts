// Students who left the school longer ago than the retention period and still have documents on record.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { env } from "@/lib/env";

export type ExpiredStudentDocuments = {
  studentId: string;
  name: string;
  admissionNumber: string;
  status: "graduated" | "withdrawn" | "transferred";
  leftOn: string;
  documentCount: number;
  totalBytes: number;
};

export type ExpiredDocuments = { retentionYears: number; students: ExpiredStudentDocuments[] };

/** Whether the student `s` left more than `years` whole years ago (before today's date that many years back). */
export const leftBeforeRetention = (years: number): SQL =>
  sql`s.status in ('graduated', 'withdrawn', 'transferred') and s.status_changed_on < current_date - make_interval(years => ${years}::int)`;

export const retentionYearsOf = (options: { retentionYears?: number }) => options.retentionYears ?? env().DOCUMENT_RETENTION_YEARS;

/**
 * For administrators (school.manage): who is past DOCUMENT_RETENTION_YEARS, longest gone first, with how
 * many documents and bytes each holds, so the deletion they confirm is the one they saw.
 */
export async function listExpiredDocuments(db: Queryable, actor: Actor, options: { retentionYears?: number } = {}): Promise<ExpiredDocuments> {
  assertCan(actor, "school.manage", "Only an administrator can delete documents past retention.");
  const retentionYears = retentionYearsOf(options);
  const students = await selectRows<ExpiredStudentDocuments>(
    db,
    sql`select s.id as "studentId", s.first_name || ' ' || s.last_name as name, s.admission_number as "admissionNumber", s.status,
               s.status_changed_on::text as "leftOn", count(d.id)::int as "documentCount", sum(d.size_bytes)::float8 as "totalBytes"
        from students s join documents d on d.student_id = s.id
        where ${leftBeforeRetention(retentionYears)}
        group by s.id
        order by s.status_changed_on, s.last_name, s.first_name`,
  );
  return { retentionYears, students };
}
