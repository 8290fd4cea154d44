// An offering's grade sheet as a CSV file: the grid's columns, in the shape the CSV import reads back.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { CSV_BOM, csvLines } from "@/lib/domain/csv-export";
import { type CellValue, computeSubjectOutcome, formatCell } from "@/lib/domain/grading";
import { idSchema, parseInput } from "@/lib/validation/common";
import { type GradeSheet, getGradeSheet } from "./get-grade-sheet";
import { loadOffering } from "./offering-access";

export type GradeSheetFile = { fileName: string; csv: string };

/** The headings the import matches by (see import-grade-sheet.ts), so a downloaded file imports as it is. */
export const EXPORT_FIXED_HEADINGS = { admissionNumber: "Admission number", name: "Name", total: "Total", grade: "Grade", remark: "Remark" } as const;

/** For a file name: ASCII letters, digits and dashes only, so no header quoting or encoding is needed. */
function slug(text: string, keepCase = false): string {
  const ascii = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const cased = keepCase ? ascii : ascii.toLowerCase();
  return cased.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * The grade sheet as CSV text (with the byte-order mark Excel needs for UTF-8), for anyone who may
 * open the offering: one row per student with each component's cell as the grid shows it, then the
 * total, grade and remark. An incomplete total is marked provisional; a student with nothing
 * entered yet has no total, rather than a misleading 0 and a fail.
 */
export async function exportGradeSheet(db: Queryable, actor: Actor, input: { offeringId: string }): Promise<GradeSheetFile> {
  const { offeringId } = parseInput(z.object({ offeringId: idSchema }), input);
  // The sheet does not carry the subject code the file name needs; loadOffering applies the same access rule.
  const [sheet, offering] = await Promise.all([getGradeSheet(db, actor, { offeringId }), loadOffering(db, actor, offeringId)]);
  const header = [
    EXPORT_FIXED_HEADINGS.admissionNumber,
    EXPORT_FIXED_HEADINGS.name,
    ...sheet.components.map((c) => c.code),
    EXPORT_FIXED_HEADINGS.total,
    EXPORT_FIXED_HEADINGS.grade,
    EXPORT_FIXED_HEADINGS.remark,
  ];
  const rows = sheet.students.map((student) => {
    const cells = sheet.components.map((c) => sheet.cells[`${student.id}:${c.id}`]);
    return [student.admissionNumber, student.name, ...cells.map((cell) => (cell ? formatCell(cell.mark, cell.value) : "")), ...outcomeCells(sheet, student.id)];
  });
  const parts = [slug(offering.subjectCode, true), slug(offering.className), slug(offering.termName)].filter((part) => part !== "");
  return { fileName: `scores-${parts.join("-")}.csv`, csv: CSV_BOM + csvLines([header, ...rows]) };
}

/** Total, grade and remark for one student, worked out as the grid does. */
function outcomeCells(sheet: GradeSheet, studentId: string): [string, string, string] {
  const values: Record<string, CellValue | undefined> = {};
  let entered = false;
  for (const component of sheet.components) {
    const cell = sheet.cells[`${studentId}:${component.id}`];
    if (!cell) continue;
    values[component.id] = cell.mark === "score" ? { kind: "score", value: cell.value ?? "0" } : { kind: cell.mark };
    if (cell.mark !== "exempt") entered = true;
  }
  try {
    const outcome = computeSubjectOutcome(sheet.components, values, { bands: sheet.bands, rounding: sheet.rounding, passMark: sheet.passMark });
    if (outcome.status === "exempt") return ["Exempt", "", ""];
    if (!entered) return ["", "", ""];
    const total = outcome.status === "incomplete" ? `${outcome.total} (provisional)` : outcome.total;
    return [total, outcome.grade.letter, outcome.grade.remark];
  } catch (error) {
    // A scheme or scale the settings pages should have refused: say so in the cell, as the grid does, rather than fail the download.
    if (error instanceof RangeError) return ["Cannot be worked out", "", ""];
    throw error;
  }
}
