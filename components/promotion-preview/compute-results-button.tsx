"use client";

// Brings the level's results for every term of the year up to date, so the preview decides from the scores as they are.
import { useState, useTransition } from "react";
import { computeYearResultsAction } from "@/app/(admin)/admin/promotions/actions";
import { FormAlert } from "@/components/forms/form-alert";

export function ComputeResultsButton({ classLevelId, label }: { classLevelId: string; label: string }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  return (
    <div className="mt-3 max-w-xl space-y-2">
      <FormAlert error={outcome.error} success={outcome.success} />
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await computeYearResultsAction({ classLevelId });
            setOutcome(
              result.ok
                ? { success: `Computed the results of ${result.data.terms === 1 ? "1 term" : `${result.data.terms} terms`}; the preview below uses them.` }
                : { error: result.error },
            );
          })
        }
        className="rounded border border-slate-400 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {pending ? "Computing…" : label}
      </button>
    </div>
  );
}
