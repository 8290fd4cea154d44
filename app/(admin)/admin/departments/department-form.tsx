"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field } from "@/components/ui/field";
import { type DepartmentInput, departmentSchema } from "@/lib/validation/school";
import { createDepartmentAction } from "./actions";

export function DepartmentForm() {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<DepartmentInput, unknown, z.output<typeof departmentSchema>>({
    resolver: zodResolver(departmentSchema),
    defaultValues: { code: "", name: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await createDepartmentAction(values);
    if (!result.ok) {
      // Server field errors land on their fields; the typed values stay in the form.
      for (const [field, messages] of Object.entries(result.fieldErrors)) {
        if (field === "code" || field === "name") setError(field, { message: messages[0] });
      }
      if (Object.keys(result.fieldErrors).length === 0) setError("root", { message: result.error });
      return;
    }
    reset();
    setSaved(`Saved ${result.data.name} (${result.data.code}).`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      {errors.root ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {errors.root.message}
        </p>
      ) : null}
      <p role="status" className="text-sm text-green-800">
        {saved}
      </p>
      <Field label="Code" hint="Short, like SCI" autoCapitalize="characters" error={errors.code?.message} {...register("code")} />
      <Field label="Name" error={errors.name?.message} {...register("name")} />
      <button type="submit" disabled={isSubmitting} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {isSubmitting ? "Saving…" : "Add department"}
      </button>
    </form>
  );
}
