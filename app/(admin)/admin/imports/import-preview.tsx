"use client";

// The dry run's answer: the counts, the problems listed by row, and the file's rows with each
// problem cell marked (red: error, amber: warning, blue: will change).
import { useMemo, useState } from "react";
import type { ImportIssue, ParsedCsv } from "@/lib/domain/csv-import";
import type { ImportOutcome, ImportResult } from "@/lib/server/imports/shared";
import { fieldByKey, type ImportKind } from "@/lib/validation/imports";

const PAGE_SIZE = 25;
const outcomeLabels: Record<ImportOutcome, string> = { new: "New", updated: "Updated", unchanged: "Unchanged", error: "Error" };

export function ImportSummaryList({ result }: { result: Pick<ImportResult, "kind" | "applied" | "summary"> }) {
  const s = result.summary;
  const noun = result.kind === "students" ? "students" : "educators";
  const items: Array<[string, number]> = [
    [`New ${noun}`, s.newRecords],
    [`Updated ${noun}`, s.updatedRecords],
    [`Unchanged ${noun}`, s.unchangedRecords],
    ...(result.kind === "students"
      ? ([
          ["New guardians", s.newGuardians],
          ["New guardian links", s.newLinks],
        ] as Array<[string, number]>)
      : []),
    [result.applied ? "Rows skipped (errors)" : "Rows with errors", s.rowsWithErrors],
    ["Rows with warnings", s.rowsWithWarnings],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label} className="rounded border border-slate-200 bg-slate-50 p-2">
          <dt className="text-xs text-slate-700">{label}</dt>
          <dd className="text-xl font-semibold tabular-nums">{value.toLocaleString("en")}</dd>
        </div>
      ))}
    </dl>
  );
}

type Filter = "all" | "problems" | "changes";

export function ImportPreview({ file, kind, columns, result }: { file: ParsedCsv; kind: ImportKind; columns: Array<string | null>; result: ImportResult }) {
  const [filter, setFilter] = useState<Filter>(result.issueCount > 0 ? "problems" : "all");
  const [page, setPage] = useState(1);

  const { issuesByCell, issuesByRow } = useMemo(() => {
    const byCell = new Map<string, ImportIssue[]>();
    const byRow = new Map<number, ImportIssue[]>();
    for (const issue of result.issues) {
      const cellKey = `${issue.row}:${issue.column ?? "row"}`;
      byCell.set(cellKey, [...(byCell.get(cellKey) ?? []), issue]);
      byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), issue]);
    }
    return { issuesByCell: byCell, issuesByRow: byRow };
  }, [result.issues]);

  const outcomes = useMemo(() => new Map(result.rows.map((r) => [r.row, r])), [result.rows]);
  const shownColumns = columns.flatMap((field, index) => (field ? [{ index, field, heading: file.header[index] || fieldByKey(kind, field)?.label || "" }] : []));
  const rows = file.rows.filter((r) => {
    if (filter === "problems") return issuesByRow.has(r.row) || outcomes.get(r.row)?.outcome === "error";
    if (filter === "changes") return ["new", "updated"].includes(outcomes.get(r.row)?.outcome ?? "");
    return true;
  });
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const visible = rows.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);

  const changedField = (row: number, field: string) => {
    const changed = outcomes.get(row)?.changed ?? [];
    return changed.includes(field) || changed.some((c) => /^guardian[12]$/.test(c) && field.startsWith(c));
  };

  return (
    <div className="space-y-4">
      {result.issueCount > 0 ? (
        <details open={result.summary.rowsWithErrors > 0} className="rounded border border-slate-200 p-3">
          <summary className="cursor-pointer font-medium">
            {result.issueCount.toLocaleString("en")} {result.issueCount === 1 ? "problem" : "problems"}, by row
            {result.issueCount > result.issues.length ? ` (the first ${result.issues.length.toLocaleString("en")} are listed)` : ""}
          </summary>
          <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto text-sm">
            {result.issues.map((issue, i) => (
              <li key={i} className={issue.severity === "error" ? "text-red-900" : "text-amber-900"}>
                <span className="font-medium">{issue.severity === "error" ? "Error" : "Warning"}:</span> {issue.message}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="text-sm text-green-900">No problems found.</p>
      )}

      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Rows to show</legend>
        {(
          [
            ["problems", "Rows with problems"],
            ["changes", "New and updated rows"],
            ["all", "All rows"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input
              type="radio"
              name="preview-filter"
              checked={filter === value}
              onChange={() => {
                setFilter(value);
                setPage(1);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>

      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="p-2 text-left text-slate-700">
            {rows.length.toLocaleString("en")} {rows.length === 1 ? "row" : "rows"}{pages > 1 ? `, page ${current} of ${pages}` : ""}. Red cells have errors, amber cells
            warnings, blue cells will change.
          </caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-2 py-2">Row</th>
              <th scope="col" className="px-2 py-2">Result</th>
              {shownColumns.map((c) => (
                <th key={c.index} scope="col" className="whitespace-nowrap px-2 py-2">
                  {c.heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {visible.map(({ row, cells }) => {
              const outcome = outcomes.get(row)?.outcome ?? "error";
              const rowIssues = issuesByCell.get(`${row}:row`);
              return (
                <tr key={row}>
                  <th scope="row" className="px-2 py-1 text-left tabular-nums">{row}</th>
                  <td className={`px-2 py-1 ${outcome === "error" ? "font-medium text-red-900" : ""}`}>
                    {outcomeLabels[outcome]}
                    {rowIssues ? <span className="block text-xs text-red-900">{rowIssues.map((i) => i.message).join(" ")}</span> : null}
                  </td>
                  {shownColumns.map((c) => {
                    const cellIssues = issuesByCell.get(`${row}:${c.index}`) ?? [];
                    const error = cellIssues.some((i) => i.severity === "error");
                    const tone = error
                      ? "bg-red-50 outline outline-1 outline-red-600"
                      : cellIssues.length > 0
                        ? "bg-amber-50 outline outline-1 outline-amber-500"
                        : outcome === "updated" && changedField(row, c.field)
                          ? "bg-blue-50"
                          : "";
                    return (
                      <td key={c.index} className={`max-w-56 px-2 py-1 ${tone}`} title={cellIssues.map((i) => i.message).join("\n") || undefined}>
                        <span className="block truncate">{cells[c.index] ?? ""}</span>
                        {cellIssues.length > 0 ? <span className="sr-only">{cellIssues.map((i) => `${i.severity}: ${i.message}`).join(" ")}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Preview pages" className="flex gap-3">
          <button type="button" disabled={current <= 1} onClick={() => setPage(current - 1)} className="text-blue-700 underline disabled:text-slate-400 disabled:no-underline">
            Previous page
          </button>
          <button type="button" disabled={current >= pages} onClick={() => setPage(current + 1)} className="text-blue-700 underline disabled:text-slate-400 disabled:no-underline">
            Next page
          </button>
        </nav>
      ) : null}
    </div>
  );
}
