// The gradebook's inputs and results, shared by the grade-entry grid (client) and lib/server/gradebook.
import { z } from "zod";
import { idSchema } from "./common";

/** What the grid sends for one cell: the text as typed ("12.5", "ABS", "EX", "" to clear). */
export const scoreCellInput = z.object({
  studentId: idSchema,
  componentId: idSchema,
  raw: z.string().max(20, "A score is at most 20 characters"),
  /** The version the teacher's copy was read at; 0 when the cell was empty. */
  expectedVersion: z.number().int().min(0),
});
export type ScoreCellInput = z.infer<typeof scoreCellInput>;

export const saveScoresInput = z.object({
  offeringId: idSchema,
  cells: z.array(scoreCellInput).min(1, "Nothing to save").max(5000, "At most 5,000 cells can be saved at once"),
});
export type SaveScoresInput = z.infer<typeof saveScoresInput>;

export type ScoreMarkValue = "score" | "absent" | "exempt";

/** A cell as stored, after a save: version 0 means the cell is now empty. */
export type SavedCell = { studentId: string; componentId: string; version: number; mark: ScoreMarkValue | null; value: string | null };

/** Someone else saved the cell since the teacher read it: both values, for the teacher to choose. */
export type ScoreConflict = {
  studentId: string;
  componentId: string;
  /** What this teacher tried to save, as typed. */
  yours: string;
  /** What is stored now, formatted as the grid shows it ("" when cleared). */
  theirs: string;
  theirVersion: number;
  changedBy: string | null;
  changedAt: string | null;
};

export type SaveScoresResult = {
  saved: SavedCell[];
  conflicts: ScoreConflict[];
};

/** One change to one cell, newest first in a history. */
export type ScoreHistoryEntry = {
  at: string;
  by: string | null;
  before: string;
  after: string;
  reason: string | null;
};

export const cellRef = z.object({ offeringId: idSchema, studentId: idSchema, componentId: idSchema });
export type CellRef = z.infer<typeof cellRef>;

const reasonText = (what: string) =>
  z
    .string({ error: `Give a reason for the ${what}` })
    .trim()
    .min(5, `Give a reason for the ${what} (at least 5 characters)`)
    .max(500, "The reason is at most 500 characters");

export const offeringRef = z.object({ offeringId: idSchema });
export const returnScoresInput = z.object({ offeringId: idSchema, comment: reasonText("return") });
export const unlockScoresInput = z.object({ offeringId: idSchema, reason: reasonText("unlock") });
export const lockTermInput = z.object({ termId: idSchema, unlock: z.boolean().default(false), reason: z.string().trim().max(500).optional() });

export const requestScoreChangeInput = z.object({
  offeringId: idSchema,
  studentId: idSchema,
  componentId: idSchema,
  raw: z.string().max(20),
  reason: reasonText("change"),
});
export type RequestScoreChangeInput = z.infer<typeof requestScoreChangeInput>;

export const decideScoreChangeInput = z.object({
  requestId: idSchema,
  approve: z.boolean(),
  comment: z.string().trim().max(500).optional(),
});
