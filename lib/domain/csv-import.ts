// Reading an import CSV and checking each row against the import's field rules. Pure: the page runs
// it in the browser for the mapping step, the server runs it again on every preview and apply.
import Papa from "papaparse";
import {
  type EducatorImportRow,
  fieldByKey,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_COLUMNS,
  IMPORT_MAX_ROWS,
  type ImportKind,
  importRowParsers,
  normalizeHeader,
  type StudentImportRow,
} from "@/lib/validation/imports";

/** The file cannot be read at all (wrong encoding, not CSV, too big): nothing to map or preview. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

export type ImportIssue = {
  /** The row as a spreadsheet numbers it: the header is row 1, the first student row 2. */
  row: number;
  /** 0-based column of the file, or null for the whole row. */
  column: number | null;
  field: string | null;
  severity: "error" | "warning";
  /** A whole sentence: "Row 14, column Date of birth: 31/02/2015 is not a date". */
  message: string;
};

export type ParsedCsv = { header: string[]; rows: Array<{ row: number; cells: string[] }> };

const notUtf8 =
  'This file is not UTF-8 text. In Excel choose "Save as" → "CSV UTF-8 (Comma delimited)"; in LibreOffice or Google Sheets, save or download as CSV with the UTF-8 character set.';

/** The browser's file bytes as text: UTF-8 with or without a byte-order mark, nothing else. */
export function decodeImportFile(bytes: Uint8Array): string {
  if (bytes.byteLength > IMPORT_MAX_BYTES) throw new ImportFileError(`The file is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB. Split it into smaller files.`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw new ImportFileError('This looks like an Excel or OpenDocument workbook, not a CSV file. Save the sheet as "CSV UTF-8" and upload that.');
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw new ImportFileError(notUtf8);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportFileError(notUtf8);
  }
}

/** Splits CSV text into a header and the non-empty rows, keeping each row's spreadsheet number. */
export function parseImportCsv(input: string): ParsedCsv {
  const text = input.replace(/^\uFEFF/, "");
  if (new TextEncoder().encode(text).byteLength > IMPORT_MAX_BYTES) throw new ImportFileError("The file is larger than 5 MB. Split it into smaller files.");
  if (text.includes("\u0000")) throw new ImportFileError("This is not a CSV text file (it contains binary data). Save the sheet as \"CSV UTF-8\" and upload that.");
  if (text.trim() === "") throw new ImportFileError("The file is empty.");
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimitersToGuess: [",", ";", "\t"] });
  const broken = parsed.errors.find((e) => e.code === "MissingQuotes" || e.code === "InvalidQuotes");
  if (broken) {
    const at = broken.row !== undefined ? `row ${broken.row + 1}` : "the file";
    throw new ImportFileError(`A quoted cell in ${at} is not closed properly, so the file cannot be read. Check the quotation marks around that row.`);
  }
  const [headerCells, ...records] = parsed.data;
  const header = (headerCells ?? []).map((cell) => cell.trim());
  while (header.length > 0 && header[header.length - 1] === "") header.pop();
  if (header.length === 0) throw new ImportFileError("The first row should name the columns, but it is empty.");
  if (header.length > IMPORT_MAX_COLUMNS) throw new ImportFileError(`The file has ${header.length} columns; at most ${IMPORT_MAX_COLUMNS} are read.`);
  const rows: ParsedCsv["rows"] = [];
  records.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === "")) return;
    rows.push({ row: index + 2, cells: cells.map((cell) => cell.trim()) });
  });
  if (rows.length === 0) throw new ImportFileError("The file has a header row but no rows of data.");
  if (rows.length > IMPORT_MAX_ROWS) {
    throw new ImportFileError(`The file has ${rows.length.toLocaleString("en")} rows; at most ${IMPORT_MAX_ROWS.toLocaleString("en")} can be imported at once. Split it into smaller files.`);
  }
  return { header, rows };
}

const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** "column DOB (Date of birth)", or just "column Date of birth" when the header says as much. */
export function describeColumn(kind: ImportKind, header: readonly string[], column: number | null, field: string | null): string | null {
  const label = field ? fieldByKey(kind, field)?.label : undefined;
  const heading = column !== null ? header[column] : undefined;
  if (!heading) return label ? `column ${label}` : column !== null ? `column ${column + 1}` : null;
  if (!label || normalizeHeader(heading) === normalizeHeader(label)) return `column ${heading}`;
  return `column ${heading} (${label})`;
}

/** Builds the issue's sentence: "Row 14, column Date of birth: 31/02/2015 is not a date". */
export function makeIssue(
  kind: ImportKind,
  header: readonly string[],
  at: { row: number; column: number | null; field: string | null; value?: string },
  severity: ImportIssue["severity"],
  predicate: string,
): ImportIssue {
  const where = [`Row ${at.row}`, describeColumn(kind, header, at.column, at.field)].filter(Boolean).join(", ");
  const message = at.value ? `${where}: ${shown(at.value)} ${predicate}` : `${where} ${predicate}`;
  return { row: at.row, column: at.column, field: at.field, severity, message };
}

export type ValidatedRow<T> = { row: number; data: T | null };
export type ValidatedRows<K extends ImportKind> = {
  rows: Array<ValidatedRow<K extends "students" ? StudentImportRow : EducatorImportRow>>;
  issues: ImportIssue[];
};

const keyField: Record<ImportKind, { key: string; noun: string }> = {
  students: { key: "admissionNumber", noun: "student" },
  educators: { key: "staffNumber", noun: "educator" },
};

/**
 * Checks every row's cells by the kind's row schema, and the key column for repeats within the file.
 * A row with any error has data null; its issues say which cell and why.
 */
export function validateImportRows<K extends ImportKind>(kind: K, csv: ParsedCsv, columns: ReadonlyArray<string | null>): ValidatedRows<K> {
  const parseRow = importRowParsers[kind];
  const columnOf = new Map<string, number>();
  columns.forEach((field, index) => {
    if (field && index < csv.header.length) columnOf.set(field, index);
  });
  const issues: ImportIssue[] = [];
  const rows: ValidatedRows<K>["rows"] = [];
  const key = keyField[kind];
  const keyColumn = columnOf.get(key.key);
  const rowsByKey = new Map<string, Array<{ row: number; value: string }>>();

  for (const { row, cells } of csv.rows) {
    const input: Record<string, string> = {};
    for (const [field, index] of columnOf) {
      const value = cells[index] ?? "";
      if (value !== "") input[field] = value;
    }
    let failed = false;
    const extra = cells.slice(csv.header.length).filter((cell) => cell !== "");
    if (extra.length > 0) {
      issues.push(makeIssue(kind, csv.header, { row, column: null, field: null }, "error", `has ${cells.length} cells but the header row has ${csv.header.length}: a cell may contain an unquoted comma`));
      failed = true;
    }
    const result = parseRow(input);
    if (!result.success) {
      failed = true;
      for (const { field, message } of result.issues) {
        issues.push(makeIssue(kind, csv.header, { row, column: columnOf.get(field) ?? null, field, value: input[field] }, "error", message));
      }
    }
    if (keyColumn !== undefined && input[key.key]) {
      const normalized = input[key.key]!.toLowerCase();
      const seen = rowsByKey.get(normalized);
      if (seen) seen.push({ row, value: input[key.key]! });
      else rowsByKey.set(normalized, [{ row, value: input[key.key]! }]);
    }
    rows.push({ row, data: failed || !result.success ? null : (result.data as ValidatedRows<K>["rows"][number]["data"]) });
  }

  // Every copy of a repeated number is an error: which one the school meant is theirs to say.
  const repeatedRows = new Set<number>();
  for (const [, copies] of rowsByKey) {
    if (copies.length < 2) continue;
    const at = copies.map((c) => c.row);
    const list = at.length > 6 ? `${at.slice(0, 5).join(", ")} and ${at.length - 5} more` : `${at.slice(0, -1).join(", ")} and ${at[at.length - 1]}`;
    for (const { row, value } of copies) {
      repeatedRows.add(row);
      issues.push(makeIssue(kind, csv.header, { row, column: keyColumn!, field: key.key, value }, "error", `appears on rows ${list}: list each ${key.noun} once`));
    }
  }
  if (repeatedRows.size > 0) for (const r of rows) if (repeatedRows.has(r.row)) r.data = null;
  issues.sort((a, b) => a.row - b.row || (a.column ?? -1) - (b.column ?? -1));
  return { rows, issues };
}
