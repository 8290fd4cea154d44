"use client";

// Brings the level's results for every term of the year up to date, so the preview decides from the scores as they are.
import { computeYearResultsAction } from "@/app/(admin)/admin/promotions/actions";
import { ActionButton } from "@/components/forms/action-button";

export function ComputeResultsButton({ classLevelId, label }: { classLevelId: string; label: string }) {
  return (
    <ActionButton
      action={() => computeYearResultsAction({ classLevelId })}
      label={label}
      pendingLabel="Computing…"
      describe={({ terms }) => `Computed the results of ${terms === 1 ? "1 term" : `${terms} terms`}; the preview below uses them.`}
      className="rounded border border-slate-400 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60"
    />
  );
}
