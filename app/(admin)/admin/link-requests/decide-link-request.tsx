"use client";

import { useId, useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { decideLinkRequestAction } from "./actions";

export function DecideLinkRequest({ requestId, canApprove }: { requestId: string; canApprove: boolean }) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; reasonError?: string }>({});
  const decide = (approve: boolean) =>
    startTransition(async () => {
      const result = await decideLinkRequestAction({ requestId, approve, reason: reason || undefined });
      if (!result.ok) setOutcome({ error: result.fieldErrors.reason ? undefined : result.error, reasonError: result.fieldErrors.reason?.[0] });
    });
  return (
    <div className="mt-3 space-y-2">
      <FormAlert error={outcome.error} />
      <label htmlFor={id} className="block text-sm font-medium">Reason (needed to reject; the parent is told)</label>
      <input
        id={id}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        aria-invalid={outcome.reasonError ? true : undefined}
        aria-describedby={outcome.reasonError ? `${id}-error` : undefined}
        className="block w-full max-w-md rounded border border-slate-400 px-3 py-1.5"
      />
      {outcome.reasonError ? <p id={`${id}-error`} className="text-sm text-red-800">{outcome.reasonError}</p> : null}
      <div className="flex gap-2">
        <button type="button" disabled={pending || !canApprove} onClick={() => decide(true)} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60">
          Approve
        </button>
        <button type="button" disabled={pending} onClick={() => decide(false)} className="rounded border border-red-700 px-3 py-1.5 text-sm font-medium text-red-800 disabled:opacity-60">
          Reject
        </button>
      </div>
    </div>
  );
}
