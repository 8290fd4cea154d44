"use client";

import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import { ActionButton } from "@/components/forms/action-button";
import { FormAlert } from "@/components/forms/form-alert";
import type { SessionSummary } from "@/lib/server/auth/sessions";
import { resendVerificationAction, revokeSessionAction, signOutEverywhereAction } from "./actions";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function SessionList({ sessions }: { sessions: SessionSummary[] }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | undefined>();
  return (
    <div className="mt-3 space-y-3">
      <FormAlert error={error} />
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
            <div>
              <p className="font-medium">
                {describeAgent(session.userAgent)} {session.current ? <span className="text-green-800">(this browser)</span> : null}
              </p>
              <p className="text-slate-700">
                Signed in {when(session.createdAt)} · last active {when(session.lastSeenAt)}
                {session.ipAddress ? ` · from ${session.ipAddress}` : ""}
              </p>
            </div>
            {session.current ? null : (
              <button
                type="button"
                disabled={pending}
                onClick={() =>
                  startTransition(async () => {
                    const result = await revokeSessionAction({ sessionId: session.id });
                    setError(result.ok ? undefined : result.error);
                  })
                }
                className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100 disabled:opacity-60"
              >
                Sign out this session
              </button>
            )}
          </li>
        ))}
      </ul>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await signOutEverywhereAction();
            if (!result.ok) return setError(result.error);
            await signOut({ callbackUrl: "/sign-in" });
          })
        }
        className="rounded bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60"
      >
        Sign out everywhere
      </button>
    </div>
  );
}

function describeAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Chrome\//.test(userAgent) ? "Chrome" : /Firefox\//.test(userAgent) ? "Firefox" : /Safari\//.test(userAgent) ? "Safari" : "Browser";
  const system = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Windows/.test(userAgent) ? "Windows" : /Mac OS/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

export function ResendVerificationButton() {
  return (
    <ActionButton
      action={resendVerificationAction}
      label="Send me a new confirmation link"
      pendingLabel="Sending…"
      describe={() => "We've sent a new confirmation link. Check your email."}
      className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
    />
  );
}
