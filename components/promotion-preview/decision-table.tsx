"use client";

// Every student's planned decision, a page at a time: a level can hold thousands, and all of them
// are already in the browser, so filtering, searching and paging happen here without a request.
import { useEffect, useId, useMemo, useRef } from "react";
import type { PromotionOutcome } from "@/lib/domain/promotion";
import type { PlannedDecision } from "@/lib/domain/promotion-plan";
import { outcomeLabels, outcomeOrder } from "./labels";

export const PAGE_SIZE = 50;

export type DecisionFilter = "all" | PromotionOutcome | "changed" | "problem";

export type TableView = { filter: DecisionFilter; search: string; page: number };

type StudentInfo = { admissionNumber: string; overriddenBy: string | null };

/** The decisions the filter and search let through, in the plan's order (class, then name). */
export function filterDecisions(decisions: readonly PlannedDecision[], view: Pick<TableView, "filter" | "search">, info: ReadonlyMap<string, StudentInfo>) {
  const words = view.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return decisions.filter((d) => {
    if (view.filter === "changed" ? d.overrideReason === null : view.filter === "problem" ? d.problem === null : view.filter !== "all" && d.outcome !== view.filter) {
      return false;
    }
    if (words.length === 0) return true;
    const haystack = `${d.name} ${info.get(d.studentId)?.admissionNumber ?? ""}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

const outcomeBadge: Record<PromotionOutcome, string> = {
  promote: "bg-green-100 text-green-900",
  graduate: "bg-green-100 text-green-900",
  repeat: "bg-amber-100 text-amber-900",
  review: "bg-red-100 text-red-900",
  transfer: "bg-slate-200 text-slate-900",
  withdraw: "bg-slate-200 text-slate-900",
};

export function DecisionTable({
  decisions,
  filtered,
  view,
  onViewChange,
  selected,
  onSelectedChange,
  info,
  classNames,
}: {
  decisions: readonly PlannedDecision[];
  filtered: readonly PlannedDecision[];
  view: TableView;
  onViewChange: (view: TableView) => void;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  info: ReadonlyMap<string, StudentInfo>;
  /** Next year's classes by id. */
  classNames: ReadonlyMap<string, string>;
}) {
  const id = useId();
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(view.page, pages);
  const rows = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const first = filtered.length === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(page * PAGE_SIZE, filtered.length);

  const counts = useMemo(() => {
    const byFilter = new Map<DecisionFilter, number>([["all", decisions.length]]);
    for (const outcome of outcomeOrder) byFilter.set(outcome, 0);
    let changed = 0;
    let problems = 0;
    for (const d of decisions) {
      byFilter.set(d.outcome, (byFilter.get(d.outcome) ?? 0) + 1);
      if (d.overrideReason !== null) changed++;
      if (d.problem !== null) problems++;
    }
    byFilter.set("changed", changed);
    byFilter.set("problem", problems);
    return byFilter;
  }, [decisions]);

  const pageIds = rows.map((d) => d.studentId);
  const pageAllSelected = pageIds.length > 0 && pageIds.every((studentId) => selected.has(studentId));
  const pageSomeSelected = pageIds.some((studentId) => selected.has(studentId));
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = pageSomeSelected && !pageAllSelected;
  }, [pageSomeSelected, pageAllSelected]);

  const toggle = (studentIds: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const studentId of studentIds) {
      if (on) next.add(studentId);
      else next.delete(studentId);
    }
    onSelectedChange(next);
  };
  const filteredIds = filtered.map((d) => d.studentId);
  const allFilteredSelected = filteredIds.length > 0 && filteredIds.every((studentId) => selected.has(studentId));

  const filterOptions: Array<{ value: DecisionFilter; label: string }> = [
    { value: "all", label: "Every student" },
    ...outcomeOrder.map((outcome) => ({ value: outcome as DecisionFilter, label: outcomeLabels[outcome] })),
    { value: "changed", label: "Changed by hand" },
    { value: "problem", label: "With a problem" },
  ];

  return (
    <div className="mt-3 space-y-3">
      <div role="search" aria-label="Filter the students" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-filter`} className="block text-sm font-medium text-slate-800">
            Show
          </label>
          <select
            id={`${id}-filter`}
            value={view.filter}
            onChange={(event) => onViewChange({ ...view, filter: event.target.value as DecisionFilter, page: 1 })}
            className="mt-1 rounded border border-slate-400 bg-white px-2 py-2"
          >
            {filterOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label} ({counts.get(option.value) ?? 0})
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-0 basis-64">
          <label htmlFor={`${id}-search`} className="block text-sm font-medium text-slate-800">
            Search by name or admission number
          </label>
          <input
            id={`${id}-search`}
            type="search"
            autoComplete="off"
            value={view.search}
            onChange={(event) => onViewChange({ ...view, search: event.target.value, page: 1 })}
            className="mt-1 w-full min-w-0 rounded border border-slate-400 bg-white px-3 py-2"
          />
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-3 text-sm">
        <p aria-live="polite">
          {filtered.length === 0 ? "No student matches." : `Showing ${first}–${last} of ${filtered.length}`}
          {selected.size > 0 ? `; ${selected.size} selected` : ""}
        </p>
        {filtered.length > 0 && !allFilteredSelected ? (
          <button type="button" className="rounded border border-slate-300 bg-white px-2 py-1 font-medium hover:bg-slate-100" onClick={() => toggle(filteredIds, true)}>
            Select all {filtered.length} shown
          </button>
        ) : null}
        {selected.size > 0 ? (
          <button type="button" className="rounded px-2 py-1 text-blue-800 underline" onClick={() => onSelectedChange(new Set())}>
            Clear selection
          </button>
        ) : null}
      </div>

      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="min-w-full divide-y divide-slate-200 bg-white text-sm">
          <caption className="sr-only">
            Each student&apos;s decision, page {page} of {pages}
          </caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <input
                  ref={headerBox}
                  type="checkbox"
                  className="h-4 w-4"
                  aria-label="Select every student on this page"
                  checked={pageAllSelected}
                  disabled={rows.length === 0}
                  onChange={(event) => toggle(pageIds, event.target.checked)}
                />
              </th>
              <th scope="col" className="px-3 py-2">Student</th>
              <th scope="col" className="px-3 py-2">Class</th>
              <th scope="col" className="px-3 py-2 text-right">Average</th>
              <th scope="col" className="px-3 py-2">Decision</th>
              <th scope="col" className="px-3 py-2">Why</th>
              <th scope="col" className="px-3 py-2">Next year</th>
              <th scope="col" className="px-3 py-2">Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((d) => {
              const student = info.get(d.studentId);
              return (
                <tr key={d.studentId} className={selected.has(d.studentId) ? "bg-blue-50" : undefined}>
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      className="h-4 w-4"
                      aria-label={`Select ${d.name}`}
                      checked={selected.has(d.studentId)}
                      onChange={(event) => toggle([d.studentId], event.target.checked)}
                    />
                  </td>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {d.name}
                    {student ? <span className="block text-xs font-normal text-slate-600">{student.admissionNumber}</span> : null}
                  </th>
                  <td className="px-3 py-2 whitespace-nowrap">{d.className}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{d.computed.average ?? "—"}</td>
                  <td className="px-3 py-2">
                    <span className={`inline-block rounded px-2 py-0.5 font-medium ${outcomeBadge[d.outcome]}`}>{outcomeLabels[d.outcome]}</span>
                    {d.overrideReason !== null ? (
                      <span className="mt-1 block text-xs text-slate-700">
                        <span className="rounded border border-slate-400 px-1 font-medium">changed</span> from {outcomeLabels[d.computed.outcome].toLowerCase()}
                        {student?.overriddenBy ? ` by ${student.overriddenBy}` : ""}: {d.overrideReason}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 text-slate-700">{d.computed.reasons.join("; ") || "—"}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{nextYear(d, classNames)}</td>
                  <td className="px-3 py-2 text-red-900">{d.problem ?? ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <nav aria-label="Pages of students" className="flex flex-wrap items-center gap-4 text-sm">
        <button
          type="button"
          className="rounded border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100 disabled:opacity-50"
          disabled={page <= 1}
          onClick={() => onViewChange({ ...view, page: page - 1 })}
        >
          Previous page
        </button>
        <span>
          Page {page} of {pages}
        </span>
        <button
          type="button"
          className="rounded border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100 disabled:opacity-50"
          disabled={page >= pages}
          onClick={() => onViewChange({ ...view, page: page + 1 })}
        >
          Next page
        </button>
      </nav>
    </div>
  );
}

function nextYear(d: PlannedDecision, classNames: ReadonlyMap<string, string>): string {
  if (d.targetClassId) return classNames.get(d.targetClassId) ?? "—";
  if (d.outcome === "transfer") return d.transferDestination ? `Transfers to ${d.transferDestination}` : "Transfers";
  if (d.outcome === "graduate") return "Graduates";
  if (d.outcome === "withdraw") return "Leaves the school";
  return "—";
}
