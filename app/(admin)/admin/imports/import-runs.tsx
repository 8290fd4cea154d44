"use client";

// Imports running in the background: the wizard's last step follows its run to the end, and the list
// of recent runs shows each one's progress and outcome (read from the server, so a reload or a
// closed tab loses nothing).
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { ImportRunView } from "@/lib/server/imports/list-import-runs";
import { importKindLabels } from "@/lib/validation/imports";
import { ImportSummaryList } from "./import-preview";

const POLL_MS = 1_000;

const isActive = (run: ImportRunView | null) => !run || run.status === "queued" || run.status === "running";
const count = (n: number) => n.toLocaleString("en");

/** The run as the server has it now, polled while it is queued or running. */
function useImportRun(runId: string, initial: ImportRunView | null): ImportRunView | null {
  const [run, setRun] = useState(initial);
  const active = isActive(run);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`/api/imports/runs/${runId}`, { cache: "no-store" });
        if (response.ok && !stopped) setRun((await response.json()) as ImportRunView);
      } catch {
        // A dropped poll is retried on the next tick; the server keeps the real progress.
      }
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, runId]);
  return run;
}

function outcomeText(run: ImportRunView | null): string {
  if (!run || run.status === "queued") return "Waiting for the import to start…";
  if (run.status === "running") return "Importing…";
  if (run.status === "failed") return `The import stopped. ${run.error ?? ""}`.trim();
  return run.summary.newRecords + run.summary.updatedRecords === 0
    ? "Nothing needed changing: everything in the file was already on record."
    : "The changes are saved and recorded in the audit log.";
}

function RunProgress({ run, labelId }: { run: ImportRunView | null; labelId: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <progress
        className="h-3 w-48"
        aria-labelledby={labelId}
        max={Math.max(run?.total ?? 1, 1)}
        value={run?.status === "done" ? Math.max(run.total, 1) : (run?.processed ?? 0)}
      />
      <span className="tabular-nums">
        {run ? `${count(run.processed)} of ${count(run.total)} ${run.total === 1 ? "row" : "rows"} imported` : "Starting…"}
      </span>
    </div>
  );
}

/** The wizard's last step: the run's progress, then the same summary the import always ended with. */
export function ImportRunStep({ runId, fileName, onAnother }: { runId: string; fileName: string; onAnother: () => void }) {
  const router = useRouter();
  const run = useImportRun(runId, null);
  const heading = useRef<HTMLHeadingElement>(null);
  const finished = !isActive(run);
  useEffect(() => heading.current?.focus(), []);
  // The list of recent imports below is the server's: show it the finished run.
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);
  const tone = run?.status === "failed" ? "border-red-300 bg-red-50" : run?.status === "done" ? "border-green-300 bg-green-50" : "border-slate-200 bg-white";
  return (
    <section aria-labelledby="run-step" className={`space-y-4 rounded-lg border p-4 ${tone}`}>
      <h2 id="run-step" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        {run?.status === "done" ? "Imported" : run?.status === "failed" ? "Stopped importing" : "Importing"} {fileName}
      </h2>
      {finished ? null : (
        <>
          <p id="run-progress-label" className="sr-only">
            Rows of {fileName} imported
          </p>
          <RunProgress run={run} labelId="run-progress-label" />
          <p className="text-sm text-slate-700">You may leave this page: the import carries on, and Recent imports below shows how it went.</p>
        </>
      )}
      <p role="status" className={run?.status === "failed" ? "font-medium text-red-900" : undefined}>
        {outcomeText(run)}
      </p>
      {run?.status === "failed" ? (
        <p className="text-sm text-slate-800">
          The rows before it are saved. Check the file again and apply it to import the rest: rows already imported are recognised and
          left as they are.
        </p>
      ) : null}
      {run && finished ? (
        <>
          <ImportSummaryList result={{ kind: run.kind, applied: true, summary: run.summary }} />
          <RunProblems run={run} />
          <button type="button" onClick={onAnother} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
            Import another file
          </button>
        </>
      ) : null}
    </section>
  );
}

function RunProblems({ run }: { run: ImportRunView }) {
  if (run.issueCount === 0) return null;
  return (
    <details className="rounded border border-slate-200 bg-white p-3">
      <summary className="cursor-pointer font-medium">
        {count(run.issueCount)} {run.issueCount === 1 ? "problem" : "problems"}, by row
        {run.issueCount > run.issues.length ? ` (the first ${count(run.issues.length)} are listed)` : ""}
      </summary>
      <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto text-sm">
        {run.issues.map((issue, i) => (
          <li key={i} className={issue.severity === "error" ? "text-red-900" : "text-amber-900"}>
            <span className="font-medium">{issue.severity === "error" ? "Skipped" : "Warning"}:</span> {issue.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

const statusText: Record<ImportRunView["status"], string> = { queued: "Waiting to start", running: "Importing", done: "Done", failed: "Stopped" };

function RunRow({ initial }: { initial: ImportRunView }) {
  const run = useImportRun(initial.id, initial) ?? initial;
  const labelId = `import-run-${run.id}`;
  const s = run.summary;
  const noun = run.kind === "students" ? "students" : "educators";
  return (
    <li className="rounded border border-slate-200 bg-white p-3">
      <p id={labelId} className="font-medium">
        {run.fileName ?? "A file"} <span className="font-normal text-slate-700">— {importKindLabels[run.kind]}</span>
      </p>
      {isActive(run) ? <RunProgress run={run} labelId={labelId} /> : null}
      <p role="status" className="mt-1 text-sm">
        {statusText[run.status]}
        {run.status === "done" || run.status === "failed"
          ? `: ${count(s.newRecords)} new ${noun}, ${count(s.updatedRecords)} updated, ${count(s.unchangedRecords)} unchanged${
              s.rowsWithErrors > 0 ? `, ${count(s.rowsWithErrors)} ${s.rowsWithErrors === 1 ? "row" : "rows"} skipped` : ""
            }`
          : ""}
      </p>
      {run.error ? <p className={run.status === "failed" ? "mt-1 text-sm text-red-900" : "mt-1 text-sm text-slate-700"}>{run.error}</p> : null}
      <p className="mt-1 text-xs text-slate-600">
        {count(run.totalRows)} {run.totalRows === 1 ? "row" : "rows"}, started by {run.startedBy ?? "a former user"} at{" "}
        {new Date(run.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
      </p>
    </li>
  );
}

/** The latest imports, each followed until it ends. */
export function ImportRunList({ runs }: { runs: ImportRunView[] }) {
  return (
    <section aria-labelledby="recent-imports" className="mt-10">
      <h2 id="recent-imports" className="text-lg font-semibold">Recent imports</h2>
      {runs.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">Nothing imported yet.</p>
      ) : (
        <ul className="mt-2 max-w-3xl space-y-2" aria-label="Recent imports">
          {runs.map((run) => (
            <RunRow key={run.id} initial={run} />
          ))}
        </ul>
      )}
    </section>
  );
}
