"use client";

// The verification queue with a preview pane, made for going through many documents from the keyboard:
// j/k (or the arrow keys) move between documents, v verifies, r opens the reason field for a rejection
// (Enter sends it, Escape cancels). Shortcuts never fire while the focus is in a field.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, useTransition } from "react";
import { deleteDocumentAction, reviewDocumentAction } from "@/app/(staff)/documents/actions";
import type { QueueDocument } from "@/lib/server/documents/list-document-queue";
import { REJECTION_REASON_MAX } from "@/lib/validation/documents";

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const statusWords: Record<QueueDocument["status"], string> = { pending: "Waiting for review", verified: "Verified", rejected: "Rejected" };

/** Whether a key press belongs to a field the user is typing in (or a control that uses the key itself). */
function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest("input, textarea, select") !== null);
}

export function DocumentReviewQueue({ rows }: { rows: QueueDocument[] }) {
  const router = useRouter();
  const id = useId();
  const [index, setIndex] = useState(0);
  const [rejecting, setRejecting] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const itemRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const reasonRef = useRef<HTMLInputElement>(null);

  // After a decision the refreshed queue may be shorter (a decided document leaves the "pending" list):
  // the same position then shows the next document.
  const current = rows.length === 0 ? null : Math.min(index, rows.length - 1);
  const selected = current === null ? null : rows[current]!;

  const select = useCallback(
    (next: number) => {
      if (rows.length === 0) return;
      const bounded = Math.max(0, Math.min(rows.length - 1, next));
      setIndex(bounded);
      setRejecting(false);
      setConfirmingDelete(false);
      setReasonError(null);
      itemRefs.current[bounded]?.focus();
    },
    [rows.length],
  );

  const decide = useCallback(
    (decision: "verify" | "reject") => {
      if (!selected || selected.status !== "pending" || pending) return;
      startTransition(async () => {
        const result = await reviewDocumentAction({ documentId: selected.id, version: selected.version, decision, reason: decision === "reject" ? reason : null });
        if (!result.ok) {
          if (result.fieldErrors.reason?.[0]) {
            setReasonError(result.fieldErrors.reason[0]);
            reasonRef.current?.focus();
          } else {
            setMessage({ tone: "error", text: result.error });
            // Someone else decided it: show the queue as it is now.
            if (result.code === "CONFLICT" || result.code === "NOT_FOUND") router.refresh();
          }
          return;
        }
        setMessage({
          tone: "success",
          text: `${decision === "verify" ? "Verified" : "Rejected"}: ${selected.studentName}'s ${selected.typeName.toLowerCase()}.${result.data.notified > 0 ? ` ${result.data.notified === 1 ? "The guardian was" : `${result.data.notified} guardians were`} emailed.` : ""}`,
        });
        setRejecting(false);
        setReason("");
        setReasonError(null);
        router.refresh();
      });
    },
    [selected, pending, reason, router],
  );

  const openReject = useCallback(() => {
    if (!selected || selected.status !== "pending") return;
    setRejecting(true);
    setReasonError(null);
  }, [selected]);

  useEffect(() => {
    if (rejecting) reasonRef.current?.focus();
  }, [rejecting]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      const key = event.key;
      if (key === "j" || key === "ArrowDown") select((current ?? -1) + 1);
      else if (key === "k" || key === "ArrowUp") select((current ?? 1) - 1);
      else if (key === "v") decide("verify");
      else if (key === "r") openReject();
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [current, select, decide, openReject]);

  const remove = () => {
    if (!selected) return;
    startTransition(async () => {
      setConfirmingDelete(false);
      const result = await deleteDocumentAction({ documentId: selected.id });
      setMessage(result.ok ? { tone: "success", text: `Deleted: ${selected.studentName}'s ${selected.typeName.toLowerCase()}.` } : { tone: "error", text: result.error });
      if (result.ok) router.refresh();
    });
  };

  const fileUrl = selected ? `/api/documents/${selected.id}/file` : "";
  const reasonId = `${id}-reason`;

  return (
    <div className="mt-4">
      <p id={`${id}-keys`} className="text-sm text-slate-700">
        Keys: <kbd className="rounded border border-slate-300 px-1">j</kbd> or <kbd className="rounded border border-slate-300 px-1">↓</kbd> next,{" "}
        <kbd className="rounded border border-slate-300 px-1">k</kbd> or <kbd className="rounded border border-slate-300 px-1">↑</kbd> previous,{" "}
        <kbd className="rounded border border-slate-300 px-1">v</kbd> verify, <kbd className="rounded border border-slate-300 px-1">r</kbd> reject (Enter sends the
        reason, Esc cancels).
      </p>
      <p role={message?.tone === "error" ? "alert" : "status"} className={message ? (message.tone === "error" ? "mt-2 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900" : "mt-2 rounded border border-green-300 bg-green-50 p-2 text-sm text-green-900") : "sr-only"}>
        {message?.text ?? ""}
      </p>
      <div className="mt-3 grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <ul aria-label="Documents in the queue" aria-describedby={`${id}-keys`} className="max-h-[75vh] space-y-1 overflow-y-auto">
          {rows.map((row, i) => (
            <li key={row.id}>
              <button
                ref={(element) => {
                  itemRefs.current[i] = element;
                }}
                type="button"
                aria-current={i === current ? "true" : undefined}
                onClick={() => select(i)}
                className={`block w-full rounded border px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${
                  i === current ? "border-blue-700 bg-blue-50" : "border-slate-200 bg-white hover:bg-slate-50"
                }`}
              >
                <span className="block font-medium">
                  {row.studentName} <span className="font-normal text-slate-600">({row.admissionNumber}{row.className ? `, ${row.className}` : ""})</span>
                </span>
                <span className="block">{row.typeName}</span>
                <span className="block text-slate-600">
                  {statusWords[row.status]} · uploaded {when(row.uploadedAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>

        {selected ? (
          <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              {selected.typeName}: {selected.studentName}
            </h2>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
              <dt className="text-slate-600">File</dt>
              <dd className="break-all">
                {selected.originalName} ({size(selected.sizeBytes)})
              </dd>
              <dt className="text-slate-600">Uploaded</dt>
              <dd>
                {when(selected.uploadedAt)} by {selected.uploadedBy ?? "a removed account"}
              </dd>
              <dt className="text-slate-600">Status</dt>
              <dd>
                {statusWords[selected.status]}
                {selected.reviewedBy && selected.reviewedAt ? ` by ${selected.reviewedBy}, ${when(selected.reviewedAt)}` : ""}
                {selected.rejectionReason ? `: “${selected.rejectionReason}”` : ""}
              </dd>
            </dl>

            <div className="mt-3 flex flex-wrap gap-2">
              {selected.status === "pending" ? (
                <>
                  <button
                    type="button"
                    disabled={pending}
                    onClick={() => decide("verify")}
                    aria-keyshortcuts="v"
                    className="rounded bg-green-800 px-4 py-2 font-medium text-white hover:bg-green-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
                  >
                    {pending ? "Saving…" : "Verify"}
                  </button>
                  <button
                    type="button"
                    disabled={pending}
                    onClick={openReject}
                    aria-keyshortcuts="r"
                    aria-expanded={rejecting}
                    aria-controls={`${id}-reject`}
                    className="rounded border border-red-300 bg-white px-4 py-2 font-medium text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
                  >
                    Reject…
                  </button>
                </>
              ) : null}
              <a href={`${fileUrl}?preview=1`} target="_blank" rel="noopener" className="rounded px-2 py-2 text-sm text-blue-800 underline">
                Open in a new tab
              </a>
              <a href={fileUrl} className="rounded px-2 py-2 text-sm text-blue-800 underline">
                Download
              </a>
              {confirmingDelete ? (
                <span className="inline-flex flex-wrap items-center gap-2 text-sm">
                  Delete this document for good?
                  <button type="button" disabled={pending} onClick={remove} className="rounded border border-red-300 bg-white px-2 py-1 font-medium text-red-800 hover:bg-red-50">
                    Yes, delete
                  </button>
                  <button type="button" onClick={() => setConfirmingDelete(false)} className="rounded px-2 py-1 underline">
                    Cancel
                  </button>
                </span>
              ) : (
                <button type="button" onClick={() => setConfirmingDelete(true)} className="rounded px-2 py-2 text-sm text-red-800 underline">
                  Delete…
                </button>
              )}
            </div>

            {rejecting ? (
              <form
                id={`${id}-reject`}
                className="mt-3 space-y-2"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  decide("reject");
                }}
              >
                <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
                  Why is it rejected? The family reads this in the email asking for a new copy.
                </label>
                <input
                  ref={reasonRef}
                  id={reasonId}
                  type="text"
                  value={reason}
                  maxLength={REJECTION_REASON_MAX}
                  autoComplete="off"
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? `${reasonId}-error` : undefined}
                  onChange={(event) => setReason(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === "Escape") {
                      event.preventDefault();
                      setRejecting(false);
                      if (current !== null) itemRefs.current[current]?.focus();
                    }
                  }}
                  className="block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
                />
                {reasonError ? (
                  <p id={`${reasonId}-error`} className="text-sm text-red-800">
                    {reasonError}
                  </p>
                ) : null}
                <div className="flex gap-2">
                  <button type="submit" disabled={pending} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900 disabled:opacity-60">
                    {pending ? "Saving…" : "Reject and email the family"}
                  </button>
                  <button type="button" onClick={() => setRejecting(false)} className="rounded px-3 py-2 underline">
                    Cancel
                  </button>
                </div>
              </form>
            ) : null}

            <div className="mt-4">
              {selected.mimeType === "application/pdf" ? (
                <iframe key={selected.id} src={`${fileUrl}?preview=1`} title={`Preview of ${selected.originalName}`} className="h-[70vh] w-full rounded border border-slate-200" />
              ) : (
                // A plain <img>: the file route streams the stored bytes; next/image would re-encode them through its optimiser.
                // eslint-disable-next-line @next/next/no-img-element
                <img key={selected.id} src={`${fileUrl}?preview=1`} alt={`${selected.typeName} uploaded for ${selected.studentName}`} className="max-h-[70vh] max-w-full rounded border border-slate-200" />
              )}
            </div>
          </section>
        ) : null}
      </div>
    </div>
  );
}
