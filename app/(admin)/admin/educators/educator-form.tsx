"use client";

// Adding or editing an educator: the same fields and rules as the server, errors on their fields.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
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
        <div className="sm:col-span-2">
          <label htmlFor="educator-department" className="block text-sm font-medium text-slate-800">
            Department (optional)
          </label>
          <select
            id="educator-department"
            aria-invalid={errors.departmentId ? true : undefined}
            aria-describedby={errors.departmentId ? "educator-department-error" : undefined}
            className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
            {...register("departmentId")}
          >
            <option value="">No department</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          {errors.departmentId ? (
            <p id="educator-department-error" className="mt-1 text-sm text-red-800">
              {errors.departmentId.message}
            </p>
          ) : null}
        </div>
      </div>
      <SubmitButton pending={isSubmitting} pendingText="Saving…">
        {educatorId ? "Save changes" : "Add educator"}
      </SubmitButton>
    </form>
  );
}
