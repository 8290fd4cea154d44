"use client";

// One student's row of the grade grid. Memoised: typing in one row renders and recomputes only that row.
import { memo, useMemo } from "react";
import { type CellValue, computeSubjectOutcome, type GradeBand, type RoundingRule, type SchemeComponent, type SubjectOutcome } from "@/lib/domain/grading";
import { type RowState, rowStatus, rowStatusText } from "./grid-state";

export const focusRing = "focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

export type OutcomeOptions = { bands: GradeBand[]; rounding: RoundingRule; passMark: string };
/** `entered` is false while no cell has a score or ABS: a 0.0 and a failing grade would then be noise. */
export type RowOutcome = { ok: true; outcome: SubjectOutcome; entered: boolean } | { ok: false; message: string };

/** The row's total as typed so far: invalid cells count as not entered, since they will not be saved as they are. */
export function outcomeForRow(components: SchemeComponent[], row: RowState | undefined, options: OutcomeOptions): RowOutcome {
  const values: Record<string, CellValue | undefined> = {};
  let entered = false;
  for (const component of components) {
    const parsed = row?.cells[component.id]?.parsed;
    values[component.id] = parsed?.ok ? parsed : undefined;
    if (parsed?.ok && (parsed.kind === "score" || parsed.kind === "absent")) entered = true;
  }
  try {
    return { ok: true, outcome: computeSubjectOutcome(components, values, options), entered };
  } catch (error) {
    // A scheme or grade scale the settings pages should have refused; say so in the row rather than break the grid.
    return { ok: false, message: error instanceof RangeError ? error.message : "The total cannot be worked out" };
  }
}

export type Student = { id: string; admissionNumber: string; name: string };

type GridRowProps = {
  student: Student;
  rowIndex: number;
  components: SchemeComponent[];
  row: RowState;
  editable: boolean;
  options: OutcomeOptions;
  /** Prefix for element ids (useId of the grid), so two grids on a page never share one. */
  idPrefix: string;
  explanationOpen: boolean;
  onCellChange: (studentId: string, componentId: string, text: string) => void;
  registerInput: (rowIndex: number, columnIndex: number, input: HTMLInputElement | null) => void;
  onTotalClick: (studentId: string, button: HTMLButtonElement) => void;
};

const statusClass: Record<ReturnType<typeof rowStatus>["kind"], string> = {
  saved: "text-slate-600",
  unsaved: "text-slate-900 font-medium",
  saving: "text-slate-700",
  error: "text-red-800 font-medium",
  conflict: "text-amber-900 font-medium",
};

// Borders on cells, not rows: the table is border-separate so sticky cells keep theirs while scrolling.
const cellBorder = "border-b border-slate-200";

export const explanationId = (idPrefix: string) => `${idPrefix}-explanation`;

export const GridRow = memo(function GridRow({
  student,
  rowIndex,
  components,
  row,
  editable,
  options,
  idPrefix,
  explanationOpen,
  onCellChange,
  registerInput,
  onTotalClick,
}: GridRowProps) {
  const result = useMemo(() => outcomeForRow(components, row, options), [components, row, options]);
  const status = rowStatus(row);
  const grade = result.ok && result.entered && result.outcome.status !== "exempt" ? result.outcome.grade : null;
  return (
    <tr className="align-top">
      <th scope="row" className={`sticky left-0 z-10 min-w-32 max-w-56 sm:min-w-40 bg-white px-3 py-2 text-left font-medium ${cellBorder}`}>
        <span className="block">{student.name}</span>
        <span className="block text-xs font-normal text-slate-600">{student.admissionNumber}</span>
      </th>
      {components.map((component, columnIndex) => {
        const cell = row.cells[component.id];
        if (!cell) return <td key={component.id} className={cellBorder} />;
        const messageId = `${idPrefix}-${rowIndex}-${columnIndex}-message`;
        const error = cell.parsed.ok ? cell.serverError : cell.parsed.message;
        const message = error ?? (cell.conflict ? "Changed by someone else: choose above the grid" : null);
        const tone = error ? "border-red-700 bg-red-50" : cell.conflict ? "border-amber-600 bg-amber-50" : "border-slate-400 bg-white";
        return (
          <td key={component.id} className={`px-2 py-2 ${cellBorder}`}>
            <input
              ref={(input) => registerInput(rowIndex, columnIndex, input)}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              spellCheck={false}
              data-row={rowIndex}
              data-col={columnIndex}
              aria-label={`${component.code} for ${student.name}`}
              aria-invalid={error ? true : undefined}
              aria-describedby={message ? messageId : undefined}
              readOnly={!editable}
              value={cell.text}
              onChange={(event) => onCellChange(student.id, component.id, event.target.value)}
              className={`block w-20 scroll-ml-48 scroll-mt-12 rounded border px-2 py-1 text-right tabular-nums read-only:bg-slate-50 ${tone} ${focusRing}`}
            />
            {message ? (
              <p id={messageId} className={`mt-1 max-w-40 text-xs ${error ? "text-red-800" : "text-amber-900"}`}>
                {message}
              </p>
            ) : null}
          </td>
        );
      })}
      <td className={`px-2 py-2 text-right ${cellBorder}`}>
        <button
          type="button"
          aria-haspopup="dialog"
          aria-expanded={explanationOpen}
          aria-controls={explanationOpen ? explanationId(idPrefix) : undefined}
          onClick={(event) => onTotalClick(student.id, event.currentTarget)}
          className={`rounded px-2 py-1 text-right tabular-nums underline decoration-dotted underline-offset-4 hover:bg-slate-100 ${focusRing}`}
        >
          <span className="sr-only">Total for {student.name}: </span>
          {!result.ok ? (
            <span className="text-red-800">Cannot be worked out</span>
          ) : result.outcome.status === "exempt" ? (
            "Exempt"
          ) : !result.entered ? (
            <span className="text-slate-600">Not entered</span>
          ) : (
            <>
              <span className="font-medium">{result.outcome.total}</span>
              {result.outcome.status === "incomplete" ? <span className="block text-xs text-slate-600"> provisional</span> : null}
            </>
          )}
        </button>
      </td>
      <td className={`px-3 py-2 font-medium ${cellBorder}`}>{grade ? grade.letter : "—"}</td>
      <td className={`px-3 py-2 ${cellBorder}`}>{grade ? grade.remark : "—"}</td>
      <td className={`min-w-28 px-3 py-2 text-sm ${cellBorder} ${statusClass[status.kind]}`}>{rowStatusText(status)}</td>
    </tr>
  );
});
