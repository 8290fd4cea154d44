import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows } from "@/lib/db/client";
import { decidePromotion, targetLevelFor } from "@/lib/domain/promotion";
import { ConflictError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type OverridePromotionInput, overridePromotionInput } from "@/lib/validation/promotions";
import { MANAGE_MESSAGE } from "./get-promotion-preview";
import { ensureDraftRun, loadPromotionContext, lockLevelPromotion } from "./promotion-context";

/**
 * Sets (or, with outcome null, clears) an administrator's decision for one or more students of a
 * level, with the reason, on the level's draft run for the year (made on first use). The decision
 * the rules would have made is recorded beside it. Setting the same override twice changes nothing.
 */
export async function overridePromotionDecisions(db: Queryable, actor: Actor, input: OverridePromotionInput): Promise<{ changed: number }> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const parsed = parseInput(overridePromotionInput, input);
  return db.transaction(async (tx) => {
    await lockLevelPromotion(tx, parsed.classLevelId);
    const context = await loadPromotionContext(tx, { classLevelId: parsed.classLevelId });
    if (context.run?.status === "executed") {
      throw new ConflictError(`${context.level.name} has already been promoted for ${context.fromYear.name}: undo the run to change its decisions.`);
    }
    const byId = new Map(context.students.map((s) => [s.studentId, s]));
    const unknown = parsed.studentIds.filter((id) => !byId.has(id));
    if (unknown.length > 0) throw new ValidationError(`${unknown.length === 1 ? "One student is" : `${unknown.length} students are`} not in ${context.level.name} this year.`, { studentIds: ["Choose students of this level"] });

    if (parsed.outcome !== null && parsed.targetClassId) {
      const target = context.nextYearClasses.find((c) => c.id === parsed.targetClassId);
      const wantedLevel = targetLevelFor(parsed.outcome, { classLevelId: context.level.id, nextLevelId: context.level.nextLevelId });
      if (!target || target.classLevelId !== wantedLevel) {
        throw new ValidationError("That class isn't one a student with this decision can go to next year.", { targetClassId: ["Choose one of next year's classes of the right level"] });
      }
    }

    const runId = await ensureDraftRun(tx, context, { rules: parsed.rules, userId: actor.userId });

    const before = await selectRows<{ studentId: string; outcome: string; targetClassId: string | null; reason: string | null }>(
      tx,
      sql`select student_id as "studentId", outcome, target_class_id as "targetClassId", override_reason as reason
          from promotion_decisions where run_id = ${runId} and override_reason is not null
            and student_id in (select (jsonb_array_elements_text(${jsonRows(parsed.studentIds)}))::uuid)`,
    );
    if (parsed.outcome === null) {
      await tx.execute(
        sql`delete from promotion_decisions where run_id = ${runId} and student_id in (select (jsonb_array_elements_text(${jsonRows(parsed.studentIds)}))::uuid)`,
      );
    } else {
      const promotionContext = { isFinalLevel: context.level.isFinal, finalTermSequence: context.finalTermSequence, rounding: context.rounding };
      const rows = parsed.studentIds.map((studentId) => {
        const student = byId.get(studentId)!;
        const computed = decidePromotion(student.record, parsed.rules, promotionContext);
        return {
          studentId,
          enrolmentId: student.enrolmentId,
          computedOutcome: computed.outcome,
          computedReason: computed.reasons.join("; "),
          targetClassId: parsed.targetClassId ?? null,
          transferDestination: parsed.outcome === "transfer" ? parsed.transferDestination! : null,
        };
      });
      await tx.execute(
        sql`insert into promotion_decisions (run_id, student_id, from_enrolment_id, computed_outcome, computed_reason, outcome, target_class_id,
                                             override_reason, overridden_by, overridden_at, transfer_destination)
            select ${runId}, r."studentId", r."enrolmentId", r."computedOutcome", r."computedReason", ${parsed.outcome}, r."targetClassId",
                   ${parsed.reason!}, ${actor.userId}, now(), r."transferDestination"
            from jsonb_to_recordset(${jsonRows(rows)}) as r("studentId" uuid, "enrolmentId" uuid, "computedOutcome" text, "computedReason" text,
                                                           "targetClassId" uuid, "transferDestination" text)
            on conflict (run_id, student_id) do update set
              computed_outcome = excluded.computed_outcome, computed_reason = excluded.computed_reason, outcome = excluded.outcome,
              target_class_id = excluded.target_class_id, transfer_destination = excluded.transfer_destination,
              override_reason = excluded.override_reason, overridden_by = excluded.overridden_by, overridden_at = excluded.overridden_at
            where (promotion_decisions.outcome, promotion_decisions.target_class_id, promotion_decisions.override_reason, promotion_decisions.transfer_destination)
                  is distinct from (excluded.outcome, excluded.target_class_id, excluded.override_reason, excluded.transfer_destination)`,
      );
    }
    const changed =
      parsed.outcome === null
        ? before.length
        : parsed.studentIds.filter((id) => {
            const previous = before.find((b) => b.studentId === id);
            return !previous || previous.outcome !== parsed.outcome || previous.targetClassId !== (parsed.targetClassId ?? null) || previous.reason !== parsed.reason;
          }).length;
    if (changed > 0) {
      await writeAudit(tx, actor, {
        action: parsed.outcome === null ? "promotions.override_cleared" : "promotions.overridden",
        entityType: "promotion_run",
        entityId: runId,
        before,
        after: { studentIds: parsed.studentIds, outcome: parsed.outcome, targetClassId: parsed.targetClassId ?? null, transferDestination: parsed.transferDestination ?? null },
        reason: parsed.reason ?? null,
      });
    }
    return { changed };
  });
}
