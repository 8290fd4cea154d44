"use client";

import { useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { issueLinkCodeAction } from "./actions";

/** Shows a new parent link code once: it is not stored in readable form and can't be shown again. */
export function IssueLinkCode({ studentId }: { studentId: string }) {
  const [pending, startTransition] = useTransition();
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | undefined>();
  return (
    <section aria-labelledby="link-code-heading" className="mt-8 max-w-xl rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="link-code-heading" className="text-lg font-semibold">Parent link code</h2>
      <p className="text-sm text-slate-700">
        Give a parent this one-time code so they can link their own account to this student. It works once and expires in 30 days.
      </p>
      <FormAlert error={error} />
      {issued ? (
        <p className="mt-3">
          Code: <strong className="font-mono text-xl tracking-wider">{issued.code}</strong>
          <span className="block text-sm text-slate-700">Expires {new Date(issued.expiresAt).toLocaleDateString("en-GB")}. Write it down now: it won’t be shown again.</span>
        </p>
      ) : null}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await issueLinkCodeAction({ studentId });
            if (result.ok) {
              setIssued(result.data);
              setError(undefined);
            } else setError(result.error);
          })
        }
        className="mt-3 rounded border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {pending ? "Issuing…" : issued ? "Issue another code" : "Issue a link code"}
      </button>
    </section>
  );
}
