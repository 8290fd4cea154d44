import "server-only";
import { sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, jsonRows, type Queryable, selectRows, type Transaction } from "@/lib/db/client";
import { formatCell, parseScoreCell, type SchemeComponent } from "@/lib/domain/grading";
import { ConflictError, ValidationError } from "@/lib/errors";
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
 * The write shared by saving from the grid, the CSV import and an approved change request. Every
 * cell is checked against the scheme in JavaScript first (the messages the grid shows), then one
 * statement checks the students belong to the offering, compares each cell with what is stored,
 * writes the cells still at the version the teacher read, and appends one audit record whose
 * [student, component, before, after] entries are the cells' history (getScoreHistory reads them).
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
  const fieldErrors: Record<string, string[]> = {};
  const input: Input[] = [];
  for (const cell of cells) {
    const component = components.get(cell.componentId);
    const key = fieldKey(cell.studentId, cell.componentId);
    if (!component) {
      fieldErrors[key] = ["This assessment is not part of this subject's scheme."];
      continue;
    }
    const result = parseScoreCell(cell.raw, component.maxScore);
    if (!result.ok) {
      fieldErrors[key] = [result.message];
      continue;
    }
    const mark = result.kind === "empty" ? null : result.kind === "score" ? "score" : result.kind;
    input.push({ s: cell.studentId, c: cell.componentId, m: mark, v: result.kind === "score" ? result.value : null, e: cell.expectedVersion });
  }
  if (Object.keys(fieldErrors).length > 0) throw new ValidationError(describeCellErrors(Object.keys(fieldErrors).length), fieldErrors);

  if (!offering.pinnedSchemeId) {
    await tx.execute(sql`update subject_offerings set assessment_scheme_id = ${scheme.id} where id = ${offering.offeringId} and assessment_scheme_id is null`);
  }
  // The version guards make a change that lands between this statement's read and its write lose
  // nothing: that cell is simply not written, and is reported as a conflict below.
  const rows = await selectRows<Outcome>(
    tx,
    sql`
      with w as (
        select * from jsonb_to_recordset(${jsonRows(input)}) as r(s uuid, c uuid, m text, v numeric, e int)),
      outsiders as (
        select w.s from w where w.s not in (select t.id from (${offeringStudentsSql(offering.offeringId)}) t)),
      plan as (
        select w.s, w.c, w.m, w.v, sc.mark as old_mark, sc.value as old_value, coalesce(sc.version, 0) as old_version,
               case when sc.mark is not distinct from w.m and sc.value is not distinct from w.v then 'same'
                    when coalesce(sc.version, 0) <> w.e then 'stale'
                    else 'write' end as step
        from w left join scores sc on sc.offering_id = ${offering.offeringId} and sc.student_id = w.s and sc.component_id = w.c
        where not exists (select 1 from outsiders)),
      upserted as (
        insert into scores (offering_id, student_id, component_id, mark, value, version, updated_by)
        select ${offering.offeringId}, p.s, p.c, p.m, p.v, p.old_version + 1, ${actor.userId} from plan p where p.step = 'write' and p.m is not null
        on conflict (offering_id, student_id, component_id) do update
          set mark = excluded.mark, value = excluded.value, version = excluded.version, updated_by = excluded.updated_by, updated_at = now()
          where scores.version = excluded.version - 1
        returning student_id as s, component_id as c, version),
      deleted as (
        delete from scores sc using plan p
        where p.step = 'write' and p.m is null and sc.offering_id = ${offering.offeringId}
          and sc.student_id = p.s and sc.component_id = p.c and sc.version = p.old_version
        returning sc.student_id as s, sc.component_id as c, 0 as version),
      done as (select * from upserted union all select * from deleted),
      audit as (
        insert into audit_log (actor_user_id, action, entity_type, entity_id, after, reason, request_id)
        select ${actor.userId}, ${reason ? "scores.corrected" : "scores.saved"}, 'subject_offering', ${offering.offeringId},
               jsonb_build_object('cellsChanged', count(*),
                 'cells', jsonb_agg(jsonb_build_array(p.s, p.c, p.old_mark, p.old_value::text, p.m, p.v::text) order by p.s, p.c)),
               ${reason}, ${actor.requestId ?? null}
        from done d join plan p on p.s = d.s and p.c = d.c
        having count(*) > 0)
      select p.s as "studentId", p.c as "componentId", p.step, d.version as "newVersion",
             p.m as mark, p.v::text as value, p.old_mark as "oldMark", p.old_value::text as "oldValue", p.old_version as "oldVersion",
             null as outsider
      from plan p left join done d on d.s = p.s and d.c = p.c
      union all
      select o.s, null, null, null, null, null, null, null, null, 'yes' from outsiders o`,
  );

  const outsiders = rows.filter((r) => r.outsider);
  if (outsiders.length > 0) {
    const errors: Record<string, string[]> = {};
    const outside = new Set(outsiders.map((r) => r.studentId));
    for (const cell of cells) if (outside.has(cell.studentId)) errors[fieldKey(cell.studentId, cell.componentId)] = ["This student is not in this class for this subject."];
    throw new ValidationError(describeCellErrors(Object.keys(errors).length), errors);
  }
  const saved: SavedCell[] = [];
  const stale: Array<{ studentId: string; componentId: string }> = [];
  for (const row of rows) {
    if (row.step === "same") {
      saved.push({ studentId: row.studentId, componentId: row.componentId!, version: row.oldVersion!, mark: row.oldMark, value: row.oldValue });
    } else if (row.newVersion !== null) {
      saved.push({ studentId: row.studentId, componentId: row.componentId!, version: row.newVersion, mark: row.mark, value: row.mark === null ? null : normalised(row.value) });
    } else {
      stale.push({ studentId: row.studentId, componentId: row.componentId! });
    }
  }
  const conflicts = stale.length > 0 ? await reportConflicts(tx, offering.offeringId, stale, cells) : [];
  return { saved, conflicts };
}

type Input = { s: string; c: string; m: ScoreMarkValue | null; v: string | null; e: number };
type Outcome = {
  studentId: string;
  componentId: string | null;
  step: "same" | "stale" | "write" | null;
  newVersion: number | null;
  mark: ScoreMarkValue | null;
  value: string | null;
  oldMark: ScoreMarkValue | null;
  oldValue: string | null;
  oldVersion: number | null;
  outsider: string | null;
};

/** A value as the numeric(6,2) column returns it ("7" → "7.00"), so a saved cell reads the same as a loaded one. */
function normalised(value: string | null): string | null {
  return value === null ? null : Number(value).toFixed(2);
}

/** Cells someone else changed since they were read: what is stored now, and by whom, beside what was typed. */
async function reportConflicts(
  tx: Queryable,
  offeringId: string,
  stale: Array<{ studentId: string; componentId: string }>,
  cells: SaveScoresInput["cells"],
): Promise<ScoreConflict[]> {
  const now = await selectRows<Stored>(
    tx,
    sql`select sc.student_id as "studentId", sc.component_id as "componentId", sc.mark, sc.value::text as value, sc.version,
               u.name as "changedBy", ${isoTime(sql`sc.updated_at`)} as "changedAt"
        from scores sc left join users u on u.id = sc.updated_by
        where sc.offering_id = ${offeringId}
          and (sc.student_id, sc.component_id) in (select r.s, r.c from jsonb_to_recordset(${jsonRows(stale.map((x) => ({ s: x.studentId, c: x.componentId })))}) as r(s uuid, c uuid))`,
  );
  const byKey = new Map(now.map((r) => [cellKey(r.studentId, r.componentId), r]));
  return stale.map((x) => {
    const cell = cells.find((c) => c.studentId === x.studentId && c.componentId === x.componentId)!;
    return conflictOf(cell, byKey.get(cellKey(x.studentId, x.componentId)));
  });
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

function describeCellErrors(count: number): string {
  return count === 1 ? "One score needs attention; nothing was saved." : `${count} scores need attention; nothing was saved.`;
}
