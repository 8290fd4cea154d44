"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { type TermInput, termSchema } from "@/lib/validation/school";
import { createTermAction, updateTermAction } from "../actions";

type Term = { id: string; name: string; sequence: number; startsOn: string; endsOn: string };

/** Adds a term to the year, or edits one when `term` is given. */
export function TermForm({ academicYearId, term, nextSequence }: { academicYearId: string; term?: Term; nextSequence: number }) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<TermInput, unknown, z.output<typeof termSchema>>({
    resolver: zodResolver(termSchema),
    defaultValues: {
      academicYearId,
      name: term?.name ?? "",
      sequence: term?.sequence ?? nextSequence,
      startsOn: term?.startsOn ?? "",
      endsOn: term?.endsOn ?? "",
    },
  });

  const onSubmit = handleSubmit(async ({ academicYearId: _, ...values }) => {
    setSaved(null);
    const result = term ? await updateTermAction({ id: term.id, ...values }) : await createTermAction({ academicYearId, ...values });
    if (!result.ok) return applyServerErrors(result, setError, ["name", "sequence", "startsOn", "endsOn"]);
    if (!term) reset({ academicYearId, name: "", sequence: result.data.sequence + 1, startsOn: "", endsOn: "" });
    setSaved(`Saved ${result.data.name}.`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <Field label="Name" hint="For example Second term" error={errors.name?.message} {...register("name")} />
      <Field label="Number in the year" type="number" inputMode="numeric" min={1} max={6} error={errors.sequence?.message} {...register("sequence")} />
      <Field label="First day" type="date" error={errors.startsOn?.message} {...register("startsOn")} />
      <Field label="Last day" type="date" error={errors.endsOn?.message} {...register("endsOn")} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          {term ? "Save term" : "Add term"}
        </SubmitButton>
        {term ? (
          <Link href={`/admin/structure/years/${academicYearId}`} className="text-sm text-blue-800 underline">
            Cancel editing
          </Link>
        ) : null}
      </div>
    </form>
  );
}
