"use client";

// The account page's API tokens: make one (name, scopes the user's roles allow, lifetime), see its
// secret once with a copy button, list the live ones, and revoke.
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createApiTokenAction, revokeApiTokenAction } from "@/app/(account)/account/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { ApiScope } from "@/lib/db/schema/identity";
import type { ApiTokenSummary } from "@/lib/server/api-tokens/list-my-api-tokens";
import { apiTokenLifetimes, type CreateApiTokenInput, createApiTokenSchema } from "@/lib/validation/api-tokens";

export type ScopeChoice = { scope: ApiScope; description: string };

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { dateStyle: "medium" });
const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
const lifetimeLabel = (days: number) => (days === 365 ? "1 year" : `${days} days`);
function describeStatus(token: ApiTokenSummary): string {
  if (token.status === "ended") return "Stopped working when every session of your account was ended (sign-out everywhere, password reset or role change)";
  return `${token.status === "expired" ? "Expired" : "Expires"} ${day(token.expiresAt)}`;
}

export function ApiTokenManager({ tokens, scopes }: { tokens: ApiTokenSummary[]; scopes: ScopeChoice[] }) {
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  return (
    <div className="mt-3 space-y-6">
      {created ? <NewTokenSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} /> : null}
      {scopes.length > 0 ? (
        <CreateTokenForm scopes={scopes} onCreated={setCreated} />
      ) : (
        <p className="text-sm text-slate-700">Your account has nothing an API token could read or change yet.</p>
      )}
      <TokenList tokens={tokens} />
    </div>
  );
}

function CreateTokenForm({ scopes, onCreated }: { scopes: ScopeChoice[]; onCreated: (created: { name: string; secret: string }) => void }) {
  const id = useId();
  const blank: CreateApiTokenInput = { name: "", scopes: [], expiresInDays: "90" };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<CreateApiTokenInput, unknown, z.output<typeof createApiTokenSchema>>({ resolver: zodResolver(createApiTokenSchema), defaultValues: blank });
  const onSubmit = handleSubmit(async (values) => {
    const result = await createApiTokenAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["name", "scopes", "expiresInDays"]);
    reset(blank);
    onCreated({ name: result.data.token.name, secret: result.data.secret });
  });
  const scopesError = errors.scopes?.message ?? errors.scopes?.root?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-heading`} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h3 id={`${id}-heading`} className="font-semibold">
        New token
      </h3>
      <FormAlert error={errors.root?.message} />
      <Field label="Token name" hint="Say what will use it, e.g. “Timetable sync”." autoComplete="off" error={errors.name?.message} {...register("name")} />
      <fieldset aria-describedby={scopesError ? `${id}-scopes-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">What it may do</legend>
        <div className="mt-1 space-y-2">
          {scopes.map(({ scope, description }) => (
            <div key={scope} className="flex items-start gap-2">
              <input id={`${id}-${scope}`} type="checkbox" value={scope} className="mt-1 h-4 w-4" {...register("scopes")} />
              <label htmlFor={`${id}-${scope}`} className="text-sm text-slate-800">
                <span className="font-mono">{scope}</span> — {description}
              </label>
            </div>
          ))}
        </div>
        {scopesError ? (
          <p id={`${id}-scopes-error`} className="mt-1 text-sm text-red-800">
            {scopesError}
          </p>
        ) : null}
      </fieldset>
      <SelectField
        label="Expires after"
        options={apiTokenLifetimes.map((days) => ({ value: String(days), label: lifetimeLabel(days) }))}
        error={errors.expiresInDays?.message}
        {...register("expiresInDays")}
      />
      <SubmitButton pending={isSubmitting} pendingText="Creating…">
        Create token
      </SubmitButton>
    </form>
  );
}

/** The secret, once: in a read-only box to select, with a button that copies it. */
function NewTokenSecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const box = useRef<HTMLInputElement>(null);
  // Keyboard and screen-reader users land on the new token rather than on the emptied form.
  useEffect(() => box.current?.focus(), [secret]);
  return (
    <section aria-labelledby="new-token-heading" className="space-y-3 rounded-lg border border-green-300 bg-green-50 p-4">
      <h3 id="new-token-heading" className="font-semibold text-green-900">
        Your new token “{name}”
      </h3>
      <p className="text-sm text-green-900">Copy it now and keep it somewhere safe: AMS keeps only a fingerprint of it, so it can&apos;t be shown again.</p>
      <Field ref={box} label="Token" readOnly value={secret} className="font-mono" onFocus={(event) => event.currentTarget.select()} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied("Copied to the clipboard.");
            } catch {
              setCopied("Copying was blocked by the browser: select the token and copy it yourself.");
            }
          }}
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800"
        >
          Copy token
        </button>
        <button type="button" onClick={onDone} className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          I have copied it
        </button>
      </div>
      <p role="status" className="text-sm text-green-900">
        {copied ?? ""}
      </p>
    </section>
  );
}

function TokenList({ tokens }: { tokens: ApiTokenSummary[] }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  // The outcome stays on screen when the last token goes: revoking it empties the list.
  if (tokens.length === 0) {
    return (
      <div className="space-y-2">
        <FormAlert error={outcome.error} success={outcome.success} />
        <p className="text-sm text-slate-700">You have no API tokens.</p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <FormAlert error={outcome.error} success={outcome.success} />
      <ul aria-label="Your API tokens" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {tokens.map((token) => (
          <li key={token.id} className="flex flex-wrap items-start justify-between gap-2 p-3 text-sm">
            <div>
              <p className="font-medium">
                {token.name} <span className="font-mono text-slate-700">ams_{token.prefix}…</span>
              </p>
              <p className="text-slate-700">{token.scopes.join(", ")}</p>
              <p className={token.status === "active" ? "text-slate-700" : "text-amber-800"}>
                {describeStatus(token)} · {token.lastUsedAt ? `last used ${when(token.lastUsedAt)}` : "never used"}
              </p>
            </div>
            {confirming === token.id ? (
              <div className="flex gap-2">
                <button
                  type="button"
                  disabled={pending}
                  onClick={() =>
                    startTransition(async () => {
                      const result = await revokeApiTokenAction({ tokenId: token.id });
                      setConfirming(null);
                      setOutcome(result.ok ? { success: `Revoked “${token.name}”. Programs using it are refused from now on.` } : { error: result.error });
                    })
                  }
                  className="rounded bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 disabled:opacity-60"
                >
                  Yes, revoke “{token.name}”
                </button>
                <button type="button" onClick={() => setConfirming(null)} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
                  Keep it
                </button>
              </div>
            ) : (
              <button
                type="button"
                onClick={() => setConfirming(token.id)}
                aria-label={`Revoke “${token.name}”`}
                className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100"
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
