// A reviewer's decision on an uploaded document: verified, or rejected with a reason the family reads.
import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { appUrl } from "@/lib/server/auth/account-tokens";
import { enqueueEmail } from "@/lib/server/email/enqueue-email";
import { parseInput } from "@/lib/validation/common";
import { type ReviewDocumentInput, reviewDocumentInput } from "@/lib/validation/documents";

export type ReviewedDocument = {
  id: string;
  status: "verified" | "rejected";
  rejectionReason: string | null;
  version: number;
  reviewedAt: string;
  /** Guardians emailed about a rejection (none for a verification). */
  notified: number;
};

type Current = {
  status: "pending" | "verified" | "rejected";
  version: number;
  studentId: string;
  studentName: string;
  typeName: string;
  originalName: string;
  uploadedAt: string;
  reviewerName: string | null;
  reviewedAt: string | null;
  rejectionReason: string | null;
};

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * Verifies or rejects a pending document; documents.verify only. The update names the version the
 * reviewer saw, so when two reviewers decide at once one wins and the other is told who decided and
 * how, instead of silently overwriting it. A rejection emails the student's guardians (through the
 * outbox, in the same transaction) with the reason and where to upload a new copy; the rejected
 * document stays on record as history.
 */
export async function reviewDocument(db: Queryable, actor: Actor, input: ReviewDocumentInput): Promise<ReviewedDocument> {
  assertCan(actor, "documents.verify", "Only school office staff can verify documents.");
  const { documentId, version, decision, reason } = parseInput(reviewDocumentInput, input);
  const status = decision === "verify" ? "verified" : "rejected";
  const rejectionReason = decision === "reject" ? reason : null;

  return db.transaction(async (tx) => {
    const [updated] = await selectRows<{ version: number; reviewedAt: string }>(
      tx,
      sql`update documents
          set status = ${status}, rejection_reason = ${rejectionReason}, reviewed_by = ${actor.userId}, reviewed_at = now(),
              version = version + 1, updated_at = now()
          where id = ${documentId} and version = ${version} and status = 'pending'
          returning version, ${isoTime(sql`reviewed_at`)} as "reviewedAt"`,
    );
    const [current] = await selectRows<Current>(
      tx,
      sql`select d.status, d.version, d.student_id as "studentId", s.first_name || ' ' || s.last_name as "studentName", dt.name as "typeName",
                 d.original_name as "originalName", ${isoTime(sql`d.created_at`)} as "uploadedAt", u.name as "reviewerName",
                 ${isoTime(sql`d.reviewed_at`)} as "reviewedAt", d.rejection_reason as "rejectionReason"
          from documents d
          join students s on s.id = d.student_id
          join document_types dt on dt.id = d.document_type_id
          left join users u on u.id = d.reviewed_by
          where d.id = ${documentId}`,
    );
    if (!current) throw new NotFoundError("That document was not found; it may have been deleted.");
    if (!updated) throw conflictFor(current);

    await writeAudit(tx, actor, {
      action: decision === "verify" ? "documents.verified" : "documents.rejected",
      entityType: "document",
      entityId: documentId,
      before: { status: "pending", version },
      after: { status, version: updated.version, studentId: current.studentId, type: current.typeName, rejectionReason },
      reason: rejectionReason,
    });

    let notified = 0;
    if (decision === "reject") notified = await emailGuardians(tx, documentId, current, rejectionReason!);
    return { id: documentId, status, rejectionReason, version: updated.version, reviewedAt: updated.reviewedAt, notified };
  });
}

function conflictFor(current: Current): ConflictError {
  if (current.status === "pending") {
    return new ConflictError("This document changed since you opened it. Reload the page and decide again.");
  }
  const who = current.reviewerName ?? "Someone";
  const at = current.reviewedAt ? ` on ${when(current.reviewedAt)}` : "";
  const how = current.status === "verified" ? "verified it" : `rejected it (“${current.rejectionReason ?? ""}”)`;
  return new ConflictError(`Already decided: ${who} ${how}${at}. Reload the page to see the queue as it is now.`);
}

/** One email per guardian with an address (their own, else their account's); returns how many were queued. */
async function emailGuardians(tx: Queryable, documentId: string, document: Current, reason: string): Promise<number> {
  const recipients = await selectRows<{ guardianId: string; name: string; email: string }>(
    tx,
    sql`select g.id as "guardianId", g.first_name || ' ' || g.last_name as name, coalesce(nullif(g.email, ''), u.email) as email
        from guardian_students gs
        join guardians g on g.id = gs.guardian_id
        left join users u on u.id = g.user_id
        where gs.student_id = ${document.studentId} and coalesce(nullif(g.email, ''), u.email) is not null
        order by g.last_name, g.first_name`,
  );
  const link = appUrl(`/family/children/${document.studentId}`);
  for (const recipient of recipients) {
    await enqueueEmail(tx, {
      to: recipient.email,
      subject: `${document.studentName}'s ${document.typeName.toLowerCase()} needs a new copy`,
      text:
        `Hello ${recipient.name},\n\n` +
        `The school could not accept the ${document.typeName.toLowerCase()} uploaded for ${document.studentName} on ${when(document.uploadedAt)} ("${document.originalName}").\n\n` +
        `Reason: ${reason}\n\n` +
        `Please upload a new copy on ${document.studentName}'s page (sign in first if asked):\n${link}\n\n` +
        `The rejected file stays on record; you don't need to remove it.\n`,
      // One message per guardian and decision, however often the request is retried.
      idempotencyKey: `document-rejected:${documentId}:${recipient.guardianId}`,
    });
  }
  return recipients.length;
}
