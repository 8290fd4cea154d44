// The shared step behind submitting, approving, returning and unlocking an offering's scores.
import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import type { ScoresStatus } from "@/lib/db/schema";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { loadOffering, type OfferingContext } from "./offering-access";

export type ReviewStep = {
  action: "submit" | "approve" | "return" | "unlock";
  /** Statuses the step may start from, and the message when the offering is elsewhere. */
  from: ScoresStatus[];
  to: ScoresStatus;
  who: "teacher" | "reviewer";
  comment?: string | null;
};

const notFrom: Record<ReviewStep["action"], Partial<Record<ScoresStatus, string>>> = {
  submit: { submitted: "These scores were already submitted.", approved: "These scores are already approved." },
  approve: { open: "These scores haven't been submitted yet.", returned: "These scores were returned to the teacher and haven't been submitted again.", approved: "These scores are already approved." },
  return: { open: "These scores haven't been submitted yet.", returned: "These scores were already returned.", approved: "These scores are approved; unlock them instead." },
  unlock: { open: "These scores are not locked.", submitted: "These scores are not locked; return them instead.", returned: "These scores are not locked." },
};

/** Moves an offering's scores one step through review, with the row locked and an audit record. */
export async function moveScoresReview(
  db: Queryable,
  actor: Actor,
  offeringId: string,
  step: ReviewStep,
  check?: (offering: OfferingContext, tx: Queryable) => Promise<void>,
): Promise<{ status: ScoresStatus }> {
  return db.transaction(async (tx) => {
    const offering = await loadOffering(tx, actor, offeringId, { lock: "update" });
    if (step.who === "reviewer" && !offering.canReview) {
      throw new ForbiddenError("Only the head of this subject's department or an administrator can do that.");
    }
    if (step.who === "teacher" && !offering.isTeacher && !offering.canReview) {
      throw new ForbiddenError("Only a teacher of this class and subject can submit its scores.");
    }
    if (offering.termLocked && step.action !== "unlock") {
      throw new ConflictError(`Scores for ${offering.termName} are locked for the whole term.`);
    }
    if (!step.from.includes(offering.status)) {
      throw new ConflictError(notFrom[step.action][offering.status] ?? "These scores can't do that from where they are.");
    }
    await check?.(offering, tx);
    const teacherSide = step.action === "submit";
    await tx.execute(sql`
      update subject_offerings set scores_status = ${step.to},
        ${teacherSide ? sql`submitted_at = now(), submitted_by = ${actor.userId}, review_comment = null` : sql`reviewed_at = now(), reviewed_by = ${actor.userId}, review_comment = ${step.comment ?? null}`}
      where id = ${offeringId}`);
    await writeAudit(tx, actor, {
      action: `scores.${step.action === "submit" ? "submitted" : step.action === "approve" ? "approved" : step.action === "return" ? "returned" : "unlocked"}`,
      entityType: "subject_offering",
      entityId: offeringId,
      before: { status: offering.status },
      after: { status: step.to },
      reason: step.comment ?? null,
    });
    return { status: step.to };
  });
}
