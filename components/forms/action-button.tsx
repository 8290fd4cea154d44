"use client";

// A button that runs one server action and says how it went, for actions with no form fields.
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/errors";
import { FormAlert } from "./form-alert";

export function ActionButton<T>({
  action,
  label,
  pendingLabel,
  describe,
  className = "rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60",
}: {
  action: () => Promise<ActionResult<T>>;
  label: string;
  pendingLabel: string;
  /** The success message, from what the action returned. */
  describe: (data: T) => string;
  className?: string;
}) {
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
            const result = await action();
            setOutcome(result.ok ? { success: describe(result.data) } : { error: result.error });
          })
        }
        className={className}
      >
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
