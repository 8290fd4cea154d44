// The grade-entry grid's pure rules: reading a block pasted from a spreadsheet, whether it fits from the focused
// cell, and where the arrow, Enter and Tab-like keys move. No DOM here, so every rule is unit-tested.
import type { SchemeComponent } from "./grading";

/** A rectangular block of raw cell texts, rows × columns; short rows are padded with "". */
export type PastedBlock = { rows: number; columns: number; values: string[][] };

/**
 * Reads clipboard text the way spreadsheets write it: rows end with \r\n, \n or \r, columns are separated by \t,
 * and the last row ends with a newline that is not an extra row. A cell holding a tab, newline or quote comes
 * wrapped in double quotes with inner quotes doubled (Excel, LibreOffice and Google Sheets all do this).
 */
export function parsePastedBlock(text: string): PastedBlock {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let index = 0;
  let cellStart = true;
  while (index < text.length) {
    const char = text[index];
    if (cellStart && char === '"') {
      const end = closingQuote(text, index + 1);
      if (end !== null) {
        cell = text.slice(index + 1, end).replace(/""/g, '"');
        index = end + 1;
        cellStart = false;
        continue;
      }
    }
    cellStart = false;
    if (char === "\t") {
      row.push(cell);
      cell = "";
      cellStart = true;
      index++;
    } else if (char === "\r" || char === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      cellStart = true;
      index += char === "\r" && text[index + 1] === "\n" ? 2 : 1;
    } else {
      cell += char;
      index++;
    }
  }
  // Text ending in a newline has already closed its last row; anything after the last newline is one more row.
  if (!cellStart || row.length > 0 || rows.length === 0) {
    row.push(cell);
    rows.push(row);
  }
  const columns = Math.max(...rows.map((cells) => cells.length));
  return { rows: rows.length, columns, values: rows.map((cells) => [...cells, ...Array<string>(columns - cells.length).fill("")]) };
}

/** The index of the quote closing a quoted cell, or null when the quote is just a character (then it is kept). */
function closingQuote(text: string, from: number): number | null {
  let index = from;
  while (index < text.length) {
    if (text[index] === '"') {
      if (text[index + 1] === '"') {
        index += 2;
        continue;
      }
      const next = text[index + 1];
      return next === undefined || next === "\t" || next === "\n" || next === "\r" ? index : null;
    }
    index++;
  }
  return null;
}

/** One value on the clipboard: the browser pastes it into the focused cell itself, at the caret. */
export function isSingleValue(block: PastedBlock): boolean {
  return block.rows === 1 && block.columns === 1;
}

export type CellPosition = { row: number; column: number };
export type GridSize = { rows: number; columns: number };

export type BlockFit = { fits: true } | { fits: false; availableRows: number; availableColumns: number };

/** A block fits when it reaches no further than the last student and the last component from `origin`. */
export function checkBlockFit(block: Pick<PastedBlock, "rows" | "columns">, origin: CellPosition, grid: GridSize): BlockFit {
  const availableRows = Math.max(0, grid.rows - origin.row);
  const availableColumns = Math.max(0, grid.columns - origin.column);
  if (block.rows <= availableRows && block.columns <= availableColumns) return { fits: true };
  return { fits: false, availableRows, availableColumns };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const size = (rows: number, columns: number) => `${count(rows, "row", "rows")} × ${count(columns, "column", "columns")}`;

/** "The pasted block is 5 rows × 3 columns, but only 3 rows × 2 columns fit from CA2 for Ada Obi." */
export function blockTooLargeMessage(
  block: Pick<PastedBlock, "rows" | "columns">,
  fit: { availableRows: number; availableColumns: number },
  at: { componentCode: string; studentName: string },
): string {
  return (
    `The pasted block is ${size(block.rows, block.columns)}, ` +
    `but only ${size(fit.availableRows, fit.availableColumns)} fit from ${at.componentCode} for ${at.studentName}.`
  );
}

/** Every cell a fitting block fills, row by row, with the text to put there. */
export function pasteTargets(block: PastedBlock, origin: CellPosition): Array<CellPosition & { raw: string }> {
  return block.values.flatMap((cells, rowOffset) =>
    cells.map((raw, columnOffset) => ({ row: origin.row + rowOffset, column: origin.column + columnOffset, raw })),
  );
}

export type Move = "up" | "down" | "left" | "right";

/** What the grid needs to know about a keydown in a score cell to decide whether it moves focus. */
export type CellKey = {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** The input's selection; null when the browser does not report one. */
  selectionStart: number | null;
  selectionEnd: number | null;
  textLength: number;
};

/**
 * Up/Down and Enter always move; Left/Right only when the caret is already at that edge of the text or the whole
 * text is selected, so editing inside "12.5" still works. Keys with Ctrl, Alt or Meta (word jumps, shortcuts) and
 * Shift+arrows (extending a selection) stay with the browser.
 */
export function moveForKey(event: CellKey): Move | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.key === "Enter") return event.shiftKey ? "up" : "down";
  if (event.shiftKey) return null;
  const start = event.selectionStart ?? 0;
  const end = event.selectionEnd ?? start;
  const allSelected = start === 0 && end === event.textLength;
  switch (event.key) {
    case "ArrowUp":
      return "up";
    case "ArrowDown":
      return "down";
    case "ArrowLeft":
      return allSelected || (start === 0 && end === 0) ? "left" : null;
    case "ArrowRight":
      return allSelected || (start === event.textLength && end === event.textLength) ? "right" : null;
    default:
      return null;
  }
}

/** The cell a move lands on; at an edge of the grid focus stays where it is. */
export function moveWithin(from: CellPosition, move: Move, grid: GridSize): CellPosition {
  const clamp = (value: number, length: number) => Math.min(Math.max(value, 0), Math.max(length - 1, 0));
  const row = from.row + (move === "down" ? 1 : move === "up" ? -1 : 0);
  const column = from.column + (move === "right" ? 1 : move === "left" ? -1 : 0);
  return { row: clamp(row, grid.rows), column: clamp(column, grid.columns) };
}

/** A decimal without needless zeros, as a header shows it: "10.00" → "10", "12.50" → "12.5". */
export function plainDecimal(value: string): string {
  const text = value.trim();
  return /^-?\d+\.\d+$/.test(text) ? text.replace(/\.?0+$/, "") : text;
}

/** "CA1 (10%, max 10)": a component's column heading. */
export function componentHeading(component: Pick<SchemeComponent, "code" | "weight" | "maxScore">): string {
  return `${component.code} (${plainDecimal(component.weight)}%, max ${plainDecimal(component.maxScore)})`;
}
