"use client";

// Cells someone else saved after this teacher read them: both values side by side, and the teacher decides.
import { forwardRef, useId } from "react";
import type { ScoreConflict } from "@/lib/validation/gradebook";
import { focusRing } from "./grid-row";

export type ConflictItem = {
  studentId: string;
  componentId: string;
  studentName: string;
  componentCode: string;
  /** What the teacher's cell holds now. */
  yours: string;
  conflict: ScoreConflict;
};

type CellId = { studentId: string; componentId: string };

const shown = (text: string) => (text === "" ? "(empty)" : text);

function savedBy(conflict: ScoreConflict, formatTime: (iso: string) => string): string {
  const who = conflict.changedBy ?? "someone else";
  return conflict.changedAt ? `Saved by ${who} at ${formatTime(conflict.changedAt)}` : `Saved by ${who}`;
}

const buttonClass = `rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 ${focusRing}`;

export const ConflictPanel = forwardRef<
  HTMLHeadingElement,
  {
    items: ConflictItem[];
    formatTime: (iso: string) => string;
    onKeepMine: (cells: CellId[]) => void;
    onUseTheirs: (cells: CellId[]) => void;
  }
>(function ConflictPanel({ items, formatTime, onKeepMine, onUseTheirs }, headingRef) {
  const headingId = useId();
  const all = items.map(({ studentId, componentId }) => ({ studentId, componentId }));
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-amber-400 bg-amber-50 p-4">
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="text-base font-semibold text-amber-950 focus:outline-none">
        Changed by someone else
      </h2>
      <p className="mt-1 text-sm text-slate-800">
        These cells were saved by someone else after you opened this page. Your values are not saved yet: choose which to keep.
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className={buttonClass} onClick={() => onKeepMine(all)}>
            Keep all mine
          </button>
          <button type="button" className={buttonClass} onClick={() => onUseTheirs(all)}>
            Use all theirs
          </button>
      </div>
      <ul className="mt-3 divide-y divide-amber-200">
        {items.map((item) => {
          const which = `${item.componentCode} for ${item.studentName}`;
          const cell = [{ studentId: item.studentId, componentId: item.componentId }];
          return (
            <li key={`${item.studentId}:${item.componentId}`} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2 text-sm">
              <span className="min-w-40 font-medium">
                {item.studentName} · {item.componentCode}
              </span>
              <span>Yours: {shown(item.yours)}</span>
              <span>
                {savedBy(item.conflict, formatTime)}: {shown(item.conflict.theirs)}
              </span>
              <span className="flex gap-2">
                <button type="button" className={buttonClass} onClick={() => onKeepMine(cell)}>
                  Keep mine<span className="sr-only"> for {which}</span>
                </button>
                <button type="button" className={buttonClass} onClick={() => onUseTheirs(cell)}>
                  Use theirs<span className="sr-only"> for {which}</span>
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
});
