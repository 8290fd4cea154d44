import "server-only";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows, uuidsIn } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { loadGradingSetup } from "@/lib/server/gradebook/grading-setup";
import { enterableOfferings, loadOffering } from "@/lib/server/gradebook/offering-access";
import { saveScores } from "@/lib/server/gradebook/save-scores";
import { getCurrentTerm } from "@/lib/server/school/get-current-term";
import { type ApiPutScoresBody, apiPutScoresBody, type apiPutScoresResult } from "@/lib/validation/api";
import { parseInput } from "@/lib/validation/common";
import type { SaveScoresResult } from "@/lib/validation/gradebook";

export type ApiPutScoresResult = z.output<typeof apiPutScoresResult>;
type Score = z.output<typeof apiPutScoresBody>["scores"][number]["score"];

/** The grid's way of writing a cell: "12.5", "ABS", "EX", "" to clear. */
function rawOf(score: Score): string {
  if (score === null) return "";
  if (score === "absent") return "ABS";
  if (score === "exempt") return "EX";
  return String(score);
}

/**
 * One assessment's scores for students of one class and subject in a term (the current one unless
 * named), written through saveScores, the grade grid's own write: the same access rule (a class and
 * subject the actor may enter scores for, else "not found"), the same checks against the scheme, the
 * term lock and the review status, the same versioned cells and audit record. A PUT says what the
 * cells should hold, so each cell is sent at the version it has now: a cell already holding the value
 * is left alone (a retry changes nothing), and one changed by someone else mid-request is a conflict.
 */
export async function putAssessmentScores(db: Queryable, actor: Actor, input: ApiPutScoresBody): Promise<ApiPutScoresResult> {
  const body = parseInput(apiPutScoresBody, input);
  const termId = body.termId ?? (await getCurrentTerm(db))?.termId;
  if (!termId) throw new ValidationError("There is no current term: name the term.", { termId: ["There is no current term: name the term"] });

  const [found] = await selectRows<{ id: string }>(
    db,
    sql`select so.id from subject_offerings so join subjects s on s.id = so.subject_id
        where so.class_id = ${body.classId} and so.subject_id = ${body.subjectId} and so.term_id = ${termId} and (${enterableOfferings(actor)})`,
  );
  if (!found) throw new NotFoundError("That class and subject was not found for the term, or you can't enter its scores.");
  const offering = await loadOffering(db, actor, found.id);
  const { scheme } = await loadGradingSetup(db, offering);
  if (!scheme.components.some((component) => component.id === body.assessmentId)) {
    const codes = scheme.components.map((component) => component.code).join(", ");
    throw new ValidationError("That assessment is not part of this subject's scheme.", { assessmentId: [`Not part of ${scheme.name} (${codes})`] });
  }

  const stored = await selectRows<{ studentId: string; version: number }>(
    db,
    sql`select sc.student_id as "studentId", sc.version from scores sc
        where sc.offering_id = ${offering.offeringId} and sc.component_id = ${body.assessmentId}
          and sc.student_id in ${uuidsIn(body.scores.map((row) => row.studentId))}`,
  );
  const versionOf = new Map(stored.map((row) => [row.studentId, row.version]));
  const cells = body.scores.map((row) => ({
    studentId: row.studentId,
    componentId: body.assessmentId,
    raw: rawOf(row.score),
    expectedVersion: versionOf.get(row.studentId) ?? 0,
  }));

  let result: SaveScoresResult;
  try {
    result = await saveScores(db, actor, { offeringId: offering.offeringId, cells });
  } catch (error) {
    throw error instanceof ValidationError ? byRow(error, body.scores) : error;
  }
  return {
    offeringId: offering.offeringId,
    termId: offering.termId,
    assessmentId: body.assessmentId,
    saved: result.saved.map((cell) => ({
      studentId: cell.studentId,
      score: cell.mark === null ? null : cell.mark === "score" ? Number(cell.value) : cell.mark,
      version: cell.version,
      changed: cell.version !== (versionOf.get(cell.studentId) ?? 0),
    })),
    conflicts: result.conflicts.map(({ studentId, yours, theirs, changedBy, changedAt }) => ({ studentId, yours, theirs, changedBy, changedAt })),
  };
}

/** The grid names a cell by student and assessment ("cells.<student>.<component>"); an API client by its row. */
function byRow(error: ValidationError, rows: Array<{ studentId: string }>): ValidationError {
  const rowOf = new Map(rows.map((row, index) => [row.studentId, index]));
  const fieldErrors: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(error.fieldErrors)) {
    const [, ref] = key.split(".");
    const index = ref === undefined ? undefined : /^\d+$/.test(ref) ? Number(ref) : rowOf.get(ref);
    const field = index === undefined ? key : messages.some((m) => m.includes("not in this class")) ? `scores.${index}.studentId` : `scores.${index}.score`;
    (fieldErrors[field] ??= []).push(...messages);
  }
  return new ValidationError(error.message, fieldErrors);
}
