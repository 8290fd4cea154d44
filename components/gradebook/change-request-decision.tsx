"use client";

// Approve or reject one change request; rejecting needs a comment the teacher will read.
import { useState, useTransition } from "react";
import { decideScoreChangeAction } from "@/app/(staff)/teacher/actions";
import { FormAlert } from "@/components/forms/form-alert";
import { Field } from "@/components/ui/field";

export function ChangeRequestDecision({ requestId, label }: { requestId: string; label: string }) {
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
      <Field
        className="max-w-xl"
        label={`Comment for ${label} (needed to reject)`}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        error={outcome.commentError}
      />
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
