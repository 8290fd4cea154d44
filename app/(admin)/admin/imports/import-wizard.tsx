"use client";

// The import, step by step: choose the kind and the file, match its columns, check it (dry run),
// then apply, which starts a background run whose progress the last step follows. The file's text
// stays in this component between steps and is sent whole each time.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { FormAlert } from "@/components/forms/form-alert";
import { decodeImportFile, ImportFileError, type ParsedCsv, parseImportCsv } from "@/lib/domain/csv-import";
import type { ActionResult } from "@/lib/errors";
import type { ImportCheck } from "@/lib/server/imports/shared";
import {
  autoMapColumns,
  IMPORT_MAX_BYTES,
  type ImportKind,
  importFields,
  importKindLabels,
  importMappingFormSchema,
  type ImportMappingForm,
  type ImportMode,
  mappingProblems,
} from "@/lib/validation/imports";
import { applyImportAction, previewImportAction } from "./actions";
import { ImportPreview, ImportSummaryList } from "./import-preview";
import { ImportRunStep } from "./import-runs";

type Loaded = { kind: ImportKind; fileName: string; text: string; csv: ParsedCsv };
type Step =
  | { name: "file" }
  | { name: "map"; file: Loaded }
  | { name: "preview"; file: Loaded; columns: Array<string | null>; result: ImportCheck }
  | { name: "run"; file: Loaded; runId: string };

/** An action that did not answer (a dropped connection, a body over the server's limit) as a result. */
async function call<T>(action: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await action();
  } catch {
    return { ok: false, error: "The server did not answer. Check your connection, or split the file into smaller files, and try again.", fieldErrors: {}, code: "INTERNAL" };
  }
}

const failure = (result: Extract<ActionResult<unknown>, { ok: false }>) =>
  [result.error, ...Object.values(result.fieldErrors).flat().filter((m) => m !== result.error)].join(" ");

export function ImportWizard({ kinds }: { kinds: ImportKind[] }) {
  const [step, setStep] = useState<Step>({ name: "file" });
  const [kind, setKind] = useState<ImportKind | undefined>(kinds[0]);
  const [error, setError] = useState<string>();
  const [reading, setReading] = useState(false);
  const [dragging, setDragging] = useState(false);

  if (!kind) return <p className="mt-6">You do not have permission to import anything.</p>;

  async function load(file: File | undefined) {
    setError(undefined);
    if (!file || !kind) return;
    if (file.size > IMPORT_MAX_BYTES) {
      setError(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB. Split it into smaller files.`);
      return;
    }
    setReading(true);
    try {
      const text = decodeImportFile(new Uint8Array(await file.arrayBuffer()));
      const csv = parseImportCsv(text);
      setStep({ name: "map", file: { kind, fileName: file.name, text, csv } });
    } catch (e) {
      setError(e instanceof ImportFileError ? e.message : `${file.name} could not be read as a CSV file.`);
    } finally {
      setReading(false);
    }
  }

  const restart = () => {
    setError(undefined);
    setStep({ name: "file" });
  };

  return (
    <div className="mt-6 space-y-6">
      <ol className="flex flex-wrap gap-2 text-sm" aria-label="Steps">
        {(["file", "map", "preview", "run"] as const).map((name, i) => (
          <li
            key={name}
            aria-current={step.name === name ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${step.name === name ? "bg-blue-700 text-white" : "bg-slate-200 text-slate-800"}`}
          >
            {i + 1}. {{ file: "Choose a file", map: "Match the columns", preview: "Check", run: "Import" }[name]}
          </li>
        ))}
      </ol>
      <FormAlert error={error} />

      {step.name === "file" ? (
        <section aria-labelledby="file-step" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="file-step" className="text-lg font-semibold">Choose what to import and the file</h2>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">What the file holds</legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {kinds.map((k) => (
                <label key={k} className="flex items-center gap-2">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="focus-visible:ring-2" />
                  {importKindLabels[k]}
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-sm">
            <a className="font-medium text-blue-700 underline" href={`/api/imports/template/${kind}`} download>
              Download the template for {importKindLabels[kind].toLowerCase()}
            </a>{" "}
            (CSV, with one example row).
          </p>
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              void load(e.dataTransfer.files[0]);
            }}
            className={`rounded-lg border-2 border-dashed p-6 text-center ${dragging ? "border-blue-700 bg-blue-50" : "border-slate-300"}`}
          >
            <label htmlFor="import-file" className="block font-medium text-slate-800">
              CSV file (UTF-8, up to 5 MB and 10,000 rows)
            </label>
            <p className="text-sm text-slate-600">Choose it, or drop it here.</p>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              disabled={reading}
              onChange={(e) => void load(e.target.files?.[0])}
              className="mx-auto mt-3 block text-sm focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-700"
            />
            {reading ? <p role="status" className="mt-2 text-sm">Reading the file…</p> : null}
          </div>
        </section>
      ) : null}

      {step.name === "map" ? (
        <MappingStep
          key={`${step.file.kind}:${step.file.fileName}`}
          file={step.file}
          onBack={restart}
          onChecked={(columns, result) => {
            setError(undefined);
            setStep({ name: "preview", file: step.file, columns, result });
          }}
          onError={setError}
        />
      ) : null}

      {step.name === "preview" ? (
        <PreviewStep
          file={step.file}
          columns={step.columns}
          result={step.result}
          onBack={() => setStep({ name: "map", file: step.file })}
          onRechecked={(result) => setStep({ ...step, result })}
          onStarted={(runId) => setStep({ name: "run", file: step.file, runId })}
          onError={setError}
        />
      ) : null}

      {step.name === "run" ? <ImportRunStep key={step.runId} runId={step.runId} fileName={step.file.fileName} onAnother={restart} /> : null}
    </div>
  );
}

function MappingStep({
  file,
  onBack,
  onChecked,
  onError,
}: {
  file: Loaded;
  onBack: () => void;
  onChecked: (columns: Array<string | null>, result: ImportCheck) => void;
  onError: (message: string | undefined) => void;
}) {
  const schema = useMemo(() => importMappingFormSchema(file.kind), [file.kind]);
  const {
    register,
    handleSubmit,
    control,
    formState: { isSubmitting },
  } = useForm<ImportMappingForm, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { columns: autoMapColumns(file.kind, file.csv.header).map((c) => c ?? "") },
  });
  const columns = useWatch({ control, name: "columns" });
  const problems = mappingProblems(file.kind, columns.map((c) => c || null), file.csv.header);
  const fields = importFields[file.kind];

  const onSubmit = handleSubmit(async (values) => {
    onError(undefined);
    const mapping = values.columns.map((c) => c || null);
    const result = await call(() => previewImportAction({ kind: file.kind, csv: file.text, columns: mapping, mode: "all_or_nothing" }));
    if (!result.ok) onError(failure(result));
    else onChecked(mapping, result.data);
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="map-step" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="map-step" className="text-lg font-semibold">Match the columns of {file.fileName}</h2>
      <p className="text-sm text-slate-700">
        {file.csv.rows.length.toLocaleString("en")} rows. Each column of the file is matched to a detail by its heading; change any match
        that is wrong, or choose &ldquo;Not imported&rdquo; to leave a column out.
      </p>
      {problems.length > 0 ? (
        <div role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">Before checking the file:</p>
          <ul className="ml-5 list-disc">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">The columns of the file and the detail each one holds</caption>
          <thead className="bg-slate-100 text-left">
            <tr>
              <th scope="col" className="px-3 py-2">Column in the file</th>
              <th scope="col" className="px-3 py-2">First value</th>
              <th scope="col" className="px-3 py-2">Imported as</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {file.csv.header.map((heading, index) => (
              <tr key={index}>
                <th scope="row" className="px-3 py-2 text-left font-medium">{heading || `Column ${index + 1} (no heading)`}</th>
                <td className="max-w-48 truncate px-3 py-2 text-slate-600">{file.csv.rows[0]?.cells[index] ?? ""}</td>
                <td className="px-3 py-2">
                  <label htmlFor={`column-${index}`} className="sr-only">
                    Imported as, for the column {heading || index + 1}
                  </label>
                  <select id={`column-${index}`} {...register(`columns.${index}`)} className="w-full rounded border border-slate-400 bg-white px-2 py-1.5 sm:w-64">
                    <option value="">Not imported</option>
                    {fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.label}
                        {f.required ? " (required)" : ""}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={onBack} className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          Choose another file
        </button>
        <button
          type="submit"
          disabled={isSubmitting || problems.length > 0}
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
        >
          {isSubmitting ? "Checking every row…" : "Check the file"}
        </button>
      </div>
    </form>
  );
}

function PreviewStep({
  file,
  columns,
  result,
  onBack,
  onRechecked,
  onStarted,
  onError,
}: {
  file: Loaded;
  columns: Array<string | null>;
  result: ImportCheck;
  onBack: () => void;
  onRechecked: (result: ImportCheck) => void;
  onStarted: (runId: string) => void;
  onError: (message: string | undefined) => void;
}) {
  const [mode, setMode] = useState<ImportMode>("all_or_nothing");
  const [applying, setApplying] = useState(false);
  const errors = result.summary.rowsWithErrors;
  const nothingToDo = result.summary.newRecords + result.summary.updatedRecords === 0;
  const blocked = errors > 0 && mode === "all_or_nothing";

  async function apply() {
    onError(undefined);
    setApplying(true);
    const outcome = await call(() =>
      applyImportAction({ kind: file.kind, csv: file.text, columns, mode, checkId: result.checkId, fileName: file.fileName }),
    );
    setApplying(false);
    if (!outcome.ok) return onError(failure(outcome));
    // The server checked everything again; if the school's records changed since the check, show why.
    if (outcome.data.status === "blocked") {
      onRechecked(outcome.data.check);
      return onError("Nothing was imported: rows have errors (the records may have changed since the check). Correct them, or import the valid rows only.");
    }
    onStarted(outcome.data.runId);
  }

  return (
    <section aria-labelledby="preview-step" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="preview-step" className="text-lg font-semibold">Check what the import will do</h2>
      <p className="text-sm text-slate-700">
        This is a dry run against the school&rsquo;s records: nothing has been saved yet.
        {result.academicYear ? ` Students are enrolled for ${result.academicYear}.` : ""}
      </p>
      <ImportSummaryList result={result} />
      <ImportPreview file={file.csv} kind={file.kind} columns={columns} result={result} />
      <fieldset className="space-y-2">
        <legend className="font-medium">When some rows have errors</legend>
        <label className="flex items-start gap-2">
          <input type="radio" name="mode" checked={mode === "all_or_nothing"} onChange={() => setMode("all_or_nothing")} className="mt-1" />
          <span>Import nothing until every row is correct</span>
        </label>
        <label className="flex items-start gap-2">
          <input type="radio" name="mode" checked={mode === "valid_rows_only"} onChange={() => setMode("valid_rows_only")} className="mt-1" />
          <span>Import the valid rows only, and skip the {errors === 1 ? "row" : `${errors.toLocaleString("en")} rows`} with errors</span>
        </label>
      </fieldset>
      {blocked ? (
        <p className="text-sm text-red-900">
          {errors.toLocaleString("en")} {errors === 1 ? "row has" : "rows have"} errors. Correct the file and upload it again, or choose to
          import the valid rows only.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={onBack} className="rounded border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          Back to the columns
        </button>
        <button
          type="button"
          onClick={() => void apply()}
          disabled={applying || blocked || nothingToDo}
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
        >
          {applying ? "Starting the import…" : nothingToDo ? "Nothing to import" : "Apply"}
        </button>
      </div>
    </section>
  );
}
