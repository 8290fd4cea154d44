// The broadsheet as CSV rows: one line per student, then per subject total, grade and position.
import "server-only";
import { ordinal } from "@/lib/domain/report-card";
import type { ClassResults } from "./get-class-results";

export function broadsheetRows(results: ClassResults): string[][] {
  const header = ["Admission number", "Name", ...results.subjects.flatMap((s) => [`${s.code} total`, `${s.code} grade`, `${s.code} position`]), "Total", "Average", "GPA", "Position", "Out of"];
  const rows = results.students.map((student) => [
    student.admissionNumber,
    student.name,
    ...results.subjects.flatMap((s) => {
      const cell = student.cells[s.offeringId];
      if (!cell) return ["", "", ""];
      return [cell.total ?? "Exempt", cell.grade ?? "", cell.position ? ordinal(cell.position, cell.shared) : ""];
    }),
    student.overall?.total ?? "",
    student.overall?.average ?? "",
    student.overall?.gpa ?? "",
    student.overall?.position ? ordinal(student.overall.position, student.overall.shared) : "",
    student.overall ? String(student.overall.outOf) : "",
  ]);
  return [header, ...rows];
}
