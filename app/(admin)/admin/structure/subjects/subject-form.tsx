"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { SelectField } from "@/components/ui/select-field";
import { Field } from "@/components/ui/field";
import { type SubjectInput, subjectKindLabels, subjectSchema } from "@/lib/validation/school";
import { createSubjectAction, updateSubjectAction } from "./actions";

type Subject = { id: string; code: string; name: string; departmentId: string | null; kind: "core" | "elective"; creditUnits: string };

/** Adds a subject, or edits one when `subject` is given. */
export function SubjectForm({ subject, departments }: { subject?: Subject; departments: Array<{ value: string; label: string }> }) {
  const [saved, setSaved] = useState<string | null>(null);
  const blank: SubjectInput = { code: "", name: "", departmentId: "", kind: "core", creditUnits: "" };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<SubjectInput, unknown, z.output<typeof subjectSchema>>({
    resolver: zodResolver(subjectSchema),
    defaultValues: subject ? { ...subject, departmentId: subject.departmentId ?? "" } : blank,
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = subject ? await updateSubjectAction({ id: subject.id, ...values }) : await createSubjectAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["code", "name", "departmentId", "kind", "creditUnits"]);
    if (!subject) reset(blank);
    setSaved(`Saved ${result.data.name} (${result.data.code}).`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <Field label="Code" hint="Short, like MTH; the same code can't be used twice" autoCapitalize="characters" error={errors.code?.message} {...register("code")} />
      <Field label="Name" error={errors.name?.message} {...register("name")} />
      <SelectField label="Department" placeholder="No department" options={departments} error={errors.departmentId?.message} {...register("departmentId")} />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Taken by</legend>
        {(Object.keys(subjectKindLabels) as Array<keyof typeof subjectKindLabels>).map((kind) => (
          <label key={kind} className="mt-1 flex items-center gap-2 text-sm">
            <input type="radio" value={kind} className="h-4 w-4" {...register("kind")} />
            {subjectKindLabels[kind]}
          </label>
        ))}
        {errors.kind?.message ? <p className="mt-1 text-sm text-red-800">{errors.kind.message}</p> : null}
      </fieldset>
      <Field
        label="Credit units"
        hint="Required: results weigh each subject by its credit units, like 2 or 1.5"
        inputMode="decimal"
        error={errors.creditUnits?.message}
        {...register("creditUnits")}
      />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          {subject ? "Save subject" : "Add subject"}
        </SubmitButton>
        {subject ? (
          <Link href="/admin/structure/subjects" className="text-sm text-blue-800 underline">
            Cancel editing
          </Link>
        ) : null}
      </div>
    </form>
  );
}
