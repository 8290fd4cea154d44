"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { verifyEmailAction } from "../actions";

export function VerifyEmailButton({ token }: { token: string }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  if (outcome?.ok) {
    return (
      <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <FormAlert success={outcome.message} />
        <Link href="/family/link" className="inline-block rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Link to my child
        </Link>
      </div>
    );
  }
  return (
    <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormAlert error={outcome?.message} />
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await verifyEmailAction({ token });
            setOutcome(result.ok ? { ok: true, message: "Thank you: your email address is confirmed." } : { ok: false, message: result.error });
          })
        }
        className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        {pending ? "Confirming…" : "Confirm my email address"}
      </button>
    </div>
  );
}
