"use client";

// Publishing a class's term results; the refusal lists every problem, and a re-publish asks why.
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { Field } from "@/components/ui/field";
import { publishTermResultsAction } from "./actions";

/** Publishes one class, or with `classLevelId` every class of a level at once. */
export function PublishForm({ termId, scope, label }: { termId: string; scope: { classId: string } | { classLevelId: string }; label: string }) {
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
      <Field
        label="Reason for a new version (only when cards already published would change)"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={outcome.reasonError}
      />
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Publishing…" : `Publish ${label}`}
      </button>
    </form>
  );
}
