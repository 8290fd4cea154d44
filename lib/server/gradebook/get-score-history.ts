import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { formatCell } from "@/lib/domain/grading";
import { parseInput } from "@/lib/validation/common";
import { type CellRef, cellRef, type ScoreHistoryEntry, type ScoreMarkValue } from "@/lib/validation/gradebook";
import { loadOffering } from "./offering-access";

/** Every change to one score cell, newest first, for anyone who may open the offering. */
export async function getScoreHistory(db: Queryable, actor: Actor, input: CellRef): Promise<ScoreHistoryEntry[]> {
  const ref = parseInput(cellRef, input);
  await loadOffering(db, actor, ref.offeringId);
  const rows = await selectRows<{
    at: string;
    by: string | null;
    beforeMark: ScoreMarkValue | null;
    beforeValue: string | null;
    afterMark: ScoreMarkValue | null;
    afterValue: string | null;
    reason: string | null;
  }>(
    db,
    sql`select to_char(h.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at, u.name as by,
               h.before_mark as "beforeMark", h.before_value::text as "beforeValue",
               h.after_mark as "afterMark", h.after_value::text as "afterValue", h.reason
        from score_changes h left join users u on u.id = h.changed_by
        where h.offering_id = ${ref.offeringId} and h.student_id = ${ref.studentId} and h.component_id = ${ref.componentId}
        order by h.changed_at desc, h.id desc
        limit 200`,
  );
  return rows.map((r) => ({
    at: r.at,
    by: r.by,
    before: formatCell(r.beforeMark, r.beforeValue),
    after: formatCell(r.afterMark, r.afterValue),
    reason: r.reason,
  }));
}
