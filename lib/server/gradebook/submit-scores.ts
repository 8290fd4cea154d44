import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { offeringRef } from "@/lib/validation/gradebook";
import { offeringStudentsSql } from "./get-grade-sheet";
import { loadGradingSetup } from "./grading-setup";
import { moveScoresReview } from "./score-review";

/**
 * A teacher hands an offering's scores in for approval. Every cell must hold a score, ABS or EX:
 * an empty cell is more likely forgotten than meant.
 */
export async function submitScores(db: Queryable, actor: Actor, input: { offeringId: string }) {
  const { offeringId } = parseInput(offeringRef, input);
  return moveScoresReview(db, actor, offeringId, { action: "submit", from: ["open", "returned"], to: "submitted", who: "teacher" }, async (offering, tx) => {
    const { scheme } = await loadGradingSetup(tx, offering);
    const [row] = await selectRows<{ students: number; filled: number }>(
      tx,
      sql`select (select count(*)::int from (${offeringStudentsSql(offeringId)}) t) as students,
                 (select count(*)::int from scores sc where sc.offering_id = ${offeringId}
                    and sc.student_id in (select t.id from (${offeringStudentsSql(offeringId)}) t)
                    and sc.component_id in (select ac.id from assessment_components ac where ac.scheme_id = ${scheme.id})) as filled`,
    );
    const expected = (row?.students ?? 0) * scheme.components.length;
    if (expected === 0) throw new ConflictError("There are no students in this class for this subject, so there is nothing to submit.");
    const empty = expected - (row?.filled ?? 0);
    if (empty > 0) {
      throw new ConflictError(
        `${empty === 1 ? "One cell is" : `${empty} cells are`} still empty. Enter a score, ABS (absent) or EX (exempt) in every cell before submitting.`,
      );
    }
  });
}
