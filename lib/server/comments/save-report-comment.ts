import "server-only";
import { sql } from "drizzle-orm";
import { type Actor, can } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type ReportCommentKind, type SaveReportCommentInput, saveReportCommentInput } from "@/lib/validation/comments";
import { loadStudentForComment } from "./comment-access";
import type { StoredComment } from "./get-class-comments";

export type SaveReportCommentResult = {
  outcome: "saved" | "removed" | "unchanged";
  /** The comment as stored now; null when there is none. */
  comment: StoredComment | null;
  /** A current report card of the term is published for the student: the change shows on the next publish. */
  published: boolean;
  classId: string;
};

type Snapshot = { id: string; studentId: string; termId: string; kind: ReportCommentKind; body: string };

/**
 * Writes, changes or (with an empty body) removes one student's class teacher's or principal's comment for
 * a term, with an audit record of the text before and after in the same transaction. The class teacher
 * of the student's class writes the class teacher's comment; holders of reports.publish write the
 * principal's. Saving the text already stored changes nothing and records nothing, so a retry or a
 * double submit is harmless. Comments stay editable after publishing: the next publish picks them up
 * as a new version of the card, which needs a reason.
 */
export async function saveReportComment(db: Queryable, actor: Actor, input: SaveReportCommentInput): Promise<SaveReportCommentResult> {
  const { studentId, termId, kind, body } = parseInput(saveReportCommentInput, input);
  return db.transaction(async (tx) => {
    const context = await loadStudentForComment(tx, actor, { studentId, termId }, { lock: true });
    if (kind === "principal" && !can(actor, "reports.publish")) {
      throw new ForbiddenError("Only an administrator can write the principal's comment.");
    }
    if (kind === "class_teacher" && !context.isClassTeacher) {
      throw new ForbiddenError(`Only the class teacher of ${context.className} can write the class teacher's comment.`);
    }
    // One writer per comment at a time: the "before" in the audit record is then the text this save replaced.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('report-comment:' || ${studentId} || ':' || ${termId} || ':' || ${kind}))`);
    const [before] = await selectRows<Snapshot>(
      tx,
      sql`select id, student_id as "studentId", term_id as "termId", kind, body from report_comments
          where student_id = ${studentId} and term_id = ${termId} and kind = ${kind}`,
    );
    const [card] = await selectRows<{ published: boolean }>(
      tx,
      sql`select exists (select 1 from report_cards where student_id = ${studentId} and term_id = ${termId} and superseded_at is null) as published`,
    );
    const published = card?.published ?? false;
    const result = (outcome: SaveReportCommentResult["outcome"], comment: StoredComment | null): SaveReportCommentResult => ({
      outcome,
      comment,
      published,
      classId: context.classId,
    });

    if ((before?.body ?? "") === body) return result("unchanged", before ? await readComment(tx, before.id) : null);

    if (body === "") {
      await tx.execute(sql`delete from report_comments where id = ${before!.id}`);
      await writeAudit(tx, actor, { action: "report_comment.removed", entityType: "report_comment", entityId: before!.id, before: snapshotOf(before!) });
      return result("removed", null);
    }

    const [after] = await selectRows<Snapshot>(
      tx,
      sql`insert into report_comments (student_id, term_id, kind, body, author_id)
          values (${studentId}, ${termId}, ${kind}, ${body}, ${actor.userId})
          on conflict (student_id, term_id, kind) do update set body = excluded.body, author_id = excluded.author_id, updated_at = now()
          returning id, student_id as "studentId", term_id as "termId", kind, body`,
    );
    await writeAudit(tx, actor, {
      action: "report_comment.saved",
      entityType: "report_comment",
      entityId: after!.id,
      before: before ? snapshotOf(before) : null,
      after: snapshotOf(after!),
    });
    return result("saved", await readComment(tx, after!.id));
  });
}

/** What the audit record keeps: whose comment, for which term, and its text. */
const snapshotOf = ({ studentId, termId, kind, body }: Snapshot) => ({ studentId, termId, kind, body });

async function readComment(db: Queryable, id: string): Promise<StoredComment> {
  const [row] = await selectRows<StoredComment>(
    db,
    sql`select rc.body, ${isoTime(sql`rc.updated_at`)} as "updatedAt", u.name as "authorName"
        from report_comments rc left join users u on u.id = rc.author_id where rc.id = ${id}`,
  );
  return row!;
}
