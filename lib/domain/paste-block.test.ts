import { describe, expect, it } from "vitest";
import {
  collectSaveBatch,
  type GridState,
  gridReducer,
  hasUnsavedChanges,
  heldBackCells,
  initialGridState,
  rowStatus,
  rowStatusText,
} from "@/components/grade-grid/grid-state";
import {
  blockTooLargeMessage,
  type CellKey,
  checkBlockFit,
  componentHeading,
  isSingleValue,
  moveForKey,
  moveWithin,
  parsePastedBlock,
  pasteTargets,
  plainDecimal,
} from "./paste-block";

describe("reading a block pasted from a spreadsheet", () => {
  it("splits rows on \\n and columns on tabs", () => {
    expect(parsePastedBlock("8\t9\t40\n7\t6\t35")).toEqual({
      rows: 2,
      columns: 3,
      values: [
        ["8", "9", "40"],
        ["7", "6", "35"],
      ],
    });
  });

  it("accepts Windows \\r\\n and old Mac \\r line endings alike", () => {
    const expected = [
      ["8", "9"],
      ["7", "6"],
    ];
    expect(parsePastedBlock("8\t9\r\n7\t6").values).toEqual(expected);
    expect(parsePastedBlock("8\t9\r7\t6").values).toEqual(expected);
  });

  it("ignores the one newline a spreadsheet adds after the last row", () => {
    expect(parsePastedBlock("8\t9\r\n7\t6\r\n")).toMatchObject({ rows: 2, columns: 2 });
    expect(parsePastedBlock("8\n")).toEqual({ rows: 1, columns: 1, values: [["8"]] });
  });

  it("keeps a blank line inside the block as a row of empty cells", () => {
    expect(parsePastedBlock("8\t9\n\n7\t6\n").values).toEqual([
      ["8", "9"],
      ["", ""],
      ["7", "6"],
    ]);
  });

  it("keeps empty cells inside a row, at its start and at its end", () => {
    expect(parsePastedBlock("\t9\t\n7\t\t5").values).toEqual([
      ["", "9", ""],
      ["7", "", "5"],
    ]);
  });

  it("pads rows a spreadsheet shortened so the block stays rectangular", () => {
    expect(parsePastedBlock("8\t9\t10\n7\n")).toEqual({
      rows: 2,
      columns: 3,
      values: [
        ["8", "9", "10"],
        ["7", "", ""],
      ],
    });
  });

  it("unwraps quoted cells holding tabs, newlines or quotes, and leaves a stray quote as text", () => {
    expect(parsePastedBlock('"a\tb"\t"say ""hi"""\n"two\nlines"\t3\n').values).toEqual([
      ["a\tb", 'say "hi"'],
      ["two\nlines", "3"],
    ]);
    expect(parsePastedBlock('"8\t9').values).toEqual([['"8', "9"]]);
    expect(parsePastedBlock('"8"x\t9').values).toEqual([['"8"x', "9"]]);
  });

  it("treats empty clipboard text as one empty value", () => {
    expect(parsePastedBlock("")).toEqual({ rows: 1, columns: 1, values: [[""]] });
  });

  it("knows a single value from a block", () => {
    expect(isSingleValue(parsePastedBlock("12.5"))).toBe(true);
    expect(isSingleValue(parsePastedBlock("12.5\r\n"))).toBe(true);
    expect(isSingleValue(parsePastedBlock("12.5\t8"))).toBe(false);
    expect(isSingleValue(parsePastedBlock("12.5\n8"))).toBe(false);
  });
});

describe("whether a pasted block fits from the focused cell", () => {
  const grid = { rows: 40, columns: 4 };

  it("fits when it reaches exactly the last student and the last component", () => {
    expect(checkBlockFit({ rows: 3, columns: 2 }, { row: 37, column: 2 }, grid)).toEqual({ fits: true });
    expect(checkBlockFit({ rows: 40, columns: 4 }, { row: 0, column: 0 }, grid)).toEqual({ fits: true });
  });

  it("does not fit when one row or one column too many, and says how much room there is", () => {
    expect(checkBlockFit({ rows: 4, columns: 2 }, { row: 37, column: 2 }, grid)).toEqual({ fits: false, availableRows: 3, availableColumns: 2 });
    expect(checkBlockFit({ rows: 3, columns: 3 }, { row: 37, column: 2 }, grid)).toEqual({ fits: false, availableRows: 3, availableColumns: 2 });
  });

  it("words the refusal exactly, with the focused component and student", () => {
    const block = { rows: 5, columns: 3 };
    const fit = checkBlockFit(block, { row: 37, column: 2 }, grid);
    if (fit.fits) throw new Error("expected the block not to fit");
    expect(blockTooLargeMessage(block, fit, { componentCode: "CA2", studentName: "Ada Obi" })).toBe(
      "The pasted block is 5 rows × 3 columns, but only 3 rows × 2 columns fit from CA2 for Ada Obi.",
    );
  });

  it("says row and column in the singular for one", () => {
    expect(blockTooLargeMessage({ rows: 1, columns: 2 }, { availableRows: 1, availableColumns: 1 }, { componentCode: "Exam", studentName: "Bisi Ade" })).toBe(
      "The pasted block is 1 row × 2 columns, but only 1 row × 1 column fit from Exam for Bisi Ade.",
    );
  });

  it("lists every target cell of a fitting block, row by row from the focused cell", () => {
    expect(pasteTargets(parsePastedBlock("8\t\n7\tABS\n"), { row: 2, column: 1 })).toEqual([
      { row: 2, column: 1, raw: "8" },
      { row: 2, column: 2, raw: "" },
      { row: 3, column: 1, raw: "7" },
      { row: 3, column: 2, raw: "ABS" },
    ]);
  });
});

describe("moving between cells with the keyboard", () => {
  const key = (overrides: Partial<CellKey>): CellKey => ({
    key: "ArrowLeft",
    shiftKey: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    selectionStart: 0,
    selectionEnd: 0,
    textLength: 0,
    ...overrides,
  });

  it("moves up and down with the arrows wherever the caret is", () => {
    expect(moveForKey(key({ key: "ArrowUp", selectionStart: 2, selectionEnd: 2, textLength: 4 }))).toBe("up");
    expect(moveForKey(key({ key: "ArrowDown", selectionStart: 1, selectionEnd: 3, textLength: 4 }))).toBe("down");
  });

  it("moves down with Enter and up with Shift+Enter", () => {
    expect(moveForKey(key({ key: "Enter", textLength: 2, selectionStart: 1, selectionEnd: 1 }))).toBe("down");
    expect(moveForKey(key({ key: "Enter", shiftKey: true }))).toBe("up");
  });

  it("moves left only from the start of the text and right only from its end", () => {
    expect(moveForKey(key({ key: "ArrowLeft", selectionStart: 0, selectionEnd: 0, textLength: 4 }))).toBe("left");
    expect(moveForKey(key({ key: "ArrowLeft", selectionStart: 2, selectionEnd: 2, textLength: 4 }))).toBeNull();
    expect(moveForKey(key({ key: "ArrowRight", selectionStart: 4, selectionEnd: 4, textLength: 4 }))).toBe("right");
    expect(moveForKey(key({ key: "ArrowRight", selectionStart: 3, selectionEnd: 3, textLength: 4 }))).toBeNull();
    expect(moveForKey(key({ key: "ArrowRight", selectionStart: 0, selectionEnd: 0, textLength: 4 }))).toBeNull();
  });

  it("moves left or right when the whole text is selected, as it is right after focusing a cell", () => {
    expect(moveForKey(key({ key: "ArrowLeft", selectionStart: 0, selectionEnd: 4, textLength: 4 }))).toBe("left");
    expect(moveForKey(key({ key: "ArrowRight", selectionStart: 0, selectionEnd: 4, textLength: 4 }))).toBe("right");
  });

  it("lets a partial selection collapse first, as a text box does", () => {
    expect(moveForKey(key({ key: "ArrowRight", selectionStart: 1, selectionEnd: 4, textLength: 4 }))).toBeNull();
    expect(moveForKey(key({ key: "ArrowLeft", selectionStart: 0, selectionEnd: 2, textLength: 4 }))).toBeNull();
  });

  it("moves both ways out of an empty cell", () => {
    expect(moveForKey(key({ key: "ArrowLeft" }))).toBe("left");
    expect(moveForKey(key({ key: "ArrowRight" }))).toBe("right");
  });

  it("leaves selection, word jumps, shortcuts and ordinary typing to the browser", () => {
    expect(moveForKey(key({ key: "ArrowLeft", shiftKey: true }))).toBeNull();
    expect(moveForKey(key({ key: "ArrowDown", shiftKey: true }))).toBeNull();
    expect(moveForKey(key({ key: "ArrowRight", ctrlKey: true }))).toBeNull();
    expect(moveForKey(key({ key: "ArrowUp", altKey: true }))).toBeNull();
    expect(moveForKey(key({ key: "Enter", metaKey: true }))).toBeNull();
    expect(moveForKey(key({ key: "Tab" }))).toBeNull();
    expect(moveForKey(key({ key: "7" }))).toBeNull();
  });

  it("stays in the grid at its edges", () => {
    const grid = { rows: 3, columns: 2 };
    expect(moveWithin({ row: 0, column: 0 }, "up", grid)).toEqual({ row: 0, column: 0 });
    expect(moveWithin({ row: 0, column: 0 }, "left", grid)).toEqual({ row: 0, column: 0 });
    expect(moveWithin({ row: 2, column: 1 }, "down", grid)).toEqual({ row: 2, column: 1 });
    expect(moveWithin({ row: 2, column: 1 }, "right", grid)).toEqual({ row: 2, column: 1 });
    expect(moveWithin({ row: 1, column: 0 }, "down", grid)).toEqual({ row: 2, column: 0 });
    expect(moveWithin({ row: 1, column: 1 }, "left", grid)).toEqual({ row: 1, column: 0 });
  });
});

describe("column headings", () => {
  it("show weight and maximum without needless zeros", () => {
    expect(componentHeading({ code: "CA1", weight: "10.00", maxScore: "10.00" })).toBe("CA1 (10%, max 10)");
    expect(componentHeading({ code: "Exam", weight: "62.50", maxScore: "100" })).toBe("Exam (62.5%, max 100)");
    expect(plainDecimal("7.05")).toBe("7.05");
    expect(plainDecimal("40")).toBe("40");
  });
});

// The grid's state transitions are plain functions too; they live beside the component that owns them
// (components/grade-grid/grid-state.ts) and are tested here because the unit project runs lib/**/*.test.ts.
describe("the grade grid's autosave and conflict rules", () => {
  const components = [
    { id: "ca1", maxScore: "10" },
    { id: "exam", maxScore: "60" },
  ];
  const students = [{ id: "ada" }, { id: "bisi" }];
  const fresh = () =>
    initialGridState(students, components, {
      "ada:ca1": { mark: "score", value: "7.50", version: 3 },
      "ada:exam": { mark: "absent", value: null, version: 1 },
      "bisi:exam": { mark: "score", value: "40.00", version: 2 },
    });
  const edit = (state: GridState, studentId: string, componentId: string, text: string) =>
    gridReducer(state, { type: "edit", edits: [{ studentId, componentId, text }] });
  const status = (state: GridState, studentId: string) => {
    const row = state.rows[studentId];
    if (!row) throw new Error(`no row for ${studentId}`);
    return rowStatusText(rowStatus(row));
  };
  const cell = (state: GridState, studentId: string, componentId: string) => {
    const found = state.rows[studentId]?.cells[componentId];
    if (!found) throw new Error(`no cell ${studentId}:${componentId}`);
    return found;
  };

  it("shows stored cells as the teacher would type them, every row saved", () => {
    const state = fresh();
    expect(cell(state, "ada", "ca1")).toMatchObject({ text: "7.5", version: 3 });
    expect(cell(state, "ada", "exam")).toMatchObject({ text: "ABS", version: 1 });
    expect(cell(state, "bisi", "ca1")).toMatchObject({ text: "", version: 0 });
    expect(status(state, "ada")).toBe("Saved");
    expect(hasUnsavedChanges(state)).toBe(false);
    expect(collectSaveBatch(state).cells).toEqual([]);
  });

  it("marks only the edited row unsaved and leaves the other rows untouched, so they don't re-render", () => {
    const before = fresh();
    const after = edit(before, "bisi", "ca1", "9");
    expect(status(after, "bisi")).toBe("Unsaved");
    expect(status(after, "ada")).toBe("Saved");
    expect(after.rows.ada).toBe(before.rows.ada);
    expect(edit(after, "bisi", "ca1", "9")).toBe(after);
  });

  it("sends dirty valid cells as typed, with the version they were read at, and never invalid ones", () => {
    let state = edit(fresh(), "ada", "ca1", "8,5");
    state = edit(state, "bisi", "ca1", "9");
    state = edit(state, "bisi", "exam", "75");
    expect(cell(state, "bisi", "exam").parsed).toEqual({ ok: false, message: "Above the maximum of 60" });
    expect(status(state, "bisi")).toBe("Unsaved");
    expect(collectSaveBatch(state)).toEqual({
      cells: [
        { studentId: "ada", componentId: "ca1", raw: "8,5", expectedVersion: 3 },
        { studentId: "bisi", componentId: "ca1", raw: "9", expectedVersion: 0 },
      ],
      sentEdits: { "ada:ca1": 1, "bisi:ca1": 1 },
      studentIds: ["ada", "bisi"],
    });
  });

  it("does not send a cell typed back to its saved value", () => {
    const state = edit(edit(fresh(), "ada", "ca1", "9"), "ada", "ca1", "7.5");
    expect(collectSaveBatch(state).cells).toEqual([]);
    expect(status(state, "ada")).toBe("Saved");
  });

  it("shows Saving… while in flight, then the normalised saved value and its new version", () => {
    let state = edit(fresh(), "ada", "ca1", "8,50");
    const batch = collectSaveBatch(state);
    state = gridReducer(state, { type: "saveStarted", batch });
    expect(status(state, "ada")).toBe("Saving…");
    state = gridReducer(state, {
      type: "saveSucceeded",
      batch,
      result: { saved: [{ studentId: "ada", componentId: "ca1", mark: "score", value: "8.50", version: 4 }], conflicts: [] },
    });
    expect(cell(state, "ada", "ca1")).toMatchObject({ text: "8.5", savedText: "8.5", version: 4 });
    expect(status(state, "ada")).toBe("Saved");
    expect(hasUnsavedChanges(state)).toBe(false);
  });

  it("keeps what the teacher typed during a save and sends it next against the version that save returned", () => {
    let state = edit(fresh(), "ada", "ca1", "8");
    const first = collectSaveBatch(state);
    state = gridReducer(state, { type: "saveStarted", batch: first });
    state = edit(state, "ada", "ca1", "9");
    state = gridReducer(state, {
      type: "saveSucceeded",
      batch: first,
      result: { saved: [{ studentId: "ada", componentId: "ca1", mark: "score", value: "8.00", version: 4 }], conflicts: [] },
    });
    expect(cell(state, "ada", "ca1")).toMatchObject({ text: "9", savedText: "8", version: 4 });
    expect(status(state, "ada")).toBe("Unsaved");
    expect(collectSaveBatch(state).cells).toEqual([{ studentId: "ada", componentId: "ca1", raw: "9", expectedVersion: 4 }]);
  });

  it("keeps every typed value on a failed save, shows the error on the row and the cell, and holds that cell back", () => {
    let state = edit(edit(fresh(), "ada", "ca1", "8"), "ada", "exam", "50");
    const batch = collectSaveBatch(state);
    state = gridReducer(state, { type: "saveStarted", batch });
    state = gridReducer(state, {
      type: "saveFailed",
      batch,
      error: "Some scores need attention",
      fieldErrors: { "cells.ada.exam": ["The exam is marked out of 40 now"] },
    });
    expect(status(state, "ada")).toBe("Error: Some scores need attention");
    expect(cell(state, "ada", "ca1").text).toBe("8");
    expect(cell(state, "ada", "exam")).toMatchObject({ text: "50", serverError: "The exam is marked out of 40 now" });
    expect(collectSaveBatch(state).cells.map((sent) => sent.componentId)).toEqual(["ca1"]);
    state = edit(state, "ada", "exam", "39");
    expect(cell(state, "ada", "exam").serverError).toBeNull();
    expect(collectSaveBatch(state).cells.map((sent) => sent.componentId)).toEqual(["ca1", "exam"]);
  });

  it("holds a conflicted cell back until the teacher keeps theirs, which resends against the other version", () => {
    let state = edit(fresh(), "bisi", "exam", "45");
    const batch = collectSaveBatch(state);
    state = gridReducer(state, { type: "saveStarted", batch });
    const conflict = { studentId: "bisi", componentId: "exam", yours: "45", theirs: "42", theirVersion: 5, changedBy: "Mr Eze", changedAt: "2025-01-10T09:00:00Z" };
    state = gridReducer(state, { type: "saveSucceeded", batch, result: { saved: [], conflicts: [conflict] } });
    expect(status(state, "bisi")).toBe("Conflict");
    expect(cell(state, "bisi", "exam")).toMatchObject({ text: "45", conflict });
    expect(collectSaveBatch(state).cells).toEqual([]);
    expect(hasUnsavedChanges(state)).toBe(true);

    const kept = gridReducer(state, { type: "keepMine", cells: [{ studentId: "bisi", componentId: "exam" }] });
    expect(status(kept, "bisi")).toBe("Unsaved");
    expect(collectSaveBatch(kept).cells).toEqual([{ studentId: "bisi", componentId: "exam", raw: "45", expectedVersion: 5 }]);

    const theirs = gridReducer(state, { type: "useTheirs", cells: [{ studentId: "bisi", componentId: "exam" }] });
    expect(cell(theirs, "bisi", "exam")).toMatchObject({ text: "42", savedText: "42", version: 5, conflict: null });
    expect(status(theirs, "bisi")).toBe("Saved");
    expect(collectSaveBatch(theirs).cells).toEqual([]);
  });

  it("counts what a save holds back: conflicts to choose and entries to correct, not cells typed back", () => {
    let state = edit(fresh(), "ada", "ca1", "x");
    state = edit(state, "ada", "exam", "61");
    state = edit(state, "bisi", "ca1", "5");
    state = edit(edit(state, "bisi", "exam", "1"), "bisi", "exam", "40");
    expect(heldBackCells(state)).toEqual({ conflicts: 0, needCorrecting: 2 });
    const batch = collectSaveBatch(state);
    const conflict = { studentId: "bisi", componentId: "ca1", yours: "5", theirs: "", theirVersion: 1, changedBy: null, changedAt: null };
    state = gridReducer(state, { type: "saveSucceeded", batch, result: { saved: [], conflicts: [conflict] } });
    expect(heldBackCells(state)).toEqual({ conflicts: 1, needCorrecting: 2 });
  });

  it("restores the last saved value on Escape, even over an invalid entry", () => {
    let state = edit(fresh(), "ada", "ca1", "eleven");
    expect(cell(state, "ada", "ca1").parsed.ok).toBe(false);
    expect(hasUnsavedChanges(state)).toBe(true);
    state = gridReducer(state, { type: "revert", studentId: "ada", componentId: "ca1" });
    expect(cell(state, "ada", "ca1")).toMatchObject({ text: "7.5", parsed: { ok: true, kind: "score", value: "7.5" } });
    expect(hasUnsavedChanges(state)).toBe(false);
  });
});
