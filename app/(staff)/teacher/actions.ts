"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { approveScores } from "@/lib/server/gradebook/approve-scores";
import { decideScoreChange } from "@/lib/server/gradebook/decide-score-change";
import { getScoreHistory } from "@/lib/server/gradebook/get-score-history";
import { requestScoreChange } from "@/lib/server/gradebook/request-score-change";
import { returnScores } from "@/lib/server/gradebook/return-scores";
import { saveScores } from "@/lib/server/gradebook/save-scores";
import { submitScores } from "@/lib/server/gradebook/submit-scores";
import { unlockScores } from "@/lib/server/gradebook/unlock-scores";
import type { CellRef, RequestScoreChangeInput, SaveScoresInput } from "@/lib/validation/gradebook";

const refreshOffering = (offeringId: unknown) => {
  if (typeof offeringId === "string") revalidatePath(`/teacher/offerings/${offeringId}`);
  revalidatePath("/teacher/review");
};

// Autosave doesn't revalidate the page: the grid already holds what it saved, and a re-render of
// the server component on every keystroke pause would be wasted work.
export async function saveScoresAction(input: SaveScoresInput) {
  return runAction("saveScores", ({ db, actor }) => saveScores(db, actor, input));
}

export async function getScoreHistoryAction(input: CellRef) {
  return runAction("getScoreHistory", ({ db, actor }) => getScoreHistory(db, actor, input));
}

export async function submitScoresAction(input: { offeringId: string }) {
  return runAction("submitScores", async ({ db, actor }) => {
    const result = await submitScores(db, actor, input);
    refreshOffering(input.offeringId);
    return result;
  });
}

export async function approveScoresAction(input: { offeringId: string }) {
  return runAction("approveScores", async ({ db, actor }) => {
    const result = await approveScores(db, actor, input);
    refreshOffering(input.offeringId);
    return result;
  });
}

export async function returnScoresAction(input: { offeringId: string; comment: string }) {
  return runAction("returnScores", async ({ db, actor }) => {
    const result = await returnScores(db, actor, input);
    refreshOffering(input.offeringId);
    return result;
  });
}

export async function unlockScoresAction(input: { offeringId: string; reason: string }) {
  return runAction("unlockScores", async ({ db, actor }) => {
    const result = await unlockScores(db, actor, input);
    refreshOffering(input.offeringId);
    return result;
  });
}

export async function requestScoreChangeAction(input: RequestScoreChangeInput) {
  return runAction("requestScoreChange", async ({ db, actor }) => {
    const result = await requestScoreChange(db, actor, input);
    refreshOffering(input.offeringId);
    return result;
  });
}

export async function decideScoreChangeAction(input: { requestId: string; approve: boolean; comment?: string }) {
  return runAction("decideScoreChange", async ({ db, actor }) => {
    const result = await decideScoreChange(db, actor, input);
    revalidatePath("/teacher/review");
    return result;
  });
}
