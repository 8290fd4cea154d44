import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { decideScoreChangeInput } from "@/lib/validation/gradebook";
import { loadOffering } from "./offering-access";
import { writeCells } from "./save-scores";

/**
 * A reviewer approves a change request, which writes the score with the request's reason into the
 * cell's history, or rejects it with a comment. Deciding twice is refused: the first decision stands.
 */
export async function decideScoreChange(
  db: Queryable,
  actor: Actor,
  input: { requestId: string; approve: boolean; comment?: string },
): Promise<{ status: "approved" | "rejected" }> {
  const { requestId, approve, comment } = parseInput(decideScoreChangeInput, input);
  if (!approve && !comment) throw new ValidationError("Say why the change is rejected.", { comment: ["Say why the change is rejected"] });
  return db.transaction(async (tx) => {
    const [request] = await selectRows<{ offeringId: string; studentId: string; componentId: string; requested: string; reason: string; status: string }>(
      tx,
      sql`select offering_id as "offeringId", student_id as "studentId", component_id as "componentId", requested, reason, status
          from score_change_requests where id = ${requestId} for update`,
    );
    if (!request) throw new NotFoundError("That change request was not found.");
    const offering = await loadOffering(tx, actor, request.offeringId, { lock: "share" });
    if (!offering.canReview) throw new ForbiddenError("Only the head of this subject's department or an administrator can decide a change request.");
    if (request.status !== "pending") throw new ConflictError(`This change request was already ${request.status}.`);
    if (approve) {
      const [current] = await selectRows<{ version: number }>(
        tx,
        sql`select version from scores where offering_id = ${request.offeringId} and student_id = ${request.studentId} and component_id = ${request.componentId}`,
      );
      const result = await writeCells(
        tx,
        actor,
        offering,
        [{ studentId: request.studentId, componentId: request.componentId, raw: request.requested, expectedVersion: current?.version ?? 0 }],
        request.reason,
      );
      if (result.conflicts.length > 0) throw new ConflictError("The score changed while this was being decided; try again.");
    }
    const status = approve ? "approved" : "rejected";
    await tx.execute(sql`update score_change_requests set status = ${status}, decided_by = ${actor.userId}, decided_at = now(),
                          decision_comment = ${comment ?? null} where id = ${requestId}`);
    await writeAudit(tx, actor, {
      action: `scores.change_${status}`,
      entityType: "score_change_request",
      entityId: requestId,
      before: { status: "pending" },
      after: { status, requested: request.requested },
      reason: comment ?? null,
    });
    return { status };
  });
}
