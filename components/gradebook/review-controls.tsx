"use client";

// The submit / approve / return / unlock buttons above a grade sheet, and the reason each one needs.
import { useId, useState, useTransition } from "react";
import { approveScoresAction, returnScoresAction, submitScoresAction, unlockScoresAction } from "@/app/(staff)/teacher/actions";
import { FormAlert } from "@/components/forms/form-alert";
import type { ActionResult } from "@/lib/errors";

type Props = {
  offeringId: string;
  status: "open" | "submitted" | "returned" | "approved";
  termLocked: boolean;
  isTeacher: boolean;
  canReview: boolean;
};

const buttonClass = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";
const primaryClass = "rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60";

export function ReviewControls({ offeringId, status, termLocked, isTeacher, canReview }: Props) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  const [asking, setAsking] = useState<null | "return" | "unlock">(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const reasonId = useId();

  const run = (action: () => Promise<ActionResult<unknown>>, success: string) =>
    startTransition(async () => {
      const result = await action();
      if (result.ok) {
        setOutcome({ success });
        setAsking(null);
        setReason("");
        setReasonError(undefined);
      } else {
        setOutcome({ error: result.error });
        setReasonError(result.fieldErrors.comment?.[0] ?? result.fieldErrors.reason?.[0]);
      }
    });

  if (termLocked) return <p className="text-sm text-slate-700">The whole term is locked by an administrator.</p>;
  const canSubmit = (isTeacher || canReview) && (status === "open" || status === "returned");
  return (
    <div className="space-y-2">
      <FormAlert error={outcome.error} success={outcome.success} />
      <div className="flex flex-wrap items-center gap-2">
        {canSubmit ? (
          <button type="button" className={primaryClass} disabled={pending} onClick={() => run(() => submitScoresAction({ offeringId }), "Submitted for approval.")}>
            Submit for approval
          </button>
        ) : null}
        {canReview && status === "submitted" ? (
          <>
            <button type="button" className={primaryClass} disabled={pending} onClick={() => run(() => approveScoresAction({ offeringId }), "Approved and locked.")}>
              Approve and lock
            </button>
            <button type="button" className={buttonClass} disabled={pending} onClick={() => setAsking("return")}>
              Return to teacher…
            </button>
          </>
        ) : null}
        {canReview && status === "approved" ? (
          <button type="button" className={buttonClass} disabled={pending} onClick={() => setAsking("unlock")}>
            Unlock…
          </button>
        ) : null}
      </div>
      {asking ? (
        <form
          className="max-w-xl space-y-2"
          onSubmit={(event) => {
            event.preventDefault();
            run(
              () => (asking === "return" ? returnScoresAction({ offeringId, comment: reason }) : unlockScoresAction({ offeringId, reason })),
              asking === "return" ? "Returned to the teacher." : "Unlocked for the teacher.",
            );
          }}
        >
          <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
            {asking === "return" ? "What should the teacher fix?" : "Why unlock these scores?"}
          </label>
          <textarea
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? `${reasonId}-error` : undefined}
            rows={3}
            className="block w-full rounded border border-slate-400 px-3 py-2 aria-[invalid]:border-red-700"
          />
          {reasonError ? (
            <p id={`${reasonId}-error`} className="text-sm text-red-800">
              {reasonError}
            </p>
          ) : null}
          <div className="flex gap-2">
            <button type="submit" className={primaryClass} disabled={pending}>
              {asking === "return" ? "Return scores" : "Unlock scores"}
            </button>
            <button type="button" className={buttonClass} onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
