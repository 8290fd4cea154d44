// The verification queue: uploaded documents, oldest first, filtered by type, status, current class and age.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { parseInput } from "@/lib/validation/common";
import { type DocumentQueueInput, documentQueueInput, QUEUE_PAGE_SIZE } from "@/lib/validation/documents";

export type QueueDocument = {
  id: string;
  /** What a decision must name (optimistic concurrency). */
  version: number;
  studentId: string;
  studentName: string;
  admissionNumber: string;
  /** The student's class this academic year; null when not enrolled in one. */
  className: string | null;
  documentTypeId: string;
  typeName: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  status: "pending" | "verified" | "rejected";
  rejectionReason: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
};

export type DocumentQueue = {
  filters: { documentTypeId: string | null; status: "pending" | "verified" | "rejected" | "all"; classId: string | null; olderThanDays: number | null };
  rows: QueueDocument[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** Choices for the filter form. */
  types: Array<{ id: string; name: string }>;
  classes: Array<{ id: string; name: string }>;
};

const currentClassOf = (studentId: SQL) =>
  sql`(select c.id from enrolments e join classes c on c.id = e.class_id join academic_years y on y.id = e.academic_year_id and y.is_current
       where e.student_id = ${studentId} and e.status = 'active' limit 1)`;

/** For reviewers (documents.verify). Oldest upload first, so nothing waits longest by accident. */
export async function listDocumentQueue(db: Queryable, actor: Actor, input: DocumentQueueInput = {}): Promise<DocumentQueue> {
  assertCan(actor, "documents.verify", "Only school office staff can verify documents.");
  const filters = parseInput(documentQueueInput, input);
  const conditions: SQL[] = [sql`true`];
  if (filters.status !== "all") conditions.push(sql`d.status = ${filters.status}`);
  if (filters.documentTypeId) conditions.push(sql`d.document_type_id = ${filters.documentTypeId}`);
  if (filters.classId) conditions.push(sql`${currentClassOf(sql`d.student_id`)} = ${filters.classId}`);
  if (filters.olderThanDays !== null) conditions.push(sql`d.created_at < now() - make_interval(days => ${filters.olderThanDays}::int)`);
  const where = sql.join(conditions, sql` and `);

  const [[counted], types, classes] = await Promise.all([
    selectRows<{ total: number }>(db, sql`select count(*)::int as total from documents d where ${where}`),
    selectRows<{ id: string; name: string }>(db, sql`select id, name from document_types order by lower(name)`),
    selectRows<{ id: string; name: string }>(
      db,
      sql`select c.id, c.name from classes c join academic_years y on y.id = c.academic_year_id and y.is_current order by c.name`,
    ),
  ]);
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(filters.page, pages);

  const rows = await selectRows<QueueDocument>(
    db,
    sql`select d.id, d.version, d.student_id as "studentId", s.first_name || ' ' || s.last_name as "studentName",
               s.admission_number as "admissionNumber", (select c.name from classes c where c.id = ${currentClassOf(sql`d.student_id`)}) as "className",
               d.document_type_id as "documentTypeId", dt.name as "typeName", d.original_name as "originalName", d.mime_type as "mimeType",
               d.size_bytes::float8 as "sizeBytes", d.status, d.rejection_reason as "rejectionReason",
               ${isoTime(sql`d.created_at`)} as "uploadedAt", up.name as "uploadedBy", rv.name as "reviewedBy",
               case when d.reviewed_at is null then null else ${isoTime(sql`d.reviewed_at`)} end as "reviewedAt"
        from documents d
        join students s on s.id = d.student_id
        join document_types dt on dt.id = d.document_type_id
        left join users up on up.id = d.uploaded_by
        left join users rv on rv.id = d.reviewed_by
        where ${where}
        order by d.created_at, d.id
        limit ${QUEUE_PAGE_SIZE} offset ${(page - 1) * QUEUE_PAGE_SIZE}`,
  );
  return {
    filters: { documentTypeId: filters.documentTypeId, status: filters.status, classId: filters.classId, olderThanDays: filters.olderThanDays },
    rows,
    total,
    page,
    pages,
    pageSize: QUEUE_PAGE_SIZE,
    types,
    classes,
  };
}
