"use client";

// The grade-entry grid: a teacher types or pastes scores, sees totals and grades as they type, and every change
// is saved on its own shortly after they stop. Keyboard, paste and focus are handled once on the table (the
// cells carry data-row/data-col), so rows need no handlers of their own and stay memoised.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import type { GradeBand, RoundingRule, SchemeComponent } from "@/lib/domain/grading";
import {
  blockTooLargeMessage,
  type CellPosition,
  checkBlockFit,
  componentHeading,
  isSingleValue,
  moveForKey,
  moveWithin,
  parsePastedBlock,
  pasteTargets,
} from "@/lib/domain/paste-block";
import type { ActionResult } from "@/lib/errors";
import type { CellRef, SaveScoresInput, SaveScoresResult, ScoreHistoryEntry } from "@/lib/validation/gradebook";
import { type ConflictItem, ConflictPanel } from "./conflict-panel";
import { explanationId, focusRing, GridRow, type OutcomeOptions, outcomeForRow, type Student } from "./grid-row";
import {
  collectSaveBatch,
  type GridAction,
  gridReducer,
  type GridState,
  hasUnsavedChanges,
  heldBackCells,
  initialGridState,
  type StoredCell,
} from "./grid-state";
import { HistoryPanel, type HistoryView } from "./history-panel";
import { TotalPopover } from "./total-popover";
import { useAutosave } from "./use-autosave";

export type GradeGridProps = {
  offeringId: string;
  /** e.g. "Mathematics · JSS 1 A · First term": the grid's accessible name. */
  title: string;
  /** False when the sheet is submitted or locked, or the viewer may not edit it. */
  editable: boolean;
  /** Shown above the grid when it is not editable. */
  readOnlyReason?: string;
  components: SchemeComponent[];
  students: Student[];
  /** Stored cells keyed `${studentId}:${componentId}`; absent key = empty cell (version 0). */
  cells: Record<string, StoredCell>;
  bands: GradeBand[];
  rounding: RoundingRule;
  passMark: string;
  saveAction: (input: SaveScoresInput) => Promise<ActionResult<SaveScoresResult>>;
  historyAction?: (ref: CellRef) => Promise<ActionResult<ScoreHistoryEntry[]>>;
};

/** Why some typed values are still not saved, or null when nothing is held back. */
function describeHeldBack(state: GridState): string | null {
  const { conflicts, needCorrecting } = heldBackCells(state);
  if (conflicts > 0) return `${conflicts === 1 ? "1 cell was" : `${conflicts} cells were`} changed by someone else: choose which value to keep.`;
  if (needCorrecting > 0) {
    return `${needCorrecting === 1 ? "1 cell is" : `${needCorrecting} cells are`} not saved: correct the ${needCorrecting === 1 ? "entry" : "entries"} marked in red.`;
  }
  return null;
}

const NETWORK_ERROR = "The server could not be reached. Your changes are kept; press Save now to try again.";

const buttonClass = `rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 ${focusRing}`;

function positionOf(target: EventTarget): (CellPosition & { input: HTMLInputElement }) | null {
  if (!(target instanceof HTMLInputElement) || target.dataset.row === undefined || target.dataset.col === undefined) return null;
  return { row: Number(target.dataset.row), column: Number(target.dataset.col), input: target };
}

/** Stored times are ISO strings; an unreadable one is shown as it came rather than as "Invalid Date". */
function useTimeFormat(): (iso: string) => string {
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    return (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    };
  }, []);
}

export function GradeGrid({
  offeringId,
  title,
  editable,
  readOnlyReason,
  components,
  students,
  cells,
  bands,
  rounding,
  passMark,
  saveAction,
  historyAction,
}: GradeGridProps) {
  const idPrefix = useId();
  const formatTime = useTimeFormat();
  const options = useMemo<OutcomeOptions>(() => ({ bands, rounding, passMark }), [bands, rounding, passMark]);
  const gridSize = { rows: students.length, columns: components.length };

  // The state also lives in a ref, updated in the same step, so a save that starts right after another reads the
  // versions the first one brought back rather than those of the last render.
  const [state, setState] = useState(() => initialGridState(students, components, cells));
  const stateRef = useRef(state);
  const dispatch = useCallback((action: GridAction) => {
    stateRef.current = gridReducer(stateRef.current, action);
    setState(stateRef.current);
  }, []);

  const [saveOutcome, setSaveOutcome] = useState("");
  const save = useCallback(async () => {
    const batch = collectSaveBatch(stateRef.current);
    if (batch.cells.length === 0) return;
    dispatch({ type: "saveStarted", batch });
    let result: ActionResult<SaveScoresResult>;
    try {
      result = await saveAction({ offeringId, cells: batch.cells });
    } catch {
      result = { ok: false, error: NETWORK_ERROR, fieldErrors: {}, code: "INTERNAL" };
    }
    if (result.ok) {
      dispatch({ type: "saveSucceeded", batch, result: result.data });
      setSaveOutcome(describeHeldBack(stateRef.current) ?? "All changes saved.");
    } else {
      dispatch({ type: "saveFailed", batch, error: result.error, fieldErrors: result.fieldErrors });
      setSaveOutcome(`Not saved: ${result.error}`);
    }
  }, [dispatch, offeringId, saveAction]);
  const { schedule, flush, saving, busy } = useAutosave(save, { enabled: editable });
  const saveNow = useCallback(() => {
    // With nothing to send, say why, or the button would seem to do nothing; a running save reports for itself.
    if (!saving && collectSaveBatch(stateRef.current).cells.length === 0) {
      setSaveOutcome(describeHeldBack(stateRef.current) ?? "All changes saved.");
    }
    flush();
  }, [flush, saving]);

  // Roving refs: the keyboard moves focus by index, without searching the DOM on every key press.
  const inputs = useRef<Array<Array<HTMLInputElement | null>>>([]);
  const registerInput = useCallback((row: number, column: number, input: HTMLInputElement | null) => {
    (inputs.current[row] ??= [])[column] = input;
  }, []);
  const focusCell = useCallback((position: CellPosition) => inputs.current[position.row]?.[position.column]?.focus(), []);

  const [pasteMessage, setPasteMessage] = useState<string | null>(null);
  const onCellChange = useCallback(
    (studentId: string, componentId: string, text: string) => {
      if (!editable) return;
      dispatch({ type: "edit", edits: [{ studentId, componentId, text }] });
      setPasteMessage(null);
      schedule();
    },
    [dispatch, editable, schedule],
  );

  // The cell the toolbar's History button refers to: the one focused last.
  const [selected, setSelected] = useState<CellPosition | null>(null);
  const selectOnMouseUp = useRef<HTMLInputElement | null>(null);

  const [history, setHistory] = useState<{ position: CellPosition; view: HistoryView } | null>(null);
  const historyRequest = useRef(0);
  const historyPanel = useRef<HTMLElement>(null);
  const openHistory = useCallback(
    async (position: CellPosition) => {
      const student = students[position.row];
      const component = components[position.column];
      if (!historyAction || !student || !component) return;
      const request = ++historyRequest.current;
      setHistory({ position, view: { status: "loading" } });
      let view: HistoryView;
      try {
        const result = await historyAction({ offeringId, studentId: student.id, componentId: component.id });
        view = result.ok ? { status: "loaded", entries: result.data } : { status: "failed", message: result.error };
      } catch {
        view = { status: "failed", message: "The history could not be loaded. Please try again." };
      }
      // A slower answer for a cell the teacher has since moved away from must not replace the newer one.
      if (request === historyRequest.current) setHistory({ position, view });
    },
    [components, historyAction, offeringId, students],
  );
  const historyRow = history?.position.row;
  const historyColumn = history?.position.column;
  useEffect(() => {
    if (historyRow !== undefined && historyColumn !== undefined) historyPanel.current?.focus();
  }, [historyRow, historyColumn]);
  const closeHistory = () => {
    historyRequest.current++;
    if (history) focusCell(history.position);
    setHistory(null);
  };

  const [explanation, setExplanation] = useState<{ studentId: string; anchor: HTMLButtonElement } | null>(null);
  const onTotalClick = useCallback((studentId: string, anchor: HTMLButtonElement) => {
    setExplanation((open) => (open?.studentId === studentId ? null : { studentId, anchor }));
  }, []);
  const closeExplanation = useCallback(
    (returnFocus: boolean) => {
      if (returnFocus) explanation?.anchor.focus();
      setExplanation(null);
    },
    [explanation],
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLTableElement>) => {
    const at = positionOf(event.target);
    if (!at || event.nativeEvent.isComposing) return;
    selectOnMouseUp.current = null;
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyH") {
      if (!historyAction) return;
      event.preventDefault();
      void openHistory(at);
      return;
    }
    if (event.key === "Escape") {
      const student = students[at.row];
      const component = components[at.column];
      if (!editable || !student || !component) return;
      event.preventDefault();
      dispatch({ type: "revert", studentId: student.id, componentId: component.id });
      // The restored value is in the input after this render; select it so typing replaces it.
      requestAnimationFrame(() => at.input.select());
      return;
    }
    const move = moveForKey({
      key: event.key,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      selectionStart: at.input.selectionStart,
      selectionEnd: at.input.selectionEnd,
      textLength: at.input.value.length,
    });
    if (!move) return;
    event.preventDefault();
    const target = moveWithin(at, move, gridSize);
    if (target.row !== at.row || target.column !== at.column) focusCell(target);
  };

  const onPaste = (event: React.ClipboardEvent<HTMLTableElement>) => {
    const at = positionOf(event.target);
    if (!at || !editable) return;
    const block = parsePastedBlock(event.clipboardData.getData("text/plain"));
    if (isSingleValue(block)) return;
    event.preventDefault();
    const fit = checkBlockFit(block, at, gridSize);
    if (!fit.fits) {
      const student = students[at.row];
      const component = components[at.column];
      setPasteMessage(blockTooLargeMessage(block, fit, { componentCode: component?.code ?? "", studentName: student?.name ?? "" }));
      return;
    }
    const edits = pasteTargets(block, at).flatMap(({ row, column, raw }) => {
      const student = students[row];
      const component = components[column];
      // Spreadsheets pad numbers with spaces now and then; a score never needs them.
      return student && component ? [{ studentId: student.id, componentId: component.id, text: raw.trim() }] : [];
    });
    dispatch({ type: "edit", edits });
    setPasteMessage(null);
    schedule();
  };

  const onFocus = (event: React.FocusEvent<HTMLTableElement>) => {
    const at = positionOf(event.target);
    if (!at) return;
    at.input.select();
    setSelected({ row: at.row, column: at.column });
  };

  // A click would put the caret where the pointer is and undo the select-on-focus; only the click that focuses.
  const onMouseDown = (event: React.MouseEvent<HTMLTableElement>) => {
    const at = positionOf(event.target);
    selectOnMouseUp.current = at && document.activeElement !== at.input ? at.input : null;
  };
  const onMouseUp = (event: React.MouseEvent<HTMLTableElement>) => {
    if (selectOnMouseUp.current && event.target === selectOnMouseUp.current) event.preventDefault();
    selectOnMouseUp.current = null;
  };

  useEffect(() => {
    if (!editable) return;
    const saveOnShortcut = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") return;
      event.preventDefault();
      saveNow();
    };
    document.addEventListener("keydown", saveOnShortcut);
    return () => document.removeEventListener("keydown", saveOnShortcut);
  }, [editable, saveNow]);

  const unsaved = useMemo(() => hasUnsavedChanges(state), [state]);
  const mustWarn = editable && (unsaved || busy);
  useEffect(() => {
    if (!mustWarn) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Safari and Firefox ask only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [mustWarn]);

  const conflicts = useMemo(() => {
    const items: ConflictItem[] = [];
    for (const student of students) {
      for (const component of components) {
        const cell = state.rows[student.id]?.cells[component.id];
        if (!cell?.conflict) continue;
        items.push({
          studentId: student.id,
          componentId: component.id,
          studentName: student.name,
          componentCode: component.code,
          yours: cell.text,
          conflict: cell.conflict,
        });
      }
    }
    return items;
  }, [components, state.rows, students]);

  const conflictHeading = useRef<HTMLHeadingElement>(null);
  const resolve = (type: "keepMine" | "useTheirs", chosen: Array<{ studentId: string; componentId: string }>) => {
    dispatch({ type, cells: chosen });
    if (type === "keepMine") flush();
    else setSaveOutcome(describeHeldBack(stateRef.current) ?? "");
    const remaining = conflicts.length - chosen.length;
    const first = chosen[0];
    // The panel disappears with the last conflict; focus goes back to the grid instead of being lost.
    if (remaining > 0) {
      conflictHeading.current?.focus();
    } else if (first) {
      const row = students.findIndex((student) => student.id === first.studentId);
      const column = components.findIndex((component) => component.id === first.componentId);
      if (row >= 0 && column >= 0) focusCell({ row, column });
    }
  };

  const explainedIndex = explanation ? students.findIndex((student) => student.id === explanation.studentId) : -1;
  const explainedStudent = students[explainedIndex];
  const historyStudent = history ? students[history.position.row] : undefined;
  const historyComponent = history ? components[history.position.column] : undefined;
  const selectedStudent = selected ? students[selected.row] : undefined;
  const selectedComponent = selected ? components[selected.column] : undefined;

  return (
    <div className="space-y-3">
      {!editable ? (
        <p className="rounded border border-slate-300 bg-slate-50 p-3 text-sm text-slate-800">
          {readOnlyReason ?? "You can see these scores but not change them."}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        {editable ? (
          <button type="button" onClick={saveNow} className={buttonClass} aria-keyshortcuts="Control+S Meta+S">
            Save now
          </button>
        ) : null}
        {historyAction ? (
          <button
            type="button"
            disabled={!selected}
            onClick={() => selected && void openHistory(selected)}
            className={buttonClass}
            aria-keyshortcuts="Alt+H"
            title={selectedStudent && selectedComponent ? `${selectedComponent.code} for ${selectedStudent.name}` : "Choose a cell first"}
          >
            History of the selected cell
          </button>
        ) : null}
        <p role="status" className="text-sm text-slate-700">
          {saveOutcome}
        </p>
      </div>

      {pasteMessage ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {pasteMessage}
        </p>
      ) : null}

      {conflicts.length > 0 ? (
        <ConflictPanel
          ref={conflictHeading}
          items={conflicts}
          formatTime={formatTime}
          onKeepMine={(chosen) => resolve("keepMine", chosen)}
          onUseTheirs={(chosen) => resolve("useTheirs", chosen)}
        />
      ) : null}

      {history && historyStudent && historyComponent ? (
        <HistoryPanel
          ref={historyPanel}
          title={`History of ${historyComponent.code} for ${historyStudent.name}`}
          view={history.view}
          formatTime={formatTime}
          onClose={closeHistory}
        />
      ) : null}

      {/* relative: the visually hidden labels inside are positioned absolutely and must not widen the page. */}
      <div className="relative max-h-[75vh] overflow-auto rounded-lg border border-slate-200">
        <table
          aria-label={title}
          className="min-w-full border-separate border-spacing-0 bg-white text-sm"
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onFocus={onFocus}
          onMouseDown={onMouseDown}
          onMouseUp={onMouseUp}
        >
          <thead>
            <tr className="text-left">
              <th scope="col" className="sticky left-0 top-0 z-30 border-b border-slate-200 bg-slate-100 px-3 py-2 font-semibold">
                Student
              </th>
              {components.map((component) => (
                <th
                  key={component.id}
                  scope="col"
                  title={component.name}
                  className="sticky top-0 z-20 whitespace-nowrap border-b border-slate-200 bg-slate-100 px-2 py-2 font-semibold"
                >
                  {componentHeading(component)}
                </th>
              ))}
              {["Total", "Grade", "Remark", "Status"].map((heading) => (
                <th key={heading} scope="col" className="sticky top-0 z-20 border-b border-slate-200 bg-slate-100 px-3 py-2 font-semibold">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {students.map((student, rowIndex) => {
              const row = state.rows[student.id];
              return row ? (
                <GridRow
                  key={student.id}
                  student={student}
                  rowIndex={rowIndex}
                  components={components}
                  row={row}
                  editable={editable}
                  options={options}
                  idPrefix={idPrefix}
                  explanationOpen={explanation?.studentId === student.id}
                  onCellChange={onCellChange}
                  registerInput={registerInput}
                  onTotalClick={onTotalClick}
                />
              ) : null;
            })}
          </tbody>
        </table>
      </div>

      {explanation && explainedStudent ? (
        <TotalPopover
          id={explanationId(idPrefix)}
          studentName={explainedStudent.name}
          result={outcomeForRow(components, state.rows[explainedStudent.id], options)}
          anchor={explanation.anchor}
          onClose={closeExplanation}
        />
      ) : null}
    </div>
  );
}

export default GradeGrid;
