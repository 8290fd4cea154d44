import "server-only";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { parseInput } from "@/lib/validation/common";
import { returnScoresInput } from "@/lib/validation/gradebook";
import { moveScoresReview } from "./score-review";

/** A reviewer sends submitted scores back to the teacher with a comment saying what to fix. */
export async function returnScores(db: Queryable, actor: Actor, input: { offeringId: string; comment: string }) {
  const { offeringId, comment } = parseInput(returnScoresInput, input);
  return moveScoresReview(db, actor, offeringId, { action: "return", from: ["submitted"], to: "returned", who: "reviewer", comment });
}
