import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import type { PromotionOutcome, PromotionRules } from "@/lib/domain/promotion";
import { NotFoundError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import { MANAGE_MESSAGE } from "./get-promotion-preview";

export type PromotionRunSummary = {
  id: string;
  levelName: string;
  fromYear: string;
  toYear: string;
  status: "draft" | "executed" | "undone";
  counts: Record<PromotionOutcome, number> | null;
  overrides: number;
  executedBy: string | null;
  executedAt: string | null;
  undoneBy: string | null;
  undoneAt: string | null;
  undoReason: string | null;
};

const summaryColumns = sql`r.id, l.name as "levelName", fy.name as "fromYear", ty.name as "toYear", r.status, r.summary as counts,
  (select count(*)::int from promotion_decisions d where d.run_id = r.id and d.override_reason is not null) as overrides,
  eu.name as "executedBy", case when r.executed_at is null then null else ${isoTime(sql`r.executed_at`)} end as "executedAt",
  uu.name as "undoneBy", case when r.undone_at is null then null else ${isoTime(sql`r.undone_at`)} end as "undoneAt", r.undo_reason as "undoReason"`;
const summaryJoins = sql`from promotion_runs r join class_levels l on l.id = r.class_level_id
  join academic_years fy on fy.id = r.from_academic_year_id join academic_years ty on ty.id = r.to_academic_year_id
  left join users eu on eu.id = r.executed_by left join users uu on uu.id = r.undone_by`;

/** Every run that was executed (and possibly undone), newest first: the school's promotion history. */
export async function listPromotionRuns(db: Queryable, actor: Actor): Promise<PromotionRunSummary[]> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  return selectRows<PromotionRunSummary>(db, sql`select ${summaryColumns} ${summaryJoins} where r.status <> 'draft' order by coalesce(r.executed_at, r.created_at) desc`);
}

export type PromotionRunDetail = PromotionRunSummary & {
  rules: PromotionRules;
  decisions: Array<{
    studentId: string;
    name: string;
    fromClass: string;
    computedOutcome: PromotionOutcome;
    computedReason: string;
    outcome: PromotionOutcome;
    targetClass: string | null;
    transferDestination: string | null;
    overrideReason: string | null;
    overriddenBy: string | null;
  }>;
};

/** One run as it was recorded: its rules, and every student's decision with any override and its reason. */
export async function getPromotionRun(db: Queryable, actor: Actor, input: { runId: string }): Promise<PromotionRunDetail> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const { runId } = parseInput(z.object({ runId: idSchema }), input);
  const [run] = await selectRows<PromotionRunSummary & { rules: PromotionRules }>(db, sql`select ${summaryColumns}, r.rules ${summaryJoins} where r.id = ${runId}`);
  if (!run) throw new NotFoundError("That promotion run was not found.");
  const decisions = await selectRows<PromotionRunDetail["decisions"][number]>(
    db,
    sql`select d.student_id as "studentId", s.last_name || ', ' || s.first_name as name, fc.name as "fromClass",
               d.computed_outcome as "computedOutcome", d.computed_reason as "computedReason", d.outcome, tc.name as "targetClass",
               d.transfer_destination as "transferDestination", d.override_reason as "overrideReason", ou.name as "overriddenBy"
        from promotion_decisions d join students s on s.id = d.student_id
        join enrolments fe on fe.id = d.from_enrolment_id join classes fc on fc.id = fe.class_id
        left join classes tc on tc.id = d.target_class_id left join users ou on ou.id = d.overridden_by
        where d.run_id = ${runId} order by fc.name, s.last_name, s.first_name`,
  );
  return { ...run, decisions };
}
