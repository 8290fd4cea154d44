"use client";

// The report-card settings: every change re-renders the preview beside it (through the URL), and
// Save stores them for every card the school shows.
import { zodResolver } from "@hookform/resolvers/zod";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { MAX_SIGNATURES, type ReportCardView, resolveReportCardView } from "@/lib/domain/report-card";
import { type ReportCardSettingsInput, reportCardSettingsInput } from "@/lib/validation/report-card-settings";
import { saveReportCardSettingsAction } from "./actions";
import { viewToParams } from "./draft";

export function ReportCardSettingsForm({ initial }: { initial: ReportCardView }) {
  const router = useRouter();
  const pathname = usePathname();
  const [saved, setSaved] = useState<string | null>(null);
  const { register, control, handleSubmit, setError, formState } = useForm<ReportCardSettingsInput, unknown, z.output<typeof reportCardSettingsInput>>({
    resolver: zodResolver(reportCardSettingsInput),
    defaultValues: initial,
  });
  const signatures = useFieldArray({ control, name: "signatures" });
  const draft = useWatch({ control });
  const draftKey = JSON.stringify(draft);
  useEffect(() => {
    // Debounced: typing a signature label shouldn't re-render the preview on every key.
    const timer = setTimeout(() => {
      const view = resolveReportCardView(JSON.parse(draftKey) as Partial<ReportCardView>);
      router.replace(`${pathname}?${viewToParams(view).toString()}`, { scroll: false });
    }, 400);
    return () => clearTimeout(timer);
  }, [draftKey, pathname, router]);

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await saveReportCardSettingsAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["accentColour", "signatures"]);
    setSaved("Saved. Every report card the school shows now looks like the preview.");
  });
  const checkbox = (name: "showComponents" | "showPositions" | "showClassStatistics", label: string, hint: string) => (
    <div className="flex items-start gap-2">
      <input id={name} type="checkbox" className="mt-1 h-4 w-4" aria-describedby={`${name}-hint`} {...register(name)} />
      <label htmlFor={name}>
        <span className="font-medium">{label}</span>
        <span id={`${name}-hint`} className="block text-sm text-slate-600">
          {hint}
        </span>
      </label>
    </div>
  );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={saved} />
      <fieldset className="space-y-3">
        <legend className="font-semibold">Columns</legend>
        {checkbox("showComponents", "Each assessment's score", "Off: the card shows subject totals only.")}
        {checkbox("showPositions", "Positions", "Each subject's position and the overall position in the class and level.")}
        {checkbox("showClassStatistics", "Class statistics", "Each subject's class average, highest and lowest total.")}
      </fieldset>
      <div>
        <label htmlFor="accentColour" className="block text-sm font-medium text-slate-800">
          Colour of the title and table headings
        </label>
        <div className="mt-1 flex items-center gap-2">
          <input
            id="accentColour"
            type="color"
            className="h-10 w-14 rounded border border-slate-400"
            aria-invalid={formState.errors.accentColour ? true : undefined}
            aria-describedby={formState.errors.accentColour ? "accentColour-error" : undefined}
            {...register("accentColour")}
          />
          <span className="font-mono text-sm">{draft.accentColour}</span>
        </div>
        {formState.errors.accentColour ? (
          <p id="accentColour-error" className="mt-1 text-sm text-red-800">
            {formState.errors.accentColour.message}
          </p>
        ) : null}
      </div>
      <fieldset className="space-y-2">
        <legend className="font-semibold">Signature lines</legend>
        {signatures.fields.map((field, index) => (
          <div key={field.id} className="flex items-end gap-2">
            <Field className="flex-1" label={`Signature line ${index + 1}`} error={formState.errors.signatures?.[index]?.label?.message} {...register(`signatures.${index}.label`)} />
            <button type="button" onClick={() => signatures.remove(index)} className="rounded border border-slate-300 px-3 py-2 text-sm hover:bg-slate-100">
              Remove<span className="sr-only"> signature line {index + 1}</span>
            </button>
          </div>
        ))}
        {signatures.fields.length < MAX_SIGNATURES ? (
          <button type="button" onClick={() => signatures.append({ label: "" })} className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Add a signature line
          </button>
        ) : null}
      </fieldset>
      <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
        Save settings
      </SubmitButton>
    </form>
  );
}
