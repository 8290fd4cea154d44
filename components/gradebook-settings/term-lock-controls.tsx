"use client";

// Locking a term's score entry (asked once, then done) and unlocking it, which needs a reason for the audit log.
import { useId, useState, useTransition } from "react";
import { setTermScoreLockAction } from "@/app/(admin)/admin/gradebook/actions";
import { InlineAction } from "@/components/structure/inline-action";

const buttonClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

export function TermLockControls({ termId, termName, locked }: { termId: string; termName: string; locked: boolean }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<{ error?: string; reasonError?: string; success?: string }>({});
  const [pending, startTransition] = useTransition();
  const reasonId = useId();

  if (!locked) {
    return (
      <InlineAction
        action={() => setTermScoreLockAction({ termId, locked: true })}
        label="Lock scores"
        pendingLabel="Locking…"
        confirm={`Lock ${termName}? Teachers will need an approved change request to alter its scores.`}
        success="Locked."
      />
    );
  }
  if (!asking) {
    return (
      <span className="inline-flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} onClick={() => setAsking(true)}>
          Unlock scores…<span className="sr-only"> of {termName}</span>
        </button>
        <span role="status" className="text-sm text-green-800">
          {outcome.success ?? ""}
        </span>
      </span>
    );
  }
  const reasonError = outcome.reasonError;
  return (
    <form
      className="max-w-md space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setTermScoreLockAction({ termId, locked: false, reason });
          if (result.ok) {
            setAsking(false);
            setReason("");
            setOutcome({ success: "Unlocked." });
          } else {
            setOutcome({ error: result.fieldErrors.reason ? undefined : result.error, reasonError: result.fieldErrors.reason?.[0] });
          }
        });
      }}
    >
      {outcome.error ? (
        <p role="alert" className="text-sm text-red-800">
          {outcome.error}
        </p>
      ) : null}
      <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
        Why unlock {termName}?
      </label>
      <textarea
        id={reasonId}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-invalid={reasonError ? true : undefined}
        aria-describedby={reasonError ? `${reasonId}-error` : undefined}
        rows={2}
        className="block w-full rounded border border-slate-400 px-3 py-2 aria-[invalid]:border-red-700"
      />
      {reasonError ? (
        <p id={`${reasonId}-error`} className="text-sm text-red-800">
          {reasonError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className="rounded bg-blue-700 px-3 py-1 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? "Unlocking…" : "Unlock scores"}
        </button>
        <button type="button" className={buttonClass} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
