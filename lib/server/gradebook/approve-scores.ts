import "server-only";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { parseInput } from "@/lib/validation/common";
import { offeringRef } from "@/lib/validation/gradebook";
import { moveScoresReview } from "./score-review";

/** A head of department or an administrator approves submitted scores, which locks them. */
export async function approveScores(db: Queryable, actor: Actor, input: { offeringId: string }) {
  const { offeringId } = parseInput(offeringRef, input);
  return moveScoresReview(db, actor, offeringId, { action: "approve", from: ["submitted"], to: "approved", who: "reviewer" });
}
