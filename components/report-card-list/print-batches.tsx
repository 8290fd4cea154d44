"use client";

// Printing a class or a level as one PDF: the button asks for a batch, the list shows each batch's
// progress (read from the server, so it survives a reload) and the file once it is ready.
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import type { ActionResult } from "@/lib/errors";
import type { ReportCardBatchSummary } from "@/lib/server/report-cards/batches/list-report-card-batches";

const POLL_MS = 1_000;

export function PrintBatchButton({
  label,
  request,
}: {
  label: string;
  request: () => Promise<ActionResult<{ batchId: string; alreadyRunning: boolean }>>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  return (
    <div className="mt-3 max-w-2xl space-y-2">
      <FormAlert error={outcome.error} success={outcome.success} />
      <button
        type="button"
        disabled={pending}
        className="rounded border border-slate-400 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60"
        onClick={() =>
          startTransition(async () => {
            const result = await request();
            if (result.ok) {
              setOutcome({ success: result.data.alreadyRunning ? "That batch is already being made; its progress is below." : "Printing started; its progress is below." });
              router.refresh();
            } else {
              setOutcome({ error: [result.error, ...Object.values(result.fieldErrors).flat()].join(" ") });
            }
          })
        }
      >
        {pending ? "Starting…" : `Print ${label} as one PDF`}
      </button>
    </div>
  );
}

const statusText: Record<ReportCardBatchSummary["status"], string> = {
  queued: "Waiting to start",
  running: "Printing",
  done: "Ready",
  failed: "Failed",
};

function BatchRow({ initial }: { initial: ReportCardBatchSummary }) {
  // Polled from here on; a refresh of the page list doesn't reset it (the poll is at least as new).
  const [batch, setBatch] = useState(initial);
  const active = batch.status === "queued" || batch.status === "running";
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/api/report-card-batches/${batch.id}`, { cache: "no-store" });
        if (response.ok && !stopped) setBatch((await response.json()) as ReportCardBatchSummary);
      } catch {
        // A dropped poll is retried on the next tick; the server keeps the real progress.
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active, batch.id]);
  const labelId = `batch-${batch.id}`;
  return (
    <li className="rounded border border-slate-200 bg-white p-3">
      <p id={labelId} className="font-medium">
        {batch.label}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
        <progress className="h-3 w-48" max={Math.max(batch.total, 1)} value={batch.status === "done" ? Math.max(batch.total, 1) : batch.done} aria-labelledby={labelId} />
        <span role="status">
          {statusText[batch.status]}
          {batch.status === "done" || batch.status === "failed" ? "" : `: ${batch.done} of ${batch.total} cards`}
          {batch.status === "done" ? ` — ${batch.total} cards, ${Math.max(1, Math.round((batch.sizeBytes ?? 0) / 1024))} KB` : ""}
        </span>
        {batch.status === "done" ? (
          <a className="text-blue-700 underline" href={`/api/report-card-batches/${batch.id}/pdf`}>
            Download PDF<span className="sr-only"> of {batch.label}</span>
          </a>
        ) : null}
      </div>
      {batch.error ? <p className={batch.status === "failed" ? "mt-1 text-sm text-red-900" : "mt-1 text-sm text-slate-700"}>{batch.error}</p> : null}
      <p className="mt-1 text-xs text-slate-600">
        Asked for by {batch.requestedBy ?? "a former user"} at {new Date(batch.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC
      </p>
    </li>
  );
}

export function PrintBatchList({ batches }: { batches: ReportCardBatchSummary[] }) {
  if (batches.length === 0) return <p className="mt-2 text-sm text-slate-700">Nothing printed yet.</p>;
  return (
    <ul className="mt-2 max-w-2xl space-y-2" aria-label="Print batches">
      {batches.map((batch) => (
        <BatchRow key={batch.id} initial={batch} />
      ))}
    </ul>
  );
}
