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
import { type UpdateDepartmentInput, updateDepartmentSchema } from "@/lib/validation/school";
import { updateDepartmentAction } from "./actions";

type Department = { id: string; code: string; name: string; headEducatorId: string | null };

/** Renames a department or changes its head. */
export function DepartmentEditForm({ department, teachers }: { department: Department; teachers: Array<{ value: string; label: string }> }) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<UpdateDepartmentInput, unknown, z.output<typeof updateDepartmentSchema>>({
    resolver: zodResolver(updateDepartmentSchema),
    defaultValues: { ...department, headEducatorId: department.headEducatorId ?? "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await updateDepartmentAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["code", "name", "headEducatorId"]);
    setSaved(`Saved ${result.data.name} (${result.data.code}).`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <Field label="Code" hint="Short, like SCI" autoCapitalize="characters" error={errors.code?.message} {...register("code")} />
      <Field label="Name" error={errors.name?.message} {...register("name")} />
      <SelectField
        label="Head of department"
        hint="An active teacher"
        placeholder="No head"
        options={teachers}
        error={errors.headEducatorId?.message}
        {...register("headEducatorId")}
      />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          Save department
        </SubmitButton>
        <Link href="/admin/departments" className="text-sm text-blue-800 underline">
          Cancel editing
        </Link>
      </div>
    </form>
  );
}
