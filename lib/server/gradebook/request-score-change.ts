import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { parseScoreCell } from "@/lib/domain/grading";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type RequestScoreChangeInput, requestScoreChangeInput } from "@/lib/validation/gradebook";
import { offeringStudentsSql } from "./get-grade-sheet";
import { loadGradingSetup } from "./grading-setup";
import { loadOffering, whyScoresAreClosed } from "./offering-access";

/**
 * After scores are locked, a teacher asks for one cell to change, with a reason; a head of
 * department or an administrator decides. One pending request per cell.
 */
export async function requestScoreChange(db: Queryable, actor: Actor, input: RequestScoreChangeInput): Promise<{ requestId: string }> {
  const request = parseInput(requestScoreChangeInput, input);
  return db.transaction(async (tx) => {
    const offering = await loadOffering(tx, actor, request.offeringId, { lock: "share" });
    if (!offering.isTeacher && !offering.canReview) throw new ForbiddenError("Only a teacher of this class and subject can ask for a change.");
    if (whyScoresAreClosed(offering) === null || offering.status === "submitted") {
      throw new ConflictError(
        offering.status === "submitted"
          ? "These scores are waiting for approval; ask the reviewer to return them instead."
          : "These scores aren't locked: change the cell in the grid.",
      );
    }
    const { scheme } = await loadGradingSetup(tx, offering);
    const component = scheme.components.find((c) => c.id === request.componentId);
    if (!component) throw new ValidationError("That assessment is not part of this subject's scheme.", { componentId: ["Not part of this subject's scheme"] });
    const parsed = parseScoreCell(request.raw, component.maxScore);
    if (!parsed.ok) throw new ValidationError(parsed.message, { raw: [parsed.message] });
    const [student] = await selectRows<{ id: string }>(
      tx,
      sql`select t.id from (${offeringStudentsSql(request.offeringId)}) t where t.id = ${request.studentId}`,
    );
    if (!student) throw new ValidationError("This student is not in this class for this subject.", { studentId: ["Not in this class"] });
    const [created] = await selectRows<{ id: string }>(
      tx,
      sql`insert into score_change_requests (offering_id, student_id, component_id, requested, reason, requested_by)
          values (${request.offeringId}, ${request.studentId}, ${request.componentId}, ${request.raw.trim()}, ${request.reason}, ${actor.userId})
          on conflict (offering_id, student_id, component_id) where status = 'pending' do nothing
          returning id`,
    );
    if (!created) throw new ConflictError("A change to this score is already waiting for a decision.");
    await writeAudit(tx, actor, {
      action: "scores.change_requested",
      entityType: "score_change_request",
      entityId: created.id,
      after: { offeringId: request.offeringId, studentId: request.studentId, componentId: request.componentId, requested: request.raw.trim() },
      reason: request.reason,
    });
    return { requestId: created.id };
  });
}
