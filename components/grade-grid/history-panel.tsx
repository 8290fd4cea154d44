"use client";

// Every change to one score cell, newest first: who changed it, when, from what to what, and why.
import { forwardRef, useId } from "react";
import type { ScoreHistoryEntry } from "@/lib/validation/gradebook";
import { focusRing } from "./grid-row";

export type HistoryView =
  | { status: "loading" }
  | { status: "loaded"; entries: ScoreHistoryEntry[] }
  | { status: "failed"; message: string };

const shown = (text: string) => (text === "" ? "(empty)" : text);

export const HistoryPanel = forwardRef<
  HTMLElement,
  { title: string; view: HistoryView; formatTime: (iso: string) => string; onClose: () => void }
>(function HistoryPanel({ title, view, formatTime, onClose }, ref) {
  const headingId = useId();
  return (
    <section
      ref={ref}
      aria-labelledby={headingId}
      aria-busy={view.status === "loading" || undefined}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onClose();
      }}
      className={`rounded-lg border border-slate-300 bg-white p-4 ${focusRing}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className={`rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 ${focusRing}`}
        >
          Close history
        </button>
      </div>
      {view.status === "loading" ? <p className="mt-2 text-sm text-slate-700">Loading…</p> : null}
      {view.status === "failed" ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {view.message}
        </p>
      ) : null}
      {view.status === "loaded" && view.entries.length === 0 ? <p className="mt-2 text-sm text-slate-700">No changes yet.</p> : null}
      {view.status === "loaded" && view.entries.length > 0 ? (
        <ol className="mt-2 divide-y divide-slate-100 text-sm">
          {view.entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className="py-2">
              <span className="font-medium">{formatTime(entry.at)}</span>
              <span className="text-slate-700"> · {entry.by ?? "Unknown"}</span>
              <span className="block tabular-nums">
                {shown(entry.before)} → {shown(entry.after)}
              </span>
              {entry.reason ? <span className="block text-slate-700">Reason: {entry.reason}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
});
