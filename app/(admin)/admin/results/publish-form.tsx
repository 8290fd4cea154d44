"use client";

// Publishing a class's term results; the refusal lists every problem, and a re-publish asks why.
import { useId, useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { publishTermResultsAction } from "./actions";

/** Publishes one class, or with `classLevelId` every class of a level at once. */
export function PublishForm({ termId, scope, label }: { termId: string; scope: { classId: string } | { classLevelId: string }; label: string }) {
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<{ error?: string; success?: string; problems?: string[]; reasonError?: string }>({});
  return (
    <form
      className="mt-3 max-w-2xl space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await publishTermResultsAction({ termId, ...scope, reason: reason.trim() || undefined });
          if (result.ok) {
            const { published, republished, unchanged } = result.data;
            setOutcome({
              success: `Published ${published} new report card${published === 1 ? "" : "s"}, ${republished} new version${republished === 1 ? "" : "s"}; ${unchanged} unchanged.`,
            });
            setReason("");
          } else {
            setOutcome({ error: result.error, problems: result.fieldErrors.problems, reasonError: result.fieldErrors.reason?.[0] });
          }
        });
      }}
    >
      <FormAlert error={outcome.error} success={outcome.success} />
      {outcome.problems?.length ? (
        <ul className="list-disc space-y-1 pl-6 text-sm text-red-900" aria-label="What needs attention">
          {outcome.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div>
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
          Reason for a new version (only when cards already published would change)
        </label>
        <input
          id={`${id}-reason`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={outcome.reasonError ? true : undefined}
          aria-describedby={outcome.reasonError ? `${id}-reason-error` : undefined}
          className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
        />
        {outcome.reasonError ? (
          <p id={`${id}-reason-error`} className="mt-1 text-sm text-red-800">
            {outcome.reasonError}
          </p>
        ) : null}
      </div>
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Publishing…" : `Publish ${label}`}
      </button>
    </form>
  );
}
