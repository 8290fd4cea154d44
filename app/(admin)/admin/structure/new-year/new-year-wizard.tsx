"use client";

// Step 1: say which year to copy and the new year's name and dates. Step 2: check the preview.
// Step 3: create it all at once.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { SelectField } from "@/components/ui/select-field";
import { Field } from "@/components/ui/field";
import { countOf, formatDay } from "@/lib/domain/structure";
import type { NewYearPlan, NewYearResult } from "@/lib/server/school/new-year";
import { type NewYearInput, newYearSchema } from "@/lib/validation/school";
import { createYearFromPreviousAction, previewNewYearAction } from "./actions";

type Values = z.output<typeof newYearSchema>;
const fields = ["sourceYearId", "name", "startsOn", "endsOn"] as const;

export function NewYearWizard({ years, initial }: { years: Array<{ value: string; label: string }>; initial: NewYearInput }) {
  const [preview, setPreview] = useState<{ values: Values; plan: NewYearPlan } | null>(null);
  const [result, setResult] = useState<NewYearResult | null>(null);
  const [creating, startCreating] = useTransition();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NewYearInput, unknown, Values>({ resolver: zodResolver(newYearSchema), defaultValues: initial });

  const onPreview = handleSubmit(async (values) => {
    setPreview(null);
    setResult(null);
    const outcome = await previewNewYearAction(values);
    if (!outcome.ok) return applyServerErrors(outcome, setError, fields);
    setPreview({ values, plan: outcome.data });
  });

  const create = () =>
    startCreating(async () => {
      if (!preview) return;
      const outcome = await createYearFromPreviousAction(preview.values);
      if (!outcome.ok) {
        setPreview(null);
        applyServerErrors(outcome, setError, fields);
        return;
      }
      setResult(outcome.data);
    });

  // Any change to the details makes the preview stale: it must be looked at again.
  const stale = () => {
    if (preview || result) {
      setPreview(null);
      setResult(null);
    }
  };

  const plan = preview?.plan;
  return (
    <div className="mt-6 grid gap-8 lg:grid-cols-2">
      <section aria-labelledby="details-heading">
        <h2 id="details-heading" className="text-lg font-semibold">1. The new year</h2>
        <form onSubmit={onPreview} onChange={stale} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <FormAlert error={errors.root?.message} />
          <SelectField label="Copy the structure of" options={years} error={errors.sourceYearId?.message} {...register("sourceYearId")} />
          <Field label="New year's name" hint="For example 2027/2028" error={errors.name?.message} {...register("name")} />
          <Field label="First day" type="date" hint="Terms move by the same number of days" error={errors.startsOn?.message} {...register("startsOn")} />
          <Field label="Last day" type="date" error={errors.endsOn?.message} {...register("endsOn")} />
          <SubmitButton pending={isSubmitting} pendingText="Checking…">
            Preview
          </SubmitButton>
        </form>
      </section>

      <section aria-labelledby="preview-heading" aria-live="polite">
        <h2 id="preview-heading" className="text-lg font-semibold">2. Check and create</h2>
        {!plan ? (
          <p className="mt-3 text-sm text-slate-700">Preview first: nothing is created until you confirm.</p>
        ) : plan.alreadyExists ? (
          <p className="mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            {plan.name} already exists, so the wizard would create nothing. Choose another name, or{" "}
            <Link href="/admin/structure/years" className="underline">look at the existing year</Link>.
          </p>
        ) : (
          <div className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4 text-sm">
            <p>
              {plan.name} ({formatDay(plan.startsOn)} to {formatDay(plan.endsOn)}) will copy {plan.source.name}. Terms move by {plan.shiftDays} days.
            </p>
            <table className="min-w-full divide-y divide-slate-200">
              <caption className="sr-only">What will be created</caption>
              <tbody className="divide-y divide-slate-100">
                <tr><th scope="row" className="py-1 pr-3 text-left font-medium">Terms</th><td className="tabular-nums">{plan.counts.terms}</td></tr>
                <tr><th scope="row" className="py-1 pr-3 text-left font-medium">Classes</th><td className="tabular-nums">{plan.counts.classes}</td></tr>
                <tr><th scope="row" className="py-1 pr-3 text-left font-medium">Class teachers kept</th><td className="tabular-nums">{plan.counts.classTeachers}</td></tr>
                <tr><th scope="row" className="py-1 pr-3 text-left font-medium">Subject offerings</th><td className="tabular-nums">{plan.counts.offerings}</td></tr>
                <tr><th scope="row" className="py-1 pr-3 text-left font-medium">Teacher assignments</th><td className="tabular-nums">{plan.counts.teacherAssignments}</td></tr>
              </tbody>
            </table>
            {plan.counts.classTeachersLeftBlank > 0 || plan.counts.teacherAssignmentsDropped > 0 ? (
              <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
                Teachers who are no longer active are not carried over: {countOf(plan.counts.classTeachersLeftBlank, "class", "classes")} will
                need a class teacher, and {countOf(plan.counts.teacherAssignmentsDropped, "subject assignment")} will need a teacher.
              </p>
            ) : null}
            <table className="min-w-full divide-y divide-slate-200">
              <caption className="text-left font-medium">New term dates</caption>
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-3 text-left">Term</th>
                  <th scope="col" className="py-1 pr-3 text-left">Starts</th>
                  <th scope="col" className="py-1 text-left">Ends</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {plan.terms.map((term) => (
                  <tr key={term.sequence}>
                    <th scope="row" className="py-1 pr-3 text-left font-normal">{term.name}</th>
                    <td className="py-1 pr-3">{formatDay(term.startsOn)}</td>
                    <td className="py-1">{formatDay(term.endsOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {result ? (
              <div className="space-y-2">
                <FormAlert success={result.message} />
                <p>
                  <Link href={`/admin/structure/years/${result.yearId}`} className="text-blue-800 underline">Open {result.name}</Link>. It is not
                  the current year yet: make it current when the year begins.
                </p>
              </div>
            ) : (
              <button
                type="button"
                onClick={create}
                disabled={creating}
                className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
              >
                {creating ? "Creating…" : `Create ${plan.name}`}
              </button>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
