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
import { type ClassInput, classSchema } from "@/lib/validation/school";
import { createClassAction, updateClassAction } from "./actions";

type SchoolClass = { id: string; classLevelId: string; arm: string; name: string; capacity: number; classTeacherId: string | null };
type Option = { value: string; label: string };

/** Adds a class to the year, or edits one when `schoolClass` is given. */
export function ClassForm({
  academicYearId,
  schoolClass,
  levels,
  teachers,
}: {
  academicYearId: string;
  schoolClass?: SchoolClass;
  levels: Option[];
  teachers: Option[];
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const blank = { academicYearId, classLevelId: "", arm: "", name: "", capacity: "", classTeacherId: "" };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ClassInput, unknown, z.output<typeof classSchema>>({
    resolver: zodResolver(classSchema),
    defaultValues: schoolClass
      ? { ...schoolClass, academicYearId, classTeacherId: schoolClass.classTeacherId ?? "", capacity: String(schoolClass.capacity) }
      : blank,
  });

  const onSubmit = handleSubmit(async ({ academicYearId: _, ...values }) => {
    setSaved(null);
    const result = schoolClass ? await updateClassAction({ id: schoolClass.id, ...values }) : await createClassAction({ academicYearId, ...values });
    if (!result.ok) return applyServerErrors(result, setError, ["classLevelId", "arm", "name", "capacity", "classTeacherId"]);
    if (!schoolClass) reset(blank);
    setSaved(`Saved ${result.data.name}.`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <SelectField label="Level" placeholder="Choose a level" options={levels} error={errors.classLevelId?.message} {...register("classLevelId")} />
      <Field label="Arm" hint="A letter, like A" autoCapitalize="characters" error={errors.arm?.message} {...register("arm")} />
      <Field label="Name (optional)" hint="Leave blank for the level and arm, like JSS 1 A" error={errors.name?.message} {...register("name")} />
      <Field label="Places" type="number" inputMode="numeric" min={1} max={500} error={errors.capacity?.message} {...register("capacity")} />
      <SelectField
        label="Class teacher"
        hint="An active teacher; each teacher looks after one class a year"
        placeholder="None yet"
        options={teachers}
        error={errors.classTeacherId?.message}
        {...register("classTeacherId")}
      />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          {schoolClass ? "Save class" : "Add class"}
        </SubmitButton>
        {schoolClass ? (
          <Link href={`/admin/structure/classes?year=${academicYearId}`} className="text-sm text-blue-800 underline">
            Cancel editing
          </Link>
        ) : null}
      </div>
    </form>
  );
}
