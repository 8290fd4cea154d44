import "server-only";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { parseInput } from "@/lib/validation/common";
import { unlockScoresInput } from "@/lib/validation/gradebook";
import { moveScoresReview } from "./score-review";

/** Reopens approved scores for the teacher; the reason is kept with the audit record and shown to them. */
export async function unlockScores(db: Queryable, actor: Actor, input: { offeringId: string; reason: string }) {
  const { offeringId, reason } = parseInput(unlockScoresInput, input);
  return moveScoresReview(db, actor, offeringId, { action: "unlock", from: ["approved"], to: "returned", who: "reviewer", comment: reason });
}
