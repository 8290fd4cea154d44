"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { type AcademicYearInput, academicYearSchema } from "@/lib/validation/school";
import { createAcademicYearAction, updateAcademicYearAction } from "./actions";

type Year = { id: string; name: string; startsOn: string; endsOn: string };

/** Adds a year, or edits one when `year` is given. */
export function YearForm({ year }: { year?: Year }) {
  const [saved, setSaved] = useState<{ message: string; href?: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<AcademicYearInput, unknown, z.output<typeof academicYearSchema>>({
    resolver: zodResolver(academicYearSchema),
    defaultValues: { name: year?.name ?? "", startsOn: year?.startsOn ?? "", endsOn: year?.endsOn ?? "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = year ? await updateAcademicYearAction({ id: year.id, ...values }) : await createAcademicYearAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["name", "startsOn", "endsOn"]);
    if (year) {
      setSaved({ message: `Saved ${result.data.name}.` });
    } else {
      reset();
      setSaved({ message: `Added ${result.data.name}. Add its terms next:`, href: `/admin/structure/years/${result.data.id}` });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved?.message} />
      {saved?.href ? (
        <p className="text-sm">
          <Link href={saved.href} className="text-blue-800 underline">
            Open the new year
          </Link>
        </p>
      ) : null}
      <Field label="Name" hint="For example 2027/2028" error={errors.name?.message} {...register("name")} />
      <Field label="First day" type="date" error={errors.startsOn?.message} {...register("startsOn")} />
      <Field label="Last day" type="date" error={errors.endsOn?.message} {...register("endsOn")} />
      <SubmitButton pending={isSubmitting} pendingText="Saving…">
        {year ? "Save year" : "Add year"}
      </SubmitButton>
    </form>
  );
}
