"use client";

// Undoing an executed run, which needs a reason for the record; a refusal says what has moved on since.
import { useId, useRef, useState, useTransition } from "react";
import { undoPromotionAction } from "@/app/(admin)/admin/promotions/actions";
import { FormAlert } from "@/components/forms/form-alert";

export function UndoPromotionForm({ runId, levelName }: { runId: string; levelName: string }) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<{ error?: string; reasonError?: string; problems?: string[]; success?: string }>({});
  const [pending, startTransition] = useTransition();
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  return (
    <form
      aria-labelledby={`${id}-heading`}
      className="mt-4 max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim().length < 3) {
          setOutcome({ reasonError: "Give the reason for the undo (at least 3 characters)" });
          reasonBox.current?.focus();
          return;
        }
        startTransition(async () => {
          const result = await undoPromotionAction({ runId, reason });
          if (result.ok) {
            // The page refreshes into the preview again; this says what happened until it does.
            setOutcome({ success: `Undone: ${result.data.restored} students are back in this year's classes.` });
            return;
          }
          const reasonError = result.fieldErrors.reason?.[0];
          setOutcome({ error: reasonError ? undefined : result.error, reasonError, problems: result.fieldErrors.problems });
          if (reasonError) reasonBox.current?.focus();
        });
      }}
    >
      <h3 id={`${id}-heading`} className="font-semibold">
        Undo {levelName}&apos;s promotion
      </h3>
      <p className="text-sm text-slate-700">
        Removes next year&apos;s places this run made and puts every student back as they were. Refused once next year&apos;s scores are
        entered for these students.
      </p>
      <FormAlert error={outcome.error} success={outcome.success} />
      {outcome.problems?.length ? (
        <ul aria-label="What needs attention" className="list-disc space-y-1 pl-6 text-sm text-red-900">
          {outcome.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div>
        <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
          Why undo it?
        </label>
        <textarea
          ref={reasonBox}
          id={`${id}-reason`}
          rows={2}
          maxLength={500}
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
      <button type="submit" disabled={pending} className="rounded border border-red-300 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60">
        {pending ? "Undoing…" : "Undo the promotion"}
      </button>
    </form>
  );
}
