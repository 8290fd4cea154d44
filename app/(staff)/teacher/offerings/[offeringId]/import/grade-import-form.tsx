"use client";

// Choose a file, check it (a dry run on the server), then import it. The file's text stays in this
// component between the two steps and is sent whole each time, so what is imported is what was checked.
import Link from "next/link";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { decodeImportFile, ImportFileError } from "@/lib/domain/csv-import";
import type { ActionResult } from "@/lib/errors";
import type { GradeImportResult } from "@/lib/server/gradebook/import-grade-sheet";
import { applyGradeImportAction, previewGradeImportAction } from "./actions";

type Checked = { fileName: string; text: string; result: GradeImportResult };

/** An action that did not answer (a dropped connection, a body over the server's limit) as a result. */
async function call<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await action();
  } catch {
    return { ok: false, error: "The server did not answer. Check your connection and try again.", fieldErrors: {}, code: "INTERNAL" };
  }
}

const failure = (result: Extract<ActionResult<unknown>, { ok: false }>) =>
  [result.error, ...Object.values(result.fieldErrors).flat().filter((m) => m !== result.error)].join(" ");

const scores = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "score" : "scores"}`;

export function GradeImportForm({ offeringId, gridHref, maxBytes, maxRows }: { offeringId: string; gridHref: string; maxBytes: number; maxRows: number }) {
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [done, setDone] = useState<GradeImportResult | null>(null);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState<"check" | "import" | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const doneMessage = useRef<HTMLParagraphElement>(null);
  const limit = `${maxBytes / 1024 / 1024} MB`;

  // Keyboard and screen-reader users land on the answer, not back at the top of the form.
  useEffect(() => {
    if (checked) resultHeading.current?.focus();
  }, [checked]);
  useEffect(() => {
    if (done) doneMessage.current?.focus();
  }, [done]);

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setChecked(null);
    setDone(null);
    if (!file) return setError("Choose a CSV file first.");
    if (file.size > maxBytes) return setError(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${limit}. Split it into smaller files.`);
    setPending("check");
    try {
      const text = decodeImportFile(new Uint8Array(await file.arrayBuffer()));
      const result = await call(() => previewGradeImportAction({ offeringId, csv: text }));
      if (!result.ok) setError(failure(result));
      else setChecked({ fileName: file.name, text, result: result.data });
    } catch (e) {
      setError(e instanceof ImportFileError ? e.message : `${file.name} could not be read as a CSV file.`);
    } finally {
      setPending(null);
    }
  }

  async function apply() {
    if (!checked) return;
    setError(undefined);
    setPending("import");
    const outcome = await call(() => applyGradeImportAction({ offeringId, csv: checked.text }));
    setPending(null);
    if (!outcome.ok) return setError(failure(outcome));
    if (!outcome.data.applied) {
      // The server checked again and found errors: the class or the scores changed since the check.
      setChecked({ ...checked, result: outcome.data });
      return setError("Nothing was imported: the file has errors (the class or its scores may have changed since the check). Correct them and check the file again.");
    }
    setChecked(null);
    setDone(outcome.data);
  }

  const toImport = checked ? checked.result.counts.added + checked.result.counts.changed : 0;
  const blocked = !checked || checked.result.errorCount > 0 || toImport === 0;

  return (
    <div className="mt-6 max-w-4xl space-y-6">
      <FormAlert error={error} />
      <form onSubmit={(e) => void check(e)} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div>
          <label htmlFor={inputId} className="block font-medium text-slate-800">
            CSV file (UTF-8, up to {limit} and {maxRows.toLocaleString("en")} rows)
          </label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            disabled={pending !== null}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setChecked(null);
              setDone(null);
              setError(undefined);
            }}
            className="mt-2 block text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700"
          />
        </div>
        <button
          type="submit"
          disabled={pending !== null || !file}
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
        >
          {pending === "check" ? "Checking every row…" : "Check file"}
        </button>
      </form>

      {checked ? (
        <section aria-labelledby="check-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="check-heading" ref={resultHeading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
            What importing {checked.fileName} will do
          </h2>
          <p className="text-sm text-slate-700">This is a check: nothing has been saved yet.</p>
          <Counts result={checked.result} />
          <IssueTable result={checked.result} />
          <ChangeTable result={checked.result} />
          {checked.result.errorCount > 0 ? (
            <p className="text-sm text-red-900">Correct the errors in the file, then choose it again and check it.</p>
          ) : toImport === 0 ? (
            <p className="text-sm text-slate-700">Nothing to import: every score in the file is already stored.</p>
          ) : null}
          <button
            type="button"
            onClick={() => void apply()}
            disabled={blocked || pending !== null}
            className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
          >
            {pending === "import" ? "Importing…" : `Import ${scores(toImport)}`}
          </button>
        </section>
      ) : null}

      {done ? (
        <section aria-labelledby="done-heading" className="space-y-3 rounded-lg border border-green-300 bg-green-50 p-4">
          <h2 id="done-heading" className="text-lg font-semibold">
            Import finished
          </h2>
          <p ref={doneMessage} tabIndex={-1} role="status" className="focus:outline-none">
            {done.counts.added + done.counts.changed === 0
              ? "0 changed: every score in the file was already stored."
              : `Saved: ${done.counts.added.toLocaleString("en")} added, ${done.counts.changed.toLocaleString("en")} changed, ${done.counts.unchanged.toLocaleString("en")} unchanged. Each change is in the score's history.`}
            {done.conflicts > 0
              ? ` ${scores(done.conflicts)} ${done.conflicts === 1 ? "was" : "were"} changed by someone else while importing and ${done.conflicts === 1 ? "was" : "were"} left as they saved ${done.conflicts === 1 ? "it" : "them"}; check ${done.conflicts === 1 ? "it" : "them"} in the grid.`
              : ""}
          </p>
          <Link href={gridHref} className="inline-block font-medium text-blue-700 underline">
            Back to the scores
          </Link>
        </section>
      ) : null}
    </div>
  );
}

function Counts({ result }: { result: GradeImportResult }) {
  const items: Array<[string, number]> = [
    ["Scores to add", result.counts.added],
    ["Scores to change", result.counts.changed],
    ["Unchanged", result.counts.unchanged],
    ["Empty cells, left as they are", result.counts.leftAlone],
    ["Errors", result.errorCount],
    ["Warnings", result.warningCount],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
      {items.map(([label, value]) => (
        <div key={label} className="rounded border border-slate-200 bg-slate-50 p-2">
          <dt className="text-xs text-slate-700">{label}</dt>
          <dd className="text-xl font-semibold tabular-nums">{value.toLocaleString("en")}</dd>
        </div>
      ))}
    </dl>
  );
}

function IssueTable({ result }: { result: GradeImportResult }) {
  const total = result.errorCount + result.warningCount;
  if (total === 0) return <p className="text-sm text-green-900">No problems found in {result.rows.toLocaleString("en")} rows.</p>;
  return (
    <div className="max-h-96 overflow-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="p-2 text-left font-medium text-slate-800">
          {total.toLocaleString("en")} {total === 1 ? "problem" : "problems"}
          {total > result.issues.length ? ` (the first ${result.issues.length.toLocaleString("en")} are listed)` : ""}
        </caption>
        <thead className="bg-slate-100 text-left">
          <tr>
            <th scope="col" className="px-3 py-2">Row</th>
            <th scope="col" className="px-3 py-2">Column</th>
            <th scope="col" className="px-3 py-2">Problem</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {result.issues.map((issue, i) => (
            <tr key={i} className={issue.severity === "error" ? "text-red-900" : "text-amber-900"}>
              <td className="px-3 py-1 tabular-nums">{issue.row ?? "—"}</td>
              <td className="px-3 py-1">{issue.column ?? "—"}</td>
              <td className="px-3 py-1">
                <span className="font-medium">{issue.severity === "error" ? "Error" : "Warning"}:</span> {issue.message}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChangeTable({ result }: { result: GradeImportResult }) {
  const total = result.counts.added + result.counts.changed;
  if (total === 0) return null;
  return (
    <details className="rounded border border-slate-200 p-3">
      <summary className="cursor-pointer font-medium">
        The {scores(total)} to add or change{total > result.changes.length ? ` (the first ${result.changes.length.toLocaleString("en")} are listed)` : ""}
      </summary>
      <div className="mt-2 max-h-96 overflow-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Row</th>
              <th scope="col" className="px-3 py-2">Student</th>
              <th scope="col" className="px-3 py-2">Assessment</th>
              <th scope="col" className="px-3 py-2">Now</th>
              <th scope="col" className="px-3 py-2">From the file</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.changes.map((c) => (
              <tr key={`${c.row}:${c.code}`}>
                <td className="px-3 py-1 tabular-nums">{c.row}</td>
                <td className="px-3 py-1">
                  {c.name} <span className="text-slate-600">({c.admissionNumber})</span>
                </td>
                <td className="px-3 py-1">{c.code}</td>
                <td className="px-3 py-1 tabular-nums">{c.before === "" ? <span className="text-slate-600">empty</span> : c.before}</td>
                <td className="px-3 py-1 font-medium tabular-nums">{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
