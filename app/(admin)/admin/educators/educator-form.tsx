"use client";

// Adding or editing an educator: the same fields and rules as the server, errors on their fields.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { type EducatorInput, educatorSchema, type EducatorValues } from "@/lib/validation/people";
import { createEducatorAction, updateEducatorAction } from "./actions";

const fields = ["staffNumber", "title", "firstName", "lastName", "email", "phone", "departmentId"] as const;

export type EducatorFormValues = { [K in (typeof fields)[number]]: string };

export function EducatorForm({
  educatorId,
  initial,
  departments,
}: {
  /** Absent when adding a new educator. */
  educatorId?: string;
  initial?: EducatorFormValues;
  departments: Array<{ id: string; name: string }>;
}) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<EducatorInput, unknown, EducatorValues>({
    resolver: zodResolver(educatorSchema),
    defaultValues: initial ?? { staffNumber: "", title: "", firstName: "", lastName: "", email: "", phone: "", departmentId: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    if (!educatorId) {
      const result = await createEducatorAction(values);
      if (!result.ok) return applyServerErrors(result, setError, fields);
      router.push(`/admin/educators/${result.data.id}`);
      return;
    }
    const result = await updateEducatorAction({ ...values, educatorId });
    if (!result.ok) return applyServerErrors(result, setError, fields);
    setSaved(result.data.changed ? `Saved ${result.data.name}.` : "Nothing had changed.");
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Staff number" hint="Like STF-042" autoCapitalize="characters" error={errors.staffNumber?.message} {...register("staffNumber")} />
        <Field label="Title (optional)" hint="Mr, Mrs, Ms, Dr…" error={errors.title?.message} {...register("title")} />
        <Field label="First name" autoComplete="off" error={errors.firstName?.message} {...register("firstName")} />
        <Field label="Last name" autoComplete="off" error={errors.lastName?.message} {...register("lastName")} />
        <Field label="Email (optional)" type="email" autoComplete="off" error={errors.email?.message} {...register("email")} />
        <Field label="Phone (optional)" type="tel" autoComplete="off" error={errors.phone?.message} {...register("phone")} />
        <SelectField
          id="educator-department"
          className="sm:col-span-2"
          label="Department (optional)"
          placeholder="No department"
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
          error={errors.departmentId?.message}
          {...register("departmentId")}
        />
      </div>
      <SubmitButton pending={isSubmitting} pendingText="Saving…">
        {educatorId ? "Save changes" : "Add educator"}
      </SubmitButton>
    </form>
  );
}
