"use client";

// The school's logo: uploaded or removed on its own (not with Save settings), because the file goes
// straight to the server to be checked; the preview beside it shows it as soon as it is saved.
import { type FormEvent, useRef, useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { formatFileSize, logoSizeProblem, MAX_LOGO_BYTES, MAX_LOGO_SIDE } from "@/lib/domain/report-card";
import type { ActionResult } from "@/lib/errors";
import { removeReportCardLogoAction, saveReportCardLogoAction } from "./actions";

type Outcome = { fieldError?: string; error?: string; success?: string };

/** An action that did not answer (a dropped connection, a body over the server's limit) as a result. */
async function call<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await action();
  } catch {
    return { ok: false, error: "The server did not answer. Check your connection and try again.", fieldErrors: {}, code: "INTERNAL" };
  }
}

export function LogoForm({ logoKey }: { logoKey: string | null }) {
  const input = useRef<HTMLInputElement>(null);
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<"upload" | "remove" | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({});

  const showFailure = (result: Extract<ActionResult<unknown>, { ok: false }>) => {
    const fieldError = result.fieldErrors.logo?.[0];
    setOutcome(fieldError ? { fieldError } : { error: result.error });
    if (fieldError) input.current?.focus();
  };

  function upload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const file = input.current?.files?.[0];
    if (!file) {
      setOutcome({ fieldError: "Choose the logo image to upload" });
      return input.current?.focus();
    }
    // Said at once, without sending a file the server would refuse for its size anyway.
    const sizeProblem = logoSizeProblem(file.size);
    if (sizeProblem) {
      setOutcome({ fieldError: sizeProblem });
      return input.current?.focus();
    }
    const formData = new FormData();
    formData.set("logo", file);
    setOutcome({});
    setBusy("upload");
    startTransition(async () => {
      const result = await call(() => saveReportCardLogoAction(formData));
      setBusy(null);
      if (!result.ok) return showFailure(result);
      form.reset();
      setOutcome({ success: "Logo saved. Every report card the school shows now carries it." });
    });
  }

  function remove() {
    setOutcome({});
    setBusy("remove");
    startTransition(async () => {
      const result = await call(() => removeReportCardLogoAction());
      setBusy(null);
      if (!result.ok) return showFailure(result);
      setOutcome({ success: "Logo removed. Report cards show the school's name without it." });
    });
  }

  return (
    <section aria-labelledby="logo-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="logo-heading" className="font-semibold">
        School logo
      </h2>
      <FormAlert error={outcome.error} success={outcome.success} />
      {logoKey ? (
        <figure className="rounded border border-slate-200 p-2">
          {/* A plain <img>: next/image writes an inline style, which the CSP refuses. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={`/api/branding/logo?v=${encodeURIComponent(logoKey)}`} alt="The school's current logo" className="mx-auto h-16 w-auto max-w-full object-contain" />
          <figcaption className="mt-1 text-center text-sm text-slate-600">The logo on every report card now.</figcaption>
        </figure>
      ) : (
        <p className="text-sm text-slate-700">No logo yet: report cards show the school&apos;s name on its own.</p>
      )}
      <form onSubmit={upload} noValidate className="space-y-3">
        <div>
          <label htmlFor="logo-file" className="block text-sm font-medium text-slate-800">
            {logoKey ? "Replace the logo" : "Logo image"}
          </label>
          <p id="logo-file-hint" className="text-sm text-slate-600">
            PNG or JPEG, up to {formatFileSize(MAX_LOGO_BYTES)} and {MAX_LOGO_SIDE} pixels on each side. It prints above the school&apos;s name.
          </p>
          <input
            ref={input}
            id="logo-file"
            name="logo"
            type="file"
            accept="image/png,image/jpeg"
            disabled={pending}
            aria-invalid={outcome.fieldError ? true : undefined}
            aria-describedby={outcome.fieldError ? "logo-file-hint logo-file-error" : "logo-file-hint"}
            onChange={() => setOutcome({})}
            className="mt-2 block w-full text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700"
          />
          {outcome.fieldError ? (
            <p id="logo-file-error" className="mt-1 text-sm text-red-800">
              {outcome.fieldError}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            disabled={pending}
            className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
          >
            {busy === "upload" ? "Uploading…" : "Upload logo"}
          </button>
          {logoKey ? (
            <button
              type="button"
              onClick={remove}
              disabled={pending}
              className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
            >
              {busy === "remove" ? "Removing…" : "Remove logo"}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
