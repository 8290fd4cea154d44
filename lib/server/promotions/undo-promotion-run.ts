import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type UndoPromotionInput, undoPromotionInput } from "@/lib/validation/promotions";
import { MANAGE_MESSAGE } from "./get-promotion-preview";
import { lockLevelPromotion } from "./promotion-context";

/**
 * Undoes an executed run exactly: removes the enrolments it created and puts back each student's
 * enrolment and status as they were (from the state recorded with each decision). Refused once the
 * new year has moved on for these students (scores entered, or their new enrolment changed), since
 * undoing then would lose work. The run stays on record, marked undone with who, when and why.
 */
export async function undoPromotionRun(db: Queryable, actor: Actor, input: UndoPromotionInput): Promise<{ restored: number }> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const { runId, reason } = parseInput(undoPromotionInput, input);
  return db.transaction(async (tx) => {
    const [found] = await selectRows<{ classLevelId: string }>(tx, sql`select class_level_id as "classLevelId" from promotion_runs where id = ${runId}`);
    if (!found) throw new NotFoundError("That promotion run was not found.");
    await lockLevelPromotion(tx, found.classLevelId);
    const [run] = await selectRows<{ status: string; toYearId: string; toYearName: string; levelName: string }>(
      tx,
      sql`select r.status, r.to_academic_year_id as "toYearId", y.name as "toYearName", l.name as "levelName"
          from promotion_runs r join academic_years y on y.id = r.to_academic_year_id join class_levels l on l.id = r.class_level_id
          where r.id = ${runId}`,
    );
    if (run!.status !== "executed") throw new ConflictError(run!.status === "undone" ? "This run has already been undone." : "This run hasn't been executed, so there is nothing to undo.");

    const [moved] = await selectRows<{ withScores: number; changedEnrolments: number; otherEnrolments: number }>(
      tx,
      sql`select
            (select count(distinct sc.student_id)::int from scores sc
             join subject_offerings so on so.id = sc.offering_id join terms t on t.id = so.term_id and t.academic_year_id = ${run!.toYearId}
             where sc.student_id in (select student_id from promotion_decisions where run_id = ${runId})) as "withScores",
            (select count(*)::int from promotion_decisions d left join enrolments e on e.id = d.created_enrolment_id
             where d.run_id = ${runId} and d.outcome in ('promote', 'repeat') and (e.id is null or e.status <> 'active')) as "changedEnrolments",
            (select count(*)::int from enrolments e join promotion_decisions d on d.student_id = e.student_id and d.run_id = ${runId}
             where e.academic_year_id = ${run!.toYearId} and e.id is distinct from d.created_enrolment_id) as "otherEnrolments"`,
    );
    const problems: string[] = [];
    if (moved!.withScores > 0) problems.push(`${moved!.withScores} of these students already have scores in ${run!.toYearName}; undoing would lose them.`);
    if (moved!.changedEnrolments + moved!.otherEnrolments > 0) {
      problems.push(`${moved!.changedEnrolments + moved!.otherEnrolments} of next year's enrolments were changed after the run (moved or withdrawn); change them back first.`);
    }
    if (problems.length > 0) throw new ConflictError(`${run!.levelName}'s promotion can't be undone.`, { problems });

    // Deleting a created enrolment sets its decision's created_enrolment_id to null (the foreign key's rule).
    await tx.execute(sql`delete from enrolments e using promotion_decisions d where d.run_id = ${runId} and e.id = d.created_enrolment_id`);
    const [restored] = await selectRows<{ count: number }>(
      tx,
      sql`with reopened as (
            update enrolments e set status = d.prior_state->>'enrolmentStatus', left_on = (d.prior_state->>'leftOn')::date
            from promotion_decisions d where d.run_id = ${runId} and e.id = d.from_enrolment_id returning e.id
          )
          select count(*)::int as count from reopened`,
    );
    await tx.execute(sql`
      update students s set status = d.prior_state->>'studentStatus', status_changed_on = (d.prior_state->>'statusChangedOn')::date,
                            status_reason = d.prior_state->>'statusReason'
      from promotion_decisions d where d.run_id = ${runId} and s.id = d.student_id and d.outcome in ('graduate', 'transfer', 'withdraw')`);
    await tx.execute(sql`update promotion_runs set status = 'undone', undone_by = ${actor.userId}, undone_at = now(), undo_reason = ${reason} where id = ${runId}`);
    await writeAudit(tx, actor, { action: "promotions.undone", entityType: "promotion_run", entityId: runId, before: { status: "executed" }, after: { status: "undone", restored: restored!.count }, reason });
    return { restored: restored!.count };
  });
}
