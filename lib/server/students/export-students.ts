import "server-only";
import { inArray } from "drizzle-orm";
import { type Actor, can, hasRole } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { enrolments, students } from "@/lib/db/schema";
import { ForbiddenError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type StudentExportInput, studentExportSchema } from "@/lib/validation/students";
import { currentClassName } from "./scope";
import { classRankOn, currentClassRank, currentEnrolmentJoin, orderTerms, studentListOrder, studentListWhere } from "./student-filters";

export type StudentExportRow = {
  admissionNumber: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  className: string | null;
  status: string;
  gender: string | null;
  dateOfBirth: string | null;
  admittedOn: string | null;
  email: string | null;
  phone: string | null;
};

export type StudentExport = { total: number; batches: AsyncGenerator<StudentExportRow[]> };

/** Rows fetched per query while the CSV streams out: memory stays flat whatever the school's size. */
export const EXPORT_BATCH_SIZE = 500;

/**
 * Every student the list would show for these filters (all pages), in the list's order, in batches.
 * The order is fixed up front as a list of ids, so a student added or changed while the file
 * streams can't appear twice or shift another out. Open to the people who have the student list.
 */
export async function exportStudents(db: Queryable, actor: Actor, input: StudentExportInput = {}): Promise<StudentExport> {
  if (!can(actor, "students.read_all") && !hasRole(actor, "teacher", "head_of_department")) {
    throw new ForbiddenError("Only school staff can export the student list.");
  }
  const filters = parseInput(studentExportSchema, input);
  const { keys, needsClass } = studentListOrder(filters.sort, filters.direction);
  let ordered = db.select({ id: students.id }).from(students).$dynamic();
  if (needsClass) ordered = ordered.leftJoin(enrolments, currentEnrolmentJoin).leftJoin(currentClassRank, classRankOn);
  const ids = (await ordered.where(studentListWhere(actor, filters)).orderBy(...orderTerms(keys))).map((row) => row.id);
  await writeAudit(db, actor, {
    action: "student.exported",
    entityType: "student_list",
    entityId: "students",
    after: { filters, rows: ids.length },
  });
  return { total: ids.length, batches: batchesOf(db, ids) };
}

async function* batchesOf(db: Queryable, ids: string[]): AsyncGenerator<StudentExportRow[]> {
  for (let start = 0; start < ids.length; start += EXPORT_BATCH_SIZE) {
    const chunk = ids.slice(start, start + EXPORT_BATCH_SIZE);
    const rows = await db
      .select({
        id: students.id,
        admissionNumber: students.admissionNumber,
        lastName: students.lastName,
        firstName: students.firstName,
        middleName: students.middleName,
        className: currentClassName,
        status: students.status,
        gender: students.gender,
        dateOfBirth: students.dateOfBirth,
        admittedOn: students.admittedOn,
        email: students.email,
        phone: students.phone,
      })
      .from(students)
      // Already scoped and filtered: these ids came from the query above.
      .where(inArray(students.id, chunk));
    const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
    yield chunk.flatMap((id) => byId.get(id) ?? []);
  }
}

