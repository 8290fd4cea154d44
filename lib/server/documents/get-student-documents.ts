// One student's documents as a checklist of every document type and the files on record, with how much
// of the student's storage quota they use: for the family's child page and the office's student page.
import "server-only";
import { sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { DocumentFormat } from "@/lib/validation/documents";
import { z } from "zod";
import { documentStudentsOf, staffMayHandleDocuments, uploadableStudentsOf } from "./document-access";

export type DocumentStatus = "pending" | "verified" | "rejected";

/**
 * Where a type stands for the student: "verified" once any copy is verified; else "received" while a
 * copy waits for review; else "rejected" when every copy was rejected; "missing" when none was uploaded.
 */
export type ChecklistState = "verified" | "received" | "rejected" | "missing";

export type ChecklistItem = {
  documentTypeId: string;
  name: string;
  description: string | null;
  requiredAtAdmission: boolean;
  allowedMimeTypes: DocumentFormat[];
  maxBytes: number;
  state: ChecklistState;
  /** The reason of the newest rejected copy while no copy is verified or waiting; what the family must fix. */
  rejectionReason: string | null;
};

export type StudentDocument = {
  id: string;
  /** What a verify/reject decision must name. */
  version: number;
  documentTypeId: string;
  typeName: string;
  originalName: string;
  mimeType: string;
  sizeBytes: number;
  status: DocumentStatus;
  rejectionReason: string | null;
  uploadedAt: string;
  /** The uploader's name; null when their account was removed. */
  uploadedBy: string | null;
  reviewedAt: string | null;
  /** The reviewer's name, for staff only (families see the decision, not who made it). */
  reviewedBy: string | null;
};

export type StudentDocuments = {
  student: { id: string; name: string; admissionNumber: string };
  /** Every document type, required ones first, then by name. */
  checklist: ChecklistItem[];
  /** Newest first, rejected ones included (they are the history of what was asked for again). */
  documents: StudentDocument[];
  usage: { usedBytes: number; quotaBytes: number };
  /** Whether this actor may upload for the student (staff and the student's parents; not the student). */
  canUpload: boolean;
  /** Whether this actor may verify or reject (documents.verify). */
  canReview: boolean;
};

/**
 * For staff who handle documents, the student's parents and the student themselves; anyone else gets
 * "not found", as for a student who doesn't exist. `quotaBytes` defaults to DOCUMENT_QUOTA_MB.
 */
export async function getStudentDocuments(
  db: Queryable,
  actor: Actor,
  input: { studentId: string },
  options: { quotaBytes?: number } = {},
): Promise<StudentDocuments> {
  const { studentId } = parseInput(z.object({ studentId: idSchema }), input);
  const [student] = await selectRows<{ id: string; name: string; admissionNumber: string; canUpload: boolean }>(
    db,
    sql`select s.id, s.first_name || ' ' || s.last_name as name, s.admission_number as "admissionNumber",
               (${uploadableStudentsOf(actor, sql`s.id`)}) as "canUpload"
        from students s where s.id = ${studentId} and (${documentStudentsOf(actor, sql`s.id`)})`,
  );
  if (!student) throw new NotFoundError("That student was not found.");
  const staff = staffMayHandleDocuments(actor);

  const [types, documents] = await Promise.all([
    selectRows<Omit<ChecklistItem, "state" | "rejectionReason">>(
      db,
      sql`select id as "documentTypeId", name, description, required_at_admission as "requiredAtAdmission",
                 allowed_mime_types as "allowedMimeTypes", max_bytes as "maxBytes"
          from document_types order by required_at_admission desc, lower(name)`,
    ),
    selectRows<StudentDocument>(
      db,
      sql`select d.id, d.version, d.document_type_id as "documentTypeId", dt.name as "typeName", d.original_name as "originalName",
                 d.mime_type as "mimeType", d.size_bytes::float8 as "sizeBytes", d.status, d.rejection_reason as "rejectionReason",
                 ${isoTime(sql`d.created_at`)} as "uploadedAt", up.name as "uploadedBy",
                 ${isoTime(sql`d.reviewed_at`)} as "reviewedAt", ${staff ? sql`rv.name` : sql`null::text`} as "reviewedBy"
          from documents d
          join document_types dt on dt.id = d.document_type_id
          left join users up on up.id = d.uploaded_by
          left join users rv on rv.id = d.reviewed_by
          where d.student_id = ${studentId}
          order by d.created_at desc, d.id desc`,
    ),
  ]);

  const checklist = types.map((type): ChecklistItem => {
    const copies = documents.filter((d) => d.documentTypeId === type.documentTypeId);
    const newestRejected = copies.find((d) => d.status === "rejected");
    const state: ChecklistState = copies.some((d) => d.status === "verified")
      ? "verified"
      : copies.some((d) => d.status === "pending")
        ? "received"
        : newestRejected
          ? "rejected"
          : "missing";
    return { ...type, state, rejectionReason: state === "rejected" ? (newestRejected?.rejectionReason ?? null) : null };
  });

  return {
    student: { id: student.id, name: student.name, admissionNumber: student.admissionNumber },
    checklist,
    documents,
    usage: { usedBytes: documents.reduce((sum, d) => sum + d.sizeBytes, 0), quotaBytes: options.quotaBytes ?? env().DOCUMENT_QUOTA_MB * 1024 * 1024 },
    canUpload: student.canUpload,
    canReview: can(actor, "documents.verify"),
  };
}
