// The grade grid's state and its transitions, kept free of React so autosave and conflict rules are plain functions.
// State is split per student row: an edit replaces only that row's object, so memoised rows that did not change
// keep their identity and skip rendering.
import { formatCell, type ParsedCell, parseScoreCell } from "@/lib/domain/grading";
import type { SavedCell, SaveScoresResult, ScoreCellInput, ScoreConflict, ScoreMarkValue } from "@/lib/validation/gradebook";

export type StoredCell = { mark: ScoreMarkValue; value: string | null; version: number };

export type CellState = {
  /** What the input shows: the teacher's text, valid or not. */
  text: string;
  /** The stored value as the grid shows it; Escape goes back to it and `text !== savedText` means unsaved. */
  savedText: string;
  /** The version `savedText` was read or saved at: what the next save expects (0 = empty). */
  version: number;
  parsed: ParsedCell;
  /** Counts edits, so a save response only replaces the text when the teacher has not typed again since sending. */
  edits: number;
  /** The server's objection to this cell; it is not sent again until the teacher changes it. */
  serverError: string | null;
  /** Someone else saved this cell first; it is not sent again until the teacher chooses. */
  conflict: ScoreConflict | null;
};

export type RowState = {
  cells: Record<string, CellState>;
  saving: boolean;
  error: string | null;
};

export type GridState = {
  rows: Record<string, RowState>;
  /** Component id → maximum score, to validate what is typed. */
  maxScores: Record<string, string>;
};

export type RowStatus =
  | { kind: "saved" }
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "error"; message: string }
  | { kind: "conflict" };

export const cellKey = (studentId: string, componentId: string) => `${studentId}:${componentId}`;

function cellFromText(text: string, savedText: string, version: number, maxScore: string, edits = 0): CellState {
  return { text, savedText, version, parsed: parseScoreCell(text, maxScore), edits, serverError: null, conflict: null };
}

export function initialGridState(
  students: ReadonlyArray<{ id: string }>,
  components: ReadonlyArray<{ id: string; maxScore: string }>,
  stored: Record<string, StoredCell>,
): GridState {
  const maxScores = Object.fromEntries(components.map((component) => [component.id, component.maxScore]));
  const rows: Record<string, RowState> = {};
  for (const student of students) {
    const cells: Record<string, CellState> = {};
    for (const component of components) {
      const cell = stored[cellKey(student.id, component.id)];
      const text = cell ? formatCell(cell.mark, cell.value) : "";
      cells[component.id] = cellFromText(text, text, cell?.version ?? 0, component.maxScore);
    }
    rows[student.id] = { cells, saving: false, error: null };
  }
  return { rows, maxScores };
}

export const isDirty = (cell: CellState) => cell.text !== cell.savedText;
/** Dirty, valid and not waiting on the teacher: the cells a save sends. */
export const isSendable = (cell: CellState) => isDirty(cell) && cell.parsed.ok && cell.serverError === null && cell.conflict === null;

export function rowStatus(row: RowState): RowStatus {
  const cells = Object.values(row.cells);
  if (cells.some((cell) => cell.conflict)) return { kind: "conflict" };
  if (row.error !== null) return { kind: "error", message: row.error };
  if (row.saving) return { kind: "saving" };
  if (cells.some(isDirty)) return { kind: "unsaved" };
  return { kind: "saved" };
}

export function rowStatusText(status: RowStatus): string {
  switch (status.kind) {
    case "saved":
      return "Saved";
    case "unsaved":
      return "Unsaved";
    case "saving":
      return "Saving…";
    case "error":
      return `Error: ${status.message}`;
    case "conflict":
      return "Conflict";
  }
}

/** Anything typed that is not stored yet, valid or not: leaving the page now would lose it. */
export function hasUnsavedChanges(state: GridState): boolean {
  return Object.values(state.rows).some((row) => Object.values(row.cells).some(isDirty));
}

/** Unsaved cells a save will not send until the teacher acts: a choice to make, or an entry to correct. */
export function heldBackCells(state: GridState): { conflicts: number; needCorrecting: number } {
  let conflicts = 0;
  let needCorrecting = 0;
  for (const row of Object.values(state.rows)) {
    for (const cell of Object.values(row.cells)) {
      if (cell.conflict) conflicts++;
      else if (isDirty(cell) && (!cell.parsed.ok || cell.serverError !== null)) needCorrecting++;
    }
  }
  return { conflicts, needCorrecting };
}

export type SaveBatch = {
  cells: ScoreCellInput[];
  /** Cell key → its edit count when sent. */
  sentEdits: Record<string, number>;
  studentIds: string[];
};

export function collectSaveBatch(state: GridState): SaveBatch {
  const batch: SaveBatch = { cells: [], sentEdits: {}, studentIds: [] };
  for (const [studentId, row] of Object.entries(state.rows)) {
    let included = false;
    for (const [componentId, cell] of Object.entries(row.cells)) {
      if (!isSendable(cell)) continue;
      batch.cells.push({ studentId, componentId, raw: cell.text, expectedVersion: cell.version });
      batch.sentEdits[cellKey(studentId, componentId)] = cell.edits;
      included = true;
    }
    if (included) batch.studentIds.push(studentId);
  }
  return batch;
}

export type CellEdit = { studentId: string; componentId: string; text: string };

export type GridAction =
  | { type: "edit"; edits: CellEdit[] }
  | { type: "revert"; studentId: string; componentId: string }
  | { type: "saveStarted"; batch: SaveBatch }
  | { type: "saveSucceeded"; batch: SaveBatch; result: SaveScoresResult }
  | { type: "saveFailed"; batch: SaveBatch; error: string; fieldErrors: Record<string, string[]> }
  | { type: "keepMine"; cells: Array<{ studentId: string; componentId: string }> }
  | { type: "useTheirs"; cells: Array<{ studentId: string; componentId: string }> };

/** Copies only the rows and cells it touches, so every other row keeps its identity. */
class Draft {
  private readonly rows: Record<string, RowState>;
  private readonly copiedRows = new Set<string>();

  constructor(private readonly state: GridState) {
    this.rows = { ...state.rows };
  }

  row(studentId: string): RowState | null {
    const row = this.rows[studentId];
    if (!row) return null;
    if (this.copiedRows.has(studentId)) return row;
    const copy = { ...row, cells: { ...row.cells } };
    this.rows[studentId] = copy;
    this.copiedRows.add(studentId);
    return copy;
  }

  /** `update` returns null to leave the cell (and its row) as they are. */
  updateCell(studentId: string, componentId: string, update: (cell: CellState) => Partial<CellState> | null): void {
    const cell = this.rows[studentId]?.cells[componentId];
    if (!cell) return;
    const changes = update(cell);
    const row = changes ? this.row(studentId) : null;
    if (changes && row) row.cells[componentId] = { ...cell, ...changes };
  }

  maxScore(componentId: string): string {
    return this.state.maxScores[componentId] ?? "0";
  }

  result(): GridState {
    return this.copiedRows.size === 0 ? this.state : { ...this.state, rows: this.rows };
  }
}

const fieldErrorKey = (studentId: string, componentId: string) => `cells.${studentId}.${componentId}`;

export function gridReducer(state: GridState, action: GridAction): GridState {
  const draft = new Draft(state);
  switch (action.type) {
    case "edit":
      for (const edit of action.edits) {
        draft.updateCell(edit.studentId, edit.componentId, (cell) =>
          cell.text === edit.text
            ? null
            : { text: edit.text, parsed: parseScoreCell(edit.text, draft.maxScore(edit.componentId)), edits: cell.edits + 1, serverError: null },
        );
      }
      break;
    case "revert":
      draft.updateCell(action.studentId, action.componentId, (cell) =>
        cell.text === cell.savedText && cell.serverError === null
          ? null
          : { text: cell.savedText, parsed: parseScoreCell(cell.savedText, draft.maxScore(action.componentId)), edits: cell.edits + 1, serverError: null },
      );
      break;
    case "saveStarted":
      for (const studentId of action.batch.studentIds) {
        const row = draft.row(studentId);
        if (row) Object.assign(row, { saving: true, error: null });
      }
      break;
    case "saveSucceeded":
      for (const studentId of action.batch.studentIds) {
        const row = draft.row(studentId);
        if (row) Object.assign(row, { saving: false, error: null });
      }
      for (const saved of action.result.saved) applySaved(draft, saved, action.batch.sentEdits[cellKey(saved.studentId, saved.componentId)]);
      for (const conflict of action.result.conflicts) draft.updateCell(conflict.studentId, conflict.componentId, () => ({ conflict }));
      break;
    case "saveFailed": {
      for (const studentId of action.batch.studentIds) {
        const row = draft.row(studentId);
        if (row) Object.assign(row, { saving: false, error: action.error });
      }
      for (const sent of action.batch.cells) {
        const messages = action.fieldErrors[fieldErrorKey(sent.studentId, sent.componentId)];
        if (!messages || messages.length === 0) continue;
        draft.updateCell(sent.studentId, sent.componentId, () => ({ serverError: messages.join(" ") }));
      }
      break;
    }
    case "keepMine":
      for (const { studentId, componentId } of action.cells) {
        // What is stored now is theirs, at their version: the resend overwrites exactly that.
        draft.updateCell(studentId, componentId, (cell) =>
          cell.conflict ? { savedText: cell.conflict.theirs, version: cell.conflict.theirVersion, conflict: null } : null,
        );
      }
      break;
    case "useTheirs":
      for (const { studentId, componentId } of action.cells) {
        draft.updateCell(studentId, componentId, (cell) =>
          cell.conflict
            ? {
                text: cell.conflict.theirs,
                savedText: cell.conflict.theirs,
                version: cell.conflict.theirVersion,
                parsed: parseScoreCell(cell.conflict.theirs, draft.maxScore(componentId)),
                edits: cell.edits + 1,
                serverError: null,
                conflict: null,
              }
            : null,
        );
      }
      break;
  }
  return draft.result();
}

function applySaved(draft: Draft, saved: SavedCell, sentEdits: number | undefined): void {
  const savedText = formatCell(saved.mark, saved.value);
  draft.updateCell(saved.studentId, saved.componentId, (cell) => {
    // Typed again while the save was in flight: keep the new text; it is now compared against the saved value.
    const untouched = sentEdits !== undefined && cell.edits === sentEdits;
    return untouched
      ? { text: savedText, savedText, version: saved.version, parsed: parseScoreCell(savedText, draft.maxScore(saved.componentId)), serverError: null, conflict: null }
      : { savedText, version: saved.version, serverError: null };
  });
}
