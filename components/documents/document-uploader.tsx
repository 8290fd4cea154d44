"use client";

// Uploads a student's documents: choose what they are, then drop or pick several files; each goes up
// on its own (XMLHttpRequest, for its progress) one after another, and says how it went. The browser's
// checks are only for a quick answer: the server reads every file and has the last word.
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { documentFormatLabels } from "@/lib/validation/documents";
import { formatBytes } from "@/lib/domain/file-size";

export type UploaderDocumentType = { id: string; name: string; allowedMimeTypes: string[]; maxBytes: number };

type UploadState = "waiting" | "uploading" | "done" | "duplicate" | "failed";

type UploadItem = { key: string; fileName: string; typeName: string; size: number; loaded: number; state: UploadState; message: string };

type Queued = { key: string; file: File; type: UploaderDocumentType };

function formatsOf(type: UploaderDocumentType): string {
  const words = type.allowedMimeTypes.map((mime) => documentFormatLabels[mime as keyof typeof documentFormatLabels] ?? mime);
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : (words[0] ?? "");
}

/** What the browser can tell without sending anything; null when the file may go. */
function quickProblem(file: File, type: UploaderDocumentType): string | null {
  if (file.size === 0) return "The file is empty";
  if (file.size > type.maxBytes) return `The file is ${formatBytes(file.size)}; a ${type.name.toLowerCase()} can be at most ${formatBytes(type.maxBytes)}`;
  return null;
}

/** The message in a refusal: the field's own message when there is one, else the problem's detail. */
function refusalMessage(status: number, body: string): string {
  try {
    const problem = JSON.parse(body) as { detail?: unknown; errors?: Record<string, unknown> };
    const fieldMessage = Object.values(problem.errors ?? {})
      .flatMap((messages) => (Array.isArray(messages) ? messages : []))
      .find((message): message is string => typeof message === "string");
    if (fieldMessage) return fieldMessage;
    if (typeof problem.detail === "string" && problem.detail) return problem.detail;
  } catch {
    // Not problem+json (a proxy in front of AMS answered): fall through to the status.
  }
  if (status === 413) return "The file is too large for the server to accept";
  return `The upload failed (error ${status}); try again`;
}

type Outcome = { state: "done" | "duplicate" | "failed"; message: string };

function send(studentId: string, queued: Queued, onProgress: (loaded: number) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const params = new URLSearchParams({ type: queued.type.id, name: queued.file.name });
    const request = new XMLHttpRequest();
    // Same origin only: the browser adds the Origin header the server checks for every change.
    request.open("PUT", `/api/students/${encodeURIComponent(studentId)}/documents?${params.toString()}`);
    request.setRequestHeader("content-type", queued.file.type || "application/octet-stream");
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      if (request.status === 200 || request.status === 201) {
        let duplicate = request.status === 200;
        try {
          duplicate = (JSON.parse(request.responseText) as { duplicate?: boolean }).duplicate ?? duplicate;
        } catch {
          // A success without a readable body still stored the file.
        }
        resolve(
          duplicate
            ? { state: "duplicate", message: "Already on record: this same file was uploaded before" }
            : { state: "done", message: "Uploaded; the school will check it" },
        );
      } else {
        resolve({ state: "failed", message: refusalMessage(request.status, request.responseText) });
      }
    };
    request.onerror = () => resolve({ state: "failed", message: "The upload did not reach the school; check your connection and try again" });
    request.onabort = () => resolve({ state: "failed", message: "The upload was stopped" });
    request.send(queued.file);
  });
}

const stateStyles: Record<UploadState, string> = {
  waiting: "text-slate-700",
  uploading: "text-slate-700",
  done: "text-green-800",
  duplicate: "text-slate-800",
  failed: "text-red-800",
};

export function DocumentUploader({ studentId, types }: { studentId: string; types: UploaderDocumentType[] }) {
  const router = useRouter();
  const id = useId();
  const [typeId, setTypeId] = useState("");
  const [typeError, setTypeError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [items, setItems] = useState<UploadItem[]>([]);
  const queue = useRef<Queued[]>([]);
  const running = useRef(false);
  const counter = useRef(0);
  const chosen = types.find((type) => type.id === typeId);

  const update = (key: string, change: Partial<UploadItem>) => setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  // One file at a time: a phone on a slow connection gets each file through rather than all of them
  // half-way, and the student's quota is checked against what is really stored.
  async function drain() {
    if (running.current) return;
    running.current = true;
    let stored = false;
    while (queue.current.length > 0) {
      const next = queue.current.shift()!;
      update(next.key, { state: "uploading", message: "Uploading" });
      const outcome = await send(studentId, next, (loaded) => update(next.key, { loaded }));
      update(next.key, { ...outcome, loaded: outcome.state === "failed" ? 0 : next.file.size });
      if (outcome.state === "done") stored = true;
    }
    running.current = false;
    if (stored) router.refresh();
  }

  function add(files: FileList | null) {
    if (!files || files.length === 0) return;
    if (!chosen) {
      setTypeError("Choose the kind of document first");
      document.getElementById(`${id}-type`)?.focus();
      return;
    }
    setTypeError(null);
    const added: UploadItem[] = [];
    for (const file of Array.from(files)) {
      const key = `${id}-${counter.current++}`;
      const problem = quickProblem(file, chosen);
      added.push({ key, fileName: file.name, typeName: chosen.name, size: file.size, loaded: 0, state: problem ? "failed" : "waiting", message: problem ?? "Waiting" });
      if (!problem) queue.current.push({ key, file, type: chosen });
    }
    setItems((current) => [...current, ...added]);
    void drain();
  }

  return (
    <div className="max-w-2xl space-y-3">
      <div>
        <label htmlFor={`${id}-type`} className="block text-sm font-medium text-slate-800">
          Kind of document
        </label>
        <select
          id={`${id}-type`}
          value={typeId}
          onChange={(event) => {
            setTypeId(event.target.value);
            setTypeError(null);
          }}
          aria-invalid={typeError ? true : undefined}
          aria-describedby={typeError ? `${id}-type-error` : undefined}
          className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
        >
          <option value="">Choose…</option>
          {types.map((type) => (
            <option key={type.id} value={type.id}>
              {type.name}
            </option>
          ))}
        </select>
        {typeError ? (
          <p id={`${id}-type-error`} role="alert" className="mt-1 text-sm text-red-800">
            {typeError}
          </p>
        ) : null}
      </div>

      {/* The drop zone is the file input's label: clicking it, or the focused input's Enter or Space,
          opens the picker, and files dropped anywhere on it are taken. */}
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          add(event.dataTransfer.files);
        }}
        className={`relative rounded-lg border-2 border-dashed p-6 text-center focus-within:ring-2 focus-within:ring-blue-700 focus-within:ring-offset-2 ${
          dragging ? "border-blue-700 bg-blue-50" : "border-slate-400 bg-white"
        }`}
      >
        <input
          id={`${id}-files`}
          type="file"
          multiple
          accept={chosen ? chosen.allowedMimeTypes.join(",") : "application/pdf,image/jpeg,image/png,image/webp"}
          aria-describedby={`${id}-files-hint`}
          onChange={(event) => {
            add(event.target.files);
            // The same file can be chosen again after a failure.
            event.target.value = "";
          }}
          className="sr-only"
        />
        <label htmlFor={`${id}-files`} className="block cursor-pointer">
          <span className="font-medium text-blue-800 underline">Choose files</span> <span className="text-slate-800">or drop them here</span>
        </label>
        <p id={`${id}-files-hint`} className="mt-1 text-sm text-slate-700">
          {chosen ? `${chosen.name}: ${formatsOf(chosen)}, up to ${formatBytes(chosen.maxBytes)} each.` : "Choose the kind of document above first."} Several files go up one after another.
        </p>
      </div>

      {/* The live region is always there, so the first file's line is announced as well as the rest. */}
      <div aria-live="polite">
        {items.length > 0 ? (
        <ol aria-label="Uploads" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {items.map((item) => (
            <li key={item.key} className="p-3">
              <p className="text-sm break-all">
                <span className="font-medium">{item.fileName}</span> <span className="text-slate-700">({item.typeName}, {formatBytes(item.size)})</span>
              </p>
              {item.state === "uploading" || item.state === "done" || item.state === "duplicate" ? (
                <progress
                  max={Math.max(item.size, 1)}
                  value={item.loaded}
                  aria-label={`${item.fileName} upload progress`}
                  className="mt-1 h-2 w-full accent-blue-700"
                >
                  {Math.round((item.loaded / Math.max(item.size, 1)) * 100)}%
                </progress>
              ) : null}
              <p className={`mt-1 text-sm ${stateStyles[item.state]}`}>{item.message}</p>
            </li>
          ))}
        </ol>
        ) : null}
      </div>
    </div>
  );
}
