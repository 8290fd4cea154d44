import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { formatCell } from "@/lib/domain/grading";
import { parseInput } from "@/lib/validation/common";
import { type CellRef, cellRef, type ScoreHistoryEntry, type ScoreMarkValue } from "@/lib/validation/gradebook";
import { loadOffering } from "./offering-access";

/** Every change to one score cell, newest first, for anyone who may open the offering. */
export async function getScoreHistory(db: Queryable, actor: Actor, input: CellRef): Promise<ScoreHistoryEntry[]> {
  const ref = parseInput(cellRef, input);
  await loadOffering(db, actor, ref.offeringId);
  // The history is the audit trail itself: each save's record lists [student, component, before
  // mark, before value, after mark, after value] for every cell it changed.
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
    sql`select ${isoTime(sql`a.occurred_at`)} as at, u.name as by,
               c->>2 as "beforeMark", c->>3 as "beforeValue", c->>4 as "afterMark", c->>5 as "afterValue", a.reason
        from audit_log a
        cross join lateral jsonb_array_elements(a.after->'cells') c
        left join users u on u.id = a.actor_user_id
        where a.entity_type = 'subject_offering' and a.entity_id = ${ref.offeringId}
          and a.action in ('scores.saved', 'scores.corrected')
          and c->>0 = ${ref.studentId} and c->>1 = ${ref.componentId}
        order by a.occurred_at desc, a.id desc
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
