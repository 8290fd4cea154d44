// Writing CSV for download: RFC 4180 quoting, and cells a spreadsheet would run as a formula defused.
import Papa from "papaparse";

/**
 * A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
 * one of those) is prefixed with a single quote so it is shown as text, never run (OWASP "CSV
 * injection"). Papa Parse's own default pattern ends in `.*$`, which misses such a cell when it
 * also holds a line break, so the pattern here checks only the first character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | null | undefined;

/** CSV lines (CRLF-terminated, as spreadsheets expect) for rows of cells; null becomes an empty cell. */
export function csvLines(rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  if (rows.length === 0) return "";
  const data = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : cell)));
  return `${Papa.unparse(data, { header: false, newline: "\r\n", escapeFormulae: FORMULA_START })}\r\n`;
}

/** The byte-order mark that makes Excel open a download as UTF-8, so names like "Ọlá" survive. */
export const CSV_BOM = "\uFEFF";
