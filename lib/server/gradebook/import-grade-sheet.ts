// Importing an offering's scores from a CSV file shaped like the export: the check (every problem by
// row and column, and what would change) and the apply, which writes through saveScores.
import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { jsonRows, type Queryable, selectRows } from "@/lib/db/client";
import { ImportFileError, type ParsedCsv, parseImportCsv } from "@/lib/domain/csv-import";
import { formatCell, parseScoreCell, type SchemeComponent } from "@/lib/domain/grading";
import { ConflictError, ValidationError } from "@/lib/errors";
import { idSchema, parseInput } from "@/lib/validation/common";
import type { ScoreCellInput, ScoreMarkValue } from "@/lib/validation/gradebook";
import { normalizeHeader } from "@/lib/validation/imports";
import { EXPORT_FIXED_HEADINGS } from "./export-grade-sheet";
import { type GradeSheet, getGradeSheet } from "./get-grade-sheet";
import { saveScores } from "./save-scores";

export const GRADE_IMPORT_MAX_BYTES = 1024 * 1024;
export const GRADE_IMPORT_MAX_ROWS = 2_000;
/** Issues and changes sent back to the page at most; the counts always cover the whole file. */
const MAX_LISTED = 1_000;
/** saveScores takes at most this many cells per call. */
const SAVE_BATCH = 5_000;

const tooBig = "The file is larger than 1 MB. Split it into smaller files.";

export const gradeImportInput = z.object({
  offeringId: idSchema,
  // Characters first (cheap, and never more than the bytes), so a huge text is refused before it is encoded.
  csv: z
    .string({ error: "Choose a CSV file" })
    .min(1, "The file is empty.")
    .refine((text) => text.length <= GRADE_IMPORT_MAX_BYTES && new TextEncoder().encode(text).byteLength <= GRADE_IMPORT_MAX_BYTES, tooBig),
});
export type GradeImportInput = z.input<typeof gradeImportInput>;

export type GradeImportIssue = {
  /** As a spreadsheet numbers it (the header is row 1); null for the file as a whole. */
  row: number | null;
  /** The column's heading in the file; null for a whole row or the whole file. */
  column: string | null;
  severity: "error" | "warning";
  /** A whole sentence: "Row 14, column CA2: Above the maximum of 10". */
  message: string;
};

export type GradeImportChange = { row: number; admissionNumber: string; name: string; code: string; before: string; after: string };

export type GradeImportResult = {
  /** True once the scores are saved; false for a check, or an apply refused because the file has errors. */
  applied: boolean;
  /** Data rows in the file. */
  rows: number;
  counts: {
    /** Cells empty in the sheet that the file fills. */
    added: number;
    /** Cells the file gives a different score. */
    changed: number;
    /** Cells the file gives the score already stored. */
    unchanged: number;
    /** Cells empty in the file: the stored score is left as it is. */
    leftAlone: number;
  };
  errorCount: number;
  warningCount: number;
  /** Errors first by row, the first MAX_LISTED. */
  issues: GradeImportIssue[];
  /** The cells to add or change (after an apply: added or changed), in file order, the first MAX_LISTED. */
  changes: GradeImportChange[];
  /** After an apply: cells someone else saved between the check and the write, left as they saved them. */
  conflicts: number;
};

/** The dry run: the file checked against the offering's students, scheme and stored scores; nothing saved. */
export async function previewGradeSheetImport(db: Queryable, actor: Actor, input: GradeImportInput): Promise<GradeImportResult> {
  const { offeringId, csv } = parseInput(gradeImportInput, input);
  const plan = await planGradeImport(db, actor, offeringId, csv);
  return resultOf(plan, { applied: false, conflicts: [] });
}

/**
 * Checks the file again, then writes every added or changed cell through saveScores, each against
 * the version stored now: the import is the teacher's deliberate overwrite, the check its
 * confirmation. One transaction, audited and versioned with history like any save; importing the
 * same file again finds nothing to change. A file with errors writes nothing.
 */
export async function applyGradeSheetImport(db: Queryable, actor: Actor, input: GradeImportInput): Promise<GradeImportResult> {
  const { offeringId, csv } = parseInput(gradeImportInput, input);
  return db.transaction(async (tx) => {
    const plan = await planGradeImport(tx, actor, offeringId, csv);
    if (plan.errorCount > 0) return resultOf(plan, { applied: false, conflicts: [] });
    const conflicts: Array<{ studentId: string; componentId: string }> = [];
    const cells = plan.writes.map((w) => w.cell);
    for (let start = 0; start < cells.length; start += SAVE_BATCH) {
      const saved = await saveScores(tx, actor, { offeringId, cells: cells.slice(start, start + SAVE_BATCH) });
      conflicts.push(...saved.conflicts);
    }
    return resultOf(plan, { applied: true, conflicts });
  });
}

// ---------------------------------------------------------------------------------------------

type Column = { index: number; heading: string };
type Issue = GradeImportIssue & { columnIndex: number };
type PlannedWrite = { cell: ScoreCellInput; kind: "added" | "changed"; change: GradeImportChange };
type Plan = {
  rows: number;
  issues: Issue[];
  writes: PlannedWrite[];
  unchanged: number;
  leftAlone: number;
  errorCount: number;
};

async function planGradeImport(db: Queryable, actor: Actor, offeringId: string, text: string): Promise<Plan> {
  // Access first: an offering the actor may not open is "not found" whatever the file holds.
  const sheet = await getGradeSheet(db, actor, { offeringId });
  if (!sheet.editable) throw new ConflictError(sheet.readOnlyReason ?? "These scores can't be changed now.");
  const csv = readFile(text);
  const layout = readHeader(sheet, csv.header);
  if (!layout.admission || layout.components.length === 0) return finishPlan(csv, layout.issues, [], 0, 0);

  const byNumber = new Map(sheet.students.map((s) => [s.admissionNumber.toLowerCase(), s]));
  const admissionIndex = layout.admission.index;
  const unknown = [...new Set(csv.rows.map((r) => (r.cells[admissionIndex] ?? "").toLowerCase()).filter((n) => n !== "" && !byNumber.has(n)))];
  const notTaking = await classmatesNotTakingSubject(db, offeringId, unknown);

  const issues = [...layout.issues];
  const error = (row: number, column: Column | null, message: string) =>
    issues.push({ row, column: column?.heading ?? null, columnIndex: column?.index ?? -1, severity: "error", message });
  const warning = (row: number, column: Column | null, message: string) =>
    issues.push({ row, column: column?.heading ?? null, columnIndex: column?.index ?? -1, severity: "warning", message });

  type Pending = { row: number; studentId: string; name: string; admissionNumber: string; component: SchemeComponent; mark: ScoreMarkValue; value: string | null };
  const pending: Pending[] = [];
  const rowsByStudent = new Map<string, Array<{ row: number; value: string }>>();
  let leftAlone = 0;

  for (const { row, cells } of csv.rows) {
    if (cells.slice(csv.header.length).some((cell) => cell !== "")) {
      error(row, null, `Row ${row} has ${cells.length} cells but the header row has ${csv.header.length}: a cell may contain an unquoted comma`);
    }
    const admission = cells[admissionIndex] ?? "";
    const student = admission === "" ? undefined : byNumber.get(admission.toLowerCase());
    if (admission === "") {
      error(row, layout.admission, `${where(row, layout.admission)} is empty, and it is required`);
    } else if (!student) {
      const why = notTaking.has(admission.toLowerCase())
        ? `${shown(admission)} is in this class but does not take this subject`
        : `no student with admission number ${shown(admission)} in this class`;
      error(row, null, `Row ${row}: ${why}`);
    } else {
      const copies = rowsByStudent.get(student.id);
      if (copies) copies.push({ row, value: admission });
      else rowsByStudent.set(student.id, [{ row, value: admission }]);
      const named = layout.name ? (cells[layout.name.index] ?? "") : "";
      if (layout.name && named !== "" && nameWords(named) !== nameWords(student.name)) {
        warning(row, layout.name, `${where(row, layout.name)}: the file says ${shown(named)} but ${shown(admission)} is ${student.name}: check the admission number`);
      }
    }

    for (const { component, column } of layout.components) {
      const raw = cells[column.index] ?? "";
      if (raw === "") {
        if (student) leftAlone++;
        continue;
      }
      const parsed = parseScoreCell(raw, component.maxScore);
      if (!parsed.ok) {
        error(row, column, `${where(row, column)}: ${parsed.message}`);
        continue;
      }
      if (!student || parsed.kind === "empty") continue;
      const mark: ScoreMarkValue = parsed.kind;
      pending.push({ row, studentId: student.id, name: student.name, admissionNumber: student.admissionNumber, component, mark, value: parsed.kind === "score" ? parsed.value : null });
    }
  }

  // Every copy of a repeated student is an error: which row the teacher meant is theirs to say.
  const repeated = new Set<string>();
  for (const [studentId, copies] of rowsByStudent) {
    if (copies.length < 2) continue;
    repeated.add(studentId);
    const at = copies.map((c) => c.row);
    const list = at.length > 6 ? `${at.slice(0, 5).join(", ")} and ${at.length - 5} more` : `${at.slice(0, -1).join(", ")} and ${at[at.length - 1]}`;
    for (const { row, value } of copies) {
      error(row, layout.admission, `${where(row, layout.admission)}: ${shown(value)} appears on rows ${list}: list each student once`);
    }
  }

  let unchanged = 0;
  const writes: PlannedWrite[] = [];
  for (const p of pending) {
    if (repeated.has(p.studentId)) continue;
    const stored = sheet.cells[`${p.studentId}:${p.component.id}`];
    if (stored && stored.mark === p.mark && sameValue(stored.value, p.value)) {
      unchanged++;
      continue;
    }
    const after = formatCell(p.mark, p.value);
    writes.push({
      cell: { studentId: p.studentId, componentId: p.component.id, raw: after, expectedVersion: stored?.version ?? 0 },
      kind: stored ? "changed" : "added",
      change: {
        row: p.row,
        admissionNumber: p.admissionNumber,
        name: p.name,
        code: p.component.code,
        before: stored ? formatCell(stored.mark, stored.value) : "",
        after,
      },
    });
  }
  return finishPlan(csv, issues, writes, unchanged, leftAlone);
}

function readFile(text: string): ParsedCsv {
  let csv: ParsedCsv;
  try {
    csv = parseImportCsv(text);
  } catch (error) {
    if (error instanceof ImportFileError) throw new ValidationError(error.message, { csv: [error.message] });
    throw error;
  }
  if (csv.rows.length > GRADE_IMPORT_MAX_ROWS) {
    const message = `The file has ${csv.rows.length.toLocaleString("en")} rows; at most ${GRADE_IMPORT_MAX_ROWS.toLocaleString("en")} can be imported at once.`;
    throw new ValidationError(message, { csv: [message] });
  }
  return csv;
}

type Layout = {
  admission: Column | null;
  name: Column | null;
  components: Array<{ component: SchemeComponent; column: Column }>;
  issues: Issue[];
};

/**
 * Which column holds what: component codes and "Admission number" matched case-insensitively;
 * the name, total, grade and remark the export writes are read back only to catch a mistyped
 * admission number (the name) or not at all (the rest, worked out from the scores).
 */
function readHeader(sheet: GradeSheet, header: readonly string[]): Layout {
  const issues: Issue[] = [];
  const fileIssue = (severity: Issue["severity"], column: string | null, message: string) =>
    issues.push({ row: null, column, columnIndex: -1, severity, message });
  const byCode = new Map(sheet.components.map((c) => [c.code.trim().toLowerCase(), c]));
  const fixed = new Map(Object.entries(EXPORT_FIXED_HEADINGS).map(([role, heading]) => [normalizeHeader(heading), role]));
  const found = new Map<string, Column[]>();
  const unknown: string[] = [];

  header.forEach((heading, index) => {
    const component = byCode.get(heading.toLowerCase());
    const role = component ? `component:${component.id}` : fixed.get(normalizeHeader(heading));
    if (!role) {
      unknown.push(heading ? `"${heading}"` : `column ${index + 1} (no heading)`);
      return;
    }
    found.set(role, [...(found.get(role) ?? []), { index, heading }]);
  });

  for (const [, columns] of found) {
    if (columns.length < 2) continue;
    const numbers = columns.map((c) => c.index + 1);
    const list = `${numbers.slice(0, -1).join(", ")} and ${numbers[numbers.length - 1]}`;
    fileIssue("error", columns[0]!.heading, `The file has ${columns.length} "${columns[0]!.heading}" columns (columns ${list}): keep one.`);
  }
  const admission = found.get("admissionNumber")?.[0] ?? null;
  if (!admission) {
    fileIssue("error", null, `The file has no "${EXPORT_FIXED_HEADINGS.admissionNumber}" column, so its rows can't be matched to students. Start from the downloaded CSV.`);
  }
  const components = sheet.components.flatMap((component) => {
    const column = found.get(`component:${component.id}`)?.[0];
    return column ? [{ component, column }] : [];
  });
  if (components.length === 0) {
    const codes = sheet.components.map((c) => c.code).join(", ");
    fileIssue("error", null, `No column is headed by an assessment code (${codes}), so the file has no scores to import.`);
  } else {
    for (const component of sheet.components) {
      if (!found.has(`component:${component.id}`)) {
        fileIssue("warning", component.code, `The file has no ${component.code} column: ${component.code} scores (${component.name}) are left as they are.`);
      }
    }
  }
  if (unknown.length > 0) {
    fileIssue("warning", null, `${unknown.length === 1 ? "This column is" : "These columns are"} not imported: ${unknown.join(", ")}.`);
  }
  return { admission, name: found.get("name")?.[0] ?? null, components, issues };
}

/** Admission numbers in the file that belong to students of the class who don't take this (elective) subject. */
async function classmatesNotTakingSubject(db: Queryable, offeringId: string, lowered: string[]): Promise<Set<string>> {
  if (lowered.length === 0) return new Set();
  const rows = await selectRows<{ number: string }>(
    db,
    sql`select lower(st.admission_number) as number
        from subject_offerings so
        join enrolments e on e.class_id = so.class_id and e.status = 'active'
        join students st on st.id = e.student_id
        where so.id = ${offeringId}
          and lower(st.admission_number) in (select jsonb_array_elements_text(${jsonRows(lowered)}))`,
  );
  return new Set(rows.map((r) => r.number));
}

function finishPlan(csv: ParsedCsv, issues: Issue[], writes: PlannedWrite[], unchanged: number, leftAlone: number): Plan {
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || a.columnIndex - b.columnIndex);
  return { rows: csv.rows.length, issues, writes, unchanged, leftAlone, errorCount: issues.filter((i) => i.severity === "error").length };
}

function resultOf(plan: Plan, outcome: { applied: boolean; conflicts: Array<{ studentId: string; componentId: string }> }): GradeImportResult {
  const lost = new Set(outcome.conflicts.map((c) => `${c.studentId}:${c.componentId}`));
  const done = plan.writes.filter((w) => !lost.has(`${w.cell.studentId}:${w.cell.componentId}`));
  return {
    applied: outcome.applied,
    rows: plan.rows,
    counts: {
      added: done.filter((w) => w.kind === "added").length,
      changed: done.filter((w) => w.kind === "changed").length,
      unchanged: plan.unchanged,
      leftAlone: plan.leftAlone,
    },
    errorCount: plan.errorCount,
    warningCount: plan.issues.length - plan.errorCount,
    issues: plan.issues.slice(0, MAX_LISTED).map(({ columnIndex: _, ...issue }) => issue),
    changes: done.slice(0, MAX_LISTED).map((w) => w.change),
    conflicts: lost.size,
  };
}

const where = (row: number, column: Column) => `Row ${row}, column ${column.heading || column.index + 1}`;
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
const sameValue = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Number(a) === Number(b));
/** "Adewale, Tobi" and "tobi adewale" are the same name; order and punctuation don't matter. */
const nameWords = (name: string) =>
  name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(" ");
