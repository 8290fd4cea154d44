import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows, type Transaction } from "@/lib/db/client";
import { formatCell, parseScoreCell, type SchemeComponent } from "@/lib/domain/grading";
import { ConflictError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import {
  type SaveScoresInput,
  type SaveScoresResult,
  saveScoresInput,
  type ScoreConflict,
  type ScoreMarkValue,
  type SavedCell,
} from "@/lib/validation/gradebook";
import { offeringStudentsSql } from "./get-grade-sheet";
import { loadGradingSetup } from "./grading-setup";
import { loadOffering, type OfferingContext, whyScoresAreClosed } from "./offering-access";

type Stored = { studentId: string; componentId: string; mark: ScoreMarkValue; value: string | null; version: number; changedBy: string | null; changedAt: string | null };
type Write = { student_id: string; component_id: string; mark: ScoreMarkValue | null; value: string | null; version: number; expected: number; before_mark: ScoreMarkValue | null; before_value: string | null };

const cellKey = (studentId: string, componentId: string) => `${studentId}:${componentId}`;
const fieldKey = (studentId: string, componentId: string) => `cells.${studentId}.${componentId}`;

/**
 * Saves a batch of score cells for one offering in one transaction. Each cell names the version it
 * was read at: a cell changed by someone else since is reported as a conflict with both values and
 * left alone, while the other cells save. A cell already holding the sent value is reported saved
 * unchanged, so a retry or a double submit changes nothing. Invalid cells refuse the whole batch,
 * each with its message, before anything is written.
 */
export async function saveScores(db: Queryable, actor: Actor, input: SaveScoresInput): Promise<SaveScoresResult> {
  const { offeringId, cells } = parseInput(saveScoresInput, input);
  const duplicates = new Set<string>();
  const seen = new Set<string>();
  for (const cell of cells) {
    const key = cellKey(cell.studentId, cell.componentId);
    if (seen.has(key)) duplicates.add(key);
    seen.add(key);
  }
  if (duplicates.size > 0) {
    throw new ValidationError("The same cell was sent twice in one save.", Object.fromEntries([...duplicates].map((k) => [`cells.${k.replace(":", ".")}`, ["Sent twice"]])));
  }

  return db.transaction(async (tx) => {
    const offering = await loadOffering(tx, actor, offeringId, { lock: "share" });
    const closed = whyScoresAreClosed(offering);
    if (closed) throw new ConflictError(closed);
    return writeCells(tx, actor, offering, cells, null);
  });
}

/**
 * The write shared by saving from the grid and applying an approved change request: validates every
 * cell against the offering's scheme and students, detects stale versions, then writes the scores,
 * their history and one audit record.
 */
export async function writeCells(
  tx: Transaction,
  actor: Actor,
  offering: OfferingContext,
  cells: SaveScoresInput["cells"],
  reason: string | null,
): Promise<SaveScoresResult> {
  const { scheme } = await loadGradingSetup(tx, offering);
  const components = new Map<string, SchemeComponent>(scheme.components.map((c) => [c.id, c]));
  const studentIds = [...new Set(cells.map((c) => c.studentId))];
  const [enrolled, stored] = await Promise.all([
    selectRows<{ id: string }>(
      tx,
      sql`select t.id from (${offeringStudentsSql(offering.offeringId)}) t
          where t.id in (select (jsonb_array_elements_text(${JSON.stringify(studentIds)}::jsonb))::uuid)`,
    ),
    selectRows<Stored>(
      tx,
      sql`select sc.student_id as "studentId", sc.component_id as "componentId", sc.mark, sc.value::text as value, sc.version,
                 u.name as "changedBy", sc.updated_at::text as "changedAt"
          from scores sc
          left join users u on u.id = sc.updated_by
          where sc.offering_id = ${offering.offeringId}
            and sc.student_id in (select (jsonb_array_elements_text(${JSON.stringify(studentIds)}::jsonb))::uuid)`,
    ),
  ]);
  const enrolledIds = new Set(enrolled.map((r) => r.id));
  const storedByKey = new Map(stored.map((r) => [cellKey(r.studentId, r.componentId), r]));

  const fieldErrors: Record<string, string[]> = {};
  const parsed = cells.map((cell) => {
    const component = components.get(cell.componentId);
    const key = fieldKey(cell.studentId, cell.componentId);
    if (!enrolledIds.has(cell.studentId)) {
      fieldErrors[key] = ["This student is not in this class for this subject."];
      return null;
    }
    if (!component) {
      fieldErrors[key] = ["This assessment is not part of this subject's scheme."];
      return null;
    }
    const result = parseScoreCell(cell.raw, component.maxScore);
    if (!result.ok) {
      fieldErrors[key] = [result.message];
      return null;
    }
    const mark: ScoreMarkValue | null = result.kind === "empty" ? null : result.kind === "score" ? "score" : result.kind;
    const value = result.kind === "score" ? result.value : null;
    return { cell, mark, value };
  });
  if (Object.keys(fieldErrors).length > 0) throw new ValidationError(describeCellErrors(Object.keys(fieldErrors).length), fieldErrors);

  const saved: SavedCell[] = [];
  const conflicts: ScoreConflict[] = [];
  const writes: Write[] = [];
  for (const entry of parsed) {
    if (!entry) continue;
    const { cell, mark, value } = entry;
    const current = storedByKey.get(cellKey(cell.studentId, cell.componentId));
    const currentVersion = current?.version ?? 0;
    if ((current?.mark ?? null) === mark && sameValue(current?.value ?? null, value)) {
      saved.push({ studentId: cell.studentId, componentId: cell.componentId, version: currentVersion, mark, value: current?.value ?? null });
      continue;
    }
    if (currentVersion !== cell.expectedVersion) {
      conflicts.push(conflictOf(cell, current));
      continue;
    }
    writes.push({
      student_id: cell.studentId,
      component_id: cell.componentId,
      mark,
      value,
      version: mark === null ? 0 : currentVersion + 1,
      expected: currentVersion,
      before_mark: current?.mark ?? null,
      before_value: current?.value ?? null,
    });
  }
  if (writes.length === 0) return { saved, conflicts };

  if (!offering.pinnedSchemeId) {
    await tx.execute(sql`update subject_offerings set assessment_scheme_id = ${scheme.id} where id = ${offering.offeringId} and assessment_scheme_id is null`);
  }
  // One statement writes the scores, clears the emptied cells and appends the history. The version
  // guard in each write makes a concurrent change (between our read and this write) lose nothing:
  // the cell is simply not returned and is reported as a conflict below.
  const written = await selectRows<{ studentId: string; componentId: string; version: number; mark: ScoreMarkValue | null; value: string | null }>(
    tx,
    sql`
      with w as (
        select * from jsonb_to_recordset(${JSON.stringify(writes)}::jsonb)
          as r(student_id uuid, component_id uuid, mark text, value numeric, version int, expected int, before_mark text, before_value numeric)),
      upserted as (
        insert into scores (offering_id, student_id, component_id, mark, value, version, updated_by)
        select ${offering.offeringId}, w.student_id, w.component_id, w.mark, w.value, w.version, ${actor.userId}
        from w where w.mark is not null
        on conflict (offering_id, student_id, component_id) do update
          set mark = excluded.mark, value = excluded.value, version = excluded.version,
              updated_by = excluded.updated_by, updated_at = now()
          where scores.version = excluded.version - 1 -- the version this save read
        returning student_id, component_id, version, mark, value),
      deleted as (
        delete from scores sc using w
        where w.mark is null and sc.offering_id = ${offering.offeringId}
          and sc.student_id = w.student_id and sc.component_id = w.component_id
          and sc.version = w.expected
        returning sc.student_id, sc.component_id, 0 as version, null::text as mark, null::numeric as value),
      done as (select * from upserted union all select * from deleted),
      history as (
        insert into score_changes (offering_id, student_id, component_id, before_mark, before_value, after_mark, after_value, version, changed_by, reason)
        select ${offering.offeringId}, d.student_id, d.component_id, w.before_mark, w.before_value, d.mark, d.value, d.version, ${actor.userId}, ${reason}
        from done d join w on w.student_id = d.student_id and w.component_id = d.component_id)
      select student_id as "studentId", component_id as "componentId", version, mark, value::text as value from done`,
  );
  const writtenKeys = new Set(written.map((r) => cellKey(r.studentId, r.componentId)));
  for (const row of written) saved.push({ studentId: row.studentId, componentId: row.componentId, version: row.version, mark: row.mark, value: row.value });
  const lost = writes.filter((w) => !writtenKeys.has(cellKey(w.student_id, w.component_id)));
  if (lost.length > 0) conflicts.push(...(await reportRaces(tx, offering.offeringId, lost, cells)));

  if (written.length > 0) {
    const byKey = new Map(writes.map((w) => [cellKey(w.student_id, w.component_id), w]));
    await writeAudit(tx, actor, {
      action: reason ? "scores.corrected" : "scores.saved",
      entityType: "subject_offering",
      entityId: offering.offeringId,
      before: written.map((r) => {
        const w = byKey.get(cellKey(r.studentId, r.componentId))!;
        return { studentId: r.studentId, componentId: r.componentId, score: formatCell(w.before_mark, w.before_value) };
      }),
      after: written.map((r) => ({ studentId: r.studentId, componentId: r.componentId, score: formatCell(r.mark, r.value), version: r.version })),
      reason,
    });
  }
  return { saved, conflicts };
}

function sameValue(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Number(a) === Number(b);
}

function conflictOf(cell: SaveScoresInput["cells"][number], current: Stored | undefined): ScoreConflict {
  return {
    studentId: cell.studentId,
    componentId: cell.componentId,
    yours: cell.raw.trim(),
    theirs: current ? formatCell(current.mark, current.value) : "",
    theirVersion: current?.version ?? 0,
    changedBy: current?.changedBy ?? null,
    changedAt: current?.changedAt ?? null,
  };
}

/** Cells another save changed between our read and our write: read them again to show both values. */
async function reportRaces(tx: Queryable, offeringId: string, lost: Write[], cells: SaveScoresInput["cells"]): Promise<ScoreConflict[]> {
  const now = await selectRows<Stored>(
    tx,
    sql`select sc.student_id as "studentId", sc.component_id as "componentId", sc.mark, sc.value::text as value, sc.version,
               u.name as "changedBy", sc.updated_at::text as "changedAt"
        from scores sc left join users u on u.id = sc.updated_by
        where sc.offering_id = ${offeringId}
          and (sc.student_id, sc.component_id) in (select r.s, r.c from jsonb_to_recordset(${JSON.stringify(lost.map((w) => ({ s: w.student_id, c: w.component_id })))}::jsonb) as r(s uuid, c uuid))`,
  );
  const byKey = new Map(now.map((r) => [cellKey(r.studentId, r.componentId), r]));
  return lost.map((w) => {
    const cell = cells.find((c) => c.studentId === w.student_id && c.componentId === w.component_id)!;
    return conflictOf(cell, byKey.get(cellKey(w.student_id, w.component_id)));
  });
}

function describeCellErrors(count: number): string {
  return count === 1 ? "One score needs attention; nothing was saved." : `${count} scores need attention; nothing was saved.`;
}
