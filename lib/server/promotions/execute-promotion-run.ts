import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows } from "@/lib/db/client";
import type { PromotionOutcome } from "@/lib/domain/promotion";
import { type PlannedDecision, planPromotion } from "@/lib/domain/promotion-plan";
import { ConflictError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type ExecutePromotionInput, executePromotionInput } from "@/lib/validation/promotions";
import { MANAGE_MESSAGE, readinessProblems } from "./get-promotion-preview";
import { loadPromotionContext, lockLevelPromotion, type PromotionContextData } from "./promotion-context";

export type PromotionRunOutcome =
  | { status: "executed"; runId: string; counts: Record<PromotionOutcome, number>; emailsQueued: number }
  | { status: "already_run"; runId: string; executedAt: string | null; executedBy: string | null; message: string };

/** Lists at most this many names in a refusal; the rest are counted. */
const NAMES_SHOWN = 10;
const listed = (names: string[]) => (names.length > NAMES_SHOWN ? [...names.slice(0, NAMES_SHOWN), `and ${names.length - NAMES_SHOWN} more`] : names);

/**
 * Runs a level's end-of-year promotion in one transaction: plans every student by the rules on
 * screen, the overrides and the class map; refuses with what to do if anything is in the way (no
 * next year, unlocked terms, students awaiting review or without a class, classes over capacity
 * unless confirmed, students already placed next year); then creates next year's enrolments, closes
 * this year's, marks leavers, records every decision with the state it replaced, queues the parents'
 * emails and writes the audit record. A second run (a double click, a retry after a timeout) finds
 * the executed run and changes nothing.
 */
export async function executePromotionRun(db: Queryable, actor: Actor, input: ExecutePromotionInput): Promise<PromotionRunOutcome> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const { classLevelId, rules, classMap, allowOverCapacity } = parseInput(executePromotionInput, input);
  return db.transaction(async (tx) => {
    await lockLevelPromotion(tx, classLevelId);
    const context = await loadPromotionContext(tx, { classLevelId });
    if (context.run?.status === "executed") {
      return {
        status: "already_run" as const,
        runId: context.run.id,
        executedAt: context.run.executedAt,
        executedBy: context.run.executedBy,
        message: `${context.level.name} was already promoted for ${context.fromYear.name}${context.run.executedBy ? ` by ${context.run.executedBy}` : ""}; nothing changed.`,
      };
    }
    const blockers = readinessProblems(context);
    if (blockers.length > 0) throw new ConflictError("The promotion can't run yet.", { problems: blockers });
    const toYear = context.toYear!;
    if (context.students.length === 0) throw new ConflictError(`${context.level.name} has no students enrolled in ${context.fromYear.name}.`);

    const plan = planPromotion({ ...context, rules, classMap, overrides: context.overrides });
    const problems: string[] = [];
    const review = plan.decisions.filter((d) => d.outcome === "review");
    if (review.length > 0) {
      problems.push(`${review.length === 1 ? "One student still needs" : `${review.length} students still need`} a decision (marked review): ${listed(review.map((d) => d.name)).join(", ")}.`);
    }
    for (const d of plan.decisions.filter((x) => x.problem)) problems.push(`${d.name} (${d.className}): ${d.problem}.`);
    const capacityFields: Record<string, string[]> = {};
    if (plan.capacity.length > 0 && !allowOverCapacity) {
      for (const c of plan.capacity) problems.push(`${c.name} would have ${c.wouldHave} students, over its capacity of ${c.capacity}: move students, raise the capacity, or confirm going over it.`);
      capacityFields.allowOverCapacity = ["Confirm to fill classes beyond their capacity"];
    }
    const alreadyPlaced = await selectRows<{ name: string }>(
      tx,
      sql`select s.last_name || ', ' || s.first_name as name from enrolments e join students s on s.id = e.student_id
          where e.academic_year_id = ${toYear.id} and e.status = 'active'
            and e.student_id in (select (jsonb_array_elements_text(${jsonRows(plan.decisions.filter((d) => d.outcome === "promote" || d.outcome === "repeat").map((d) => d.studentId))}))::uuid)
          order by 1`,
    );
    if (alreadyPlaced.length > 0) {
      problems.push(`Already in a class in ${toYear.name}: ${listed(alreadyPlaced.map((r) => r.name)).join(", ")}. Remove those enrolments or mark the students to leave.`);
    }
    if (problems.length > 0) {
      throw new ConflictError(`The promotion can't run yet: ${problems.length === 1 ? "one thing needs" : `${problems.length} things need`} attention.`, {
        problems,
        ...capacityFields,
      });
    }

    const runId = await recordRun(tx, actor, context, { rules, classMap, counts: plan.counts });
    await recordDecisions(tx, runId, plan.decisions);
    await applyDecisions(tx, runId, context);
    const emailsQueued = await queueParentEmails(tx, runId, context);
    await writeAudit(tx, actor, {
      action: "promotions.executed",
      entityType: "promotion_run",
      entityId: runId,
      after: {
        classLevelId,
        fromYear: context.fromYear.name,
        toYear: toYear.name,
        counts: plan.counts,
        overrides: context.overrides.length,
        rules,
        classMap,
        overCapacity: allowOverCapacity ? plan.capacity : [],
        emailsQueued,
      },
    });
    return { status: "executed" as const, runId, counts: plan.counts, emailsQueued };
  });
}

async function recordRun(
  tx: Queryable,
  actor: Actor,
  context: PromotionContextData,
  values: { rules: unknown; classMap: unknown; counts: Record<PromotionOutcome, number> },
): Promise<string> {
  const [run] = await selectRows<{ id: string }>(
    tx,
    context.run
      ? sql`update promotion_runs set status = 'executed', to_academic_year_id = ${context.toYear!.id}, rules = ${JSON.stringify(values.rules)}::jsonb,
              class_map = ${JSON.stringify(values.classMap)}::jsonb, summary = ${JSON.stringify(values.counts)}::jsonb,
              executed_by = ${actor.userId}, executed_at = now()
            where id = ${context.run.id} returning id`
      : sql`insert into promotion_runs (from_academic_year_id, to_academic_year_id, class_level_id, status, rules, class_map, summary, created_by, executed_by, executed_at)
            values (${context.fromYear.id}, ${context.toYear!.id}, ${context.level.id}, 'executed', ${JSON.stringify(values.rules)}::jsonb,
                    ${JSON.stringify(values.classMap)}::jsonb, ${JSON.stringify(values.counts)}::jsonb, ${actor.userId}, ${actor.userId}, now())
            returning id`,
  );
  return run!.id;
}

/** Every student's decision, with the state it replaces (for undo); overrides keep who and why. */
async function recordDecisions(tx: Queryable, runId: string, decisions: PlannedDecision[]): Promise<void> {
  const rows = decisions.map((d) => ({
    studentId: d.studentId,
    computedOutcome: d.computed.outcome,
    computedReason: d.computed.reasons.join("; "),
    outcome: d.outcome,
    targetClassId: d.targetClassId,
    transferDestination: d.transferDestination,
    // Already on the draft's row; repeated here because a row's checks apply before ON CONFLICT merges it.
    overrideReason: d.overrideReason,
  }));
  await tx.execute(sql`
    insert into promotion_decisions (run_id, student_id, from_enrolment_id, computed_outcome, computed_reason, outcome, target_class_id, transfer_destination,
                                     override_reason, prior_state)
    select ${runId}, r."studentId", e.id, r."computedOutcome", r."computedReason", r.outcome, r."targetClassId", r."transferDestination", r."overrideReason",
           jsonb_build_object('enrolmentStatus', e.status, 'leftOn', e.left_on, 'studentStatus', s.status,
                              'statusChangedOn', s.status_changed_on, 'statusReason', s.status_reason)
    from jsonb_to_recordset(${jsonRows(rows)}) as r("studentId" uuid, "computedOutcome" text, "computedReason" text, outcome text,
                                                   "targetClassId" uuid, "transferDestination" text, "overrideReason" text)
    join promotion_runs pr on pr.id = ${runId}
    join enrolments e on e.student_id = r."studentId" and e.academic_year_id = pr.from_academic_year_id and e.status = 'active'
    join students s on s.id = r."studentId"
    on conflict (run_id, student_id) do update set
      from_enrolment_id = excluded.from_enrolment_id, computed_outcome = excluded.computed_outcome, computed_reason = excluded.computed_reason,
      outcome = excluded.outcome, target_class_id = excluded.target_class_id, transfer_destination = excluded.transfer_destination,
      prior_state = excluded.prior_state`);
}

/** Next year's enrolments, this year's closed, and leavers' statuses: set-based, whatever the level's size. */
async function applyDecisions(tx: Queryable, runId: string, context: PromotionContextData): Promise<void> {
  const toYear = context.toYear!;
  await tx.execute(sql`
    with created as (
      insert into enrolments (student_id, class_id, academic_year_id, status, enrolled_on)
      select d.student_id, d.target_class_id, ${toYear.id}, 'active', ${toYear.startsOn}::date
      from promotion_decisions d where d.run_id = ${runId} and d.outcome in ('promote', 'repeat')
      returning id, student_id
    )
    update promotion_decisions d set created_enrolment_id = created.id
    from created where d.run_id = ${runId} and d.student_id = created.student_id`);
  await tx.execute(sql`
    update enrolments e
    set status = case when d.outcome in ('transfer', 'withdraw') then 'withdrawn' else 'completed' end,
        left_on = greatest(e.enrolled_on, ${context.fromYear.endsOn}::date)
    from promotion_decisions d where d.run_id = ${runId} and e.id = d.from_enrolment_id`);
  await tx.execute(sql`
    update students s
    set status = case d.outcome when 'graduate' then 'graduated' when 'transfer' then 'transferred' else 'withdrawn' end,
        status_changed_on = ${context.fromYear.endsOn}::date,
        status_reason = case d.outcome
          when 'graduate' then ${`Graduated from ${context.level.name}, ${context.fromYear.name}`}
          when 'transfer' then 'Transferred to ' || d.transfer_destination
          else d.override_reason end
    from promotion_decisions d where d.run_id = ${runId} and s.id = d.student_id and d.outcome in ('graduate', 'transfer', 'withdraw')`);
}

/** One email per guardian with an address, per child: what was decided, in plain words. */
async function queueParentEmails(tx: Queryable, runId: string, context: PromotionContextData): Promise<number> {
  const rows = await selectRows<{ to: string; guardianId: string; studentId: string; firstName: string; lastName: string; outcome: PromotionOutcome; targetClass: string | null; destination: string | null; school: string | null }>(
    tx,
    sql`select coalesce(nullif(g.email, ''), u.email) as "to", g.id as "guardianId", s.id as "studentId", s.first_name as "firstName", s.last_name as "lastName",
               d.outcome, c.name as "targetClass", d.transfer_destination as destination, (select name from school_profile where id = 1) as school
        from promotion_decisions d
        join students s on s.id = d.student_id
        join guardian_students gs on gs.student_id = d.student_id
        join guardians g on g.id = gs.guardian_id
        left join users u on u.id = g.user_id
        left join classes c on c.id = d.target_class_id
        where d.run_id = ${runId} and coalesce(nullif(g.email, ''), u.email) is not null`,
  );
  if (rows.length === 0) return 0;
  const toYear = context.toYear!.name;
  const emails = rows.map((row) => {
    const child = `${row.firstName} ${row.lastName}`;
    const what: Record<PromotionOutcome, string> = {
      promote: `${child} has been promoted to ${row.targetClass} for ${toYear}.`,
      repeat: `${child} will repeat ${context.level.name}, in ${row.targetClass}, for ${toYear}.`,
      graduate: `${child} has completed ${context.level.name} and graduated. Congratulations!`,
      transfer: `${child}'s transfer to ${row.destination} has been recorded.`,
      withdraw: `${child}'s withdrawal from the school has been recorded.`,
      review: `${child}'s outcome is still being reviewed.`,
    };
    const school = row.school ?? "The school";
    return {
      toAddress: row.to,
      subject: `${child}: end of ${context.fromYear.name}`,
      textBody: `Dear parent or guardian,\n\n${what[row.outcome]}\n\nIf you have questions, please contact the school office.\n\n${school}`,
      idempotencyKey: `promotion:${runId}:${row.studentId}:${row.guardianId}`,
    };
  });
  await tx.execute(sql`
    insert into email_outbox (to_address, subject, text_body, idempotency_key)
    select r."toAddress", r.subject, r."textBody", r."idempotencyKey"
    from jsonb_to_recordset(${jsonRows(emails)}) as r("toAddress" text, subject text, "textBody" text, "idempotencyKey" text)
    on conflict (idempotency_key) do nothing`);
  return emails.length;
}
