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
import { type ClassLevelInput, classLevelSchema } from "@/lib/validation/school";
import { createClassLevelAction, updateClassLevelAction } from "./actions";

type Level = { id: string; code: string; name: string; nextLevelId: string | null; isFinal: boolean };

/** Adds a level after the last one, or edits one when `level` is given. */
export function LevelForm({ level, levels }: { level?: Level; levels: Array<{ id: string; name: string }> }) {
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ClassLevelInput, unknown, z.output<typeof classLevelSchema>>({
    resolver: zodResolver(classLevelSchema),
    defaultValues: { code: level?.code ?? "", name: level?.name ?? "", nextLevelId: level?.nextLevelId ?? "", isFinal: level?.isFinal ?? false },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = level ? await updateClassLevelAction({ id: level.id, ...values }) : await createClassLevelAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["code", "name", "nextLevelId", "isFinal"]);
    if (!level) reset();
    setSaved(`Saved ${result.data.name}.`);
  });

  const choices = levels.filter((other) => other.id !== level?.id).map((other) => ({ value: other.id, label: other.name }));
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <Field label="Code" hint="Short, like JSS1" autoCapitalize="characters" error={errors.code?.message} {...register("code")} />
      <Field label="Name" hint="As on report cards, like JSS 1" error={errors.name?.message} {...register("name")} />
      <SelectField
        label="Next level"
        hint="Where students go when they are promoted"
        placeholder="None"
        options={choices}
        error={errors.nextLevelId?.message}
        {...register("nextLevelId")}
      />
      <div>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" className="h-4 w-4" {...register("isFinal")} />
          Final level: students graduate from it
        </label>
        {errors.isFinal?.message ? <p className="mt-1 text-sm text-red-800">{errors.isFinal.message}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          {level ? "Save level" : "Add level"}
        </SubmitButton>
        {level ? (
          <Link href="/admin/structure/levels" className="text-sm text-blue-800 underline">
            Cancel editing
          </Link>
        ) : null}
      </div>
    </form>
  );
}
