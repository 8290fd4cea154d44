"use client";

// A small button in a table row that runs one server action (set current, remove, delete). With
// `confirm`, the first press asks and a second press does it; the outcome is announced beside it.
// Server components render it, so it takes plain props (a bound server action, strings) only.
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/errors";

export function InlineAction<T>({
  action,
  label,
  pendingLabel,
  confirm,
  success,
  tone = "plain",
}: {
  action: () => Promise<ActionResult<T>>;
  label: string;
  pendingLabel: string;
  /** The question asked before a destructive action, e.g. "Delete 2025/2026?". */
  confirm?: string;
  /** Said once it worked; the refreshed page shows the change itself. */
  success?: string;
  tone?: "plain" | "danger";
}) {
  const [pending, startTransition] = useTransition();
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  const buttonClass =
    tone === "danger"
      ? "rounded border border-red-300 bg-white px-2 py-1 text-sm font-medium text-red-800 hover:bg-red-50 disabled:opacity-60"
      : "rounded border border-slate-300 bg-white px-2 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";
  const run = () =>
    startTransition(async () => {
      setAsking(false);
      const result = await action();
      setOutcome(result.ok ? { success } : { error: result.error });
    });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {asking ? (
        <>
          <span className="text-sm">{confirm}</span>
          <button type="button" onClick={run} disabled={pending} className={buttonClass}>
            Yes, {label.toLowerCase()}
          </button>
          <button type="button" onClick={() => setAsking(false)} className="rounded px-2 py-1 text-sm underline">
            Cancel
          </button>
        </>
      ) : (
        <button type="button" disabled={pending} onClick={() => (confirm ? setAsking(true) : run())} className={buttonClass}>
          {pending ? pendingLabel : label}
        </button>
      )}
      <span role={outcome.error ? "alert" : "status"} className={outcome.error ? "text-sm text-red-800" : "text-sm text-green-800"}>
        {outcome.error ?? outcome.success ?? ""}
      </span>
    </span>
  );
}
