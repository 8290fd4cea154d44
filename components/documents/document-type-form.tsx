"use client";

// Adding a kind of document families and the office upload, or changing one: its name, the formats and
// largest size accepted, and whether it is required at admission.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { saveDocumentTypeAction } from "@/app/(admin)/admin/documents/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import {
  type DocumentFormat,
  documentFormatLabels,
  documentFormats,
  type DocumentTypeInput,
  documentTypeInput,
  type DocumentTypeValues,
} from "@/lib/validation/documents";

type DocumentType = { id: string; name: string; description: string | null; allowedMimeTypes: DocumentFormat[]; maxBytes: number; requiredAtAdmission: boolean };

const blank: DocumentTypeInput = { id: "", name: "", description: "", allowedMimeTypes: [...documentFormats], maxSizeMb: "10", requiredAtAdmission: false };

/** 2097152 → "2", 524288 → "0.5". */
const megabytes = (bytes: number) => String(Math.round((bytes / (1024 * 1024)) * 100) / 100);

export function DocumentTypeForm({ type }: { type?: DocumentType }) {
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<DocumentTypeInput, unknown, DocumentTypeValues>({
    resolver: zodResolver(documentTypeInput),
    defaultValues: type ? { ...type, description: type.description ?? "", maxSizeMb: megabytes(type.maxBytes) } : blank,
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    // The server takes the size as typed, in MB, and converts it itself.
    const result = await saveDocumentTypeAction({ ...values, maxSizeMb: megabytes(values.maxSizeMb) });
    if (!result.ok) return applyServerErrors(result, setError, ["name", "description", "allowedMimeTypes", "maxSizeMb", "requiredAtAdmission"]);
    if (type) {
      setSaved(result.data.outcome === "unchanged" ? "Nothing to save: the type is as stored." : "Saved. The new rules apply to later uploads.");
    } else {
      reset(blank);
      setSaved(`Added “${result.data.type.name}”.`);
    }
  });

  const formatsError = errors.allowedMimeTypes?.message ?? errors.allowedMimeTypes?.root?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <Field label="Name" autoComplete="off" error={errors.name?.message} {...register("name")} />
      <Field label="Description (optional)" hint="What families should upload, e.g. “the long-form certificate”." autoComplete="off" error={errors.description?.message} {...register("description")} />
      <fieldset aria-describedby={formatsError ? `${id}-formats-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Accepted formats</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {documentFormats.map((format) => (
            <div key={format} className="flex items-center gap-2">
              <input id={`${id}-${format}`} type="checkbox" value={format} className="h-4 w-4" {...register("allowedMimeTypes")} />
              <label htmlFor={`${id}-${format}`} className="text-sm text-slate-800">
                {documentFormatLabels[format]}
              </label>
            </div>
          ))}
        </div>
        {formatsError ? (
          <p id={`${id}-formats-error`} className="mt-1 text-sm text-red-800">
            {formatsError}
          </p>
        ) : null}
      </fieldset>
      <Field label="Largest file, in MB" hint="From 0.01 to 20 MB." inputMode="decimal" autoComplete="off" error={errors.maxSizeMb?.message} {...register("maxSizeMb")} />
      <div className="flex items-center gap-2">
        <input id={`${id}-required`} type="checkbox" className="h-4 w-4" {...register("requiredAtAdmission")} />
        <label htmlFor={`${id}-required`} className="text-sm text-slate-800">
          Required at admission (shown first on every student&apos;s checklist)
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          {type ? "Save document type" : "Add document type"}
        </SubmitButton>
        {type ? (
          <Link href="/admin/documents" className="text-sm text-blue-800 underline">
            Cancel editing
          </Link>
        ) : null}
      </div>
    </form>
  );
}
