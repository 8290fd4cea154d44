"use client";

// Approve or reject one change request; rejecting needs a comment the teacher will read.
import { useId, useState, useTransition } from "react";
import { decideScoreChangeAction } from "@/app/(staff)/teacher/actions";
import { FormAlert } from "@/components/forms/form-alert";

export function ChangeRequestDecision({ requestId, label }: { requestId: string; label: string }) {
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [comment, setComment] = useState("");
  const [outcome, setOutcome] = useState<{ error?: string; success?: string; commentError?: string }>({});
  const decide = (approve: boolean) =>
    startTransition(async () => {
      const result = await decideScoreChangeAction({ requestId, approve, comment: comment.trim() || undefined });
      setOutcome(result.ok ? { success: result.data.status === "approved" ? "Approved: the score is changed." : "Rejected." } : { error: result.error, commentError: result.fieldErrors.comment?.[0] });
    });
  if (outcome.success) return <FormAlert success={outcome.success} />;
  return (
    <div className="mt-2 space-y-2">
      <FormAlert error={outcome.error} />
      <label htmlFor={`${id}-comment`} className="block text-sm font-medium text-slate-800">
        Comment for {label} (needed to reject)
      </label>
      <input
        id={`${id}-comment`}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        aria-invalid={outcome.commentError ? true : undefined}
        aria-describedby={outcome.commentError ? `${id}-comment-error` : undefined}
        className="block w-full max-w-xl rounded border border-slate-400 px-3 py-1.5 aria-[invalid]:border-red-700"
      />
      {outcome.commentError ? (
        <p id={`${id}-comment-error`} className="text-sm text-red-800">
          {outcome.commentError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="button" disabled={pending} onClick={() => decide(true)} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          Approve change
        </button>
        <button type="button" disabled={pending} onClick={() => decide(false)} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
          Reject change
        </button>
      </div>
    </div>
  );
}
