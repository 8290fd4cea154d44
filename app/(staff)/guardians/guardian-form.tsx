"use client";

// Adding or editing a guardian: the same fields and rules as the server, errors on their fields.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { type GuardianInput, guardianSchema, type GuardianValues } from "@/lib/validation/people";
import { createGuardianAction, updateGuardianAction } from "./actions";

const fields = ["title", "firstName", "lastName", "email", "phone", "address", "occupation"] as const;

export type GuardianFormValues = { [K in (typeof fields)[number]]: string };

export function GuardianForm({ guardianId, initial }: { /** Absent when adding a new guardian. */ guardianId?: string; initial?: GuardianFormValues }) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<GuardianInput, unknown, GuardianValues>({
    resolver: zodResolver(guardianSchema),
    defaultValues: initial ?? { title: "", firstName: "", lastName: "", email: "", phone: "", address: "", occupation: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    if (!guardianId) {
      const result = await createGuardianAction(values);
      if (!result.ok) return applyServerErrors(result, setError, fields);
      router.push(`/guardians/${result.data.id}`);
      return;
    }
    const result = await updateGuardianAction({ ...values, guardianId });
    if (!result.ok) return applyServerErrors(result, setError, fields);
    setSaved(result.data.changed ? `Saved ${result.data.name}.` : "Nothing had changed.");
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Title (optional)" hint="Mr, Mrs, Ms, Dr, Chief…" error={errors.title?.message} {...register("title")} />
        <div aria-hidden="true" className="hidden sm:block" />
        <Field label="First name" autoComplete="off" error={errors.firstName?.message} {...register("firstName")} />
        <Field label="Last name" autoComplete="off" error={errors.lastName?.message} {...register("lastName")} />
        <Field label="Phone" type="tel" autoComplete="off" hint="A phone number or an email is needed." error={errors.phone?.message} {...register("phone")} />
        <Field label="Email" type="email" autoComplete="off" error={errors.email?.message} {...register("email")} />
        <Field className="sm:col-span-2" label="Address (optional)" autoComplete="off" error={errors.address?.message} {...register("address")} />
        <Field className="sm:col-span-2" label="Occupation (optional)" autoComplete="off" error={errors.occupation?.message} {...register("occupation")} />
      </div>
      <SubmitButton pending={isSubmitting} pendingText="Saving…">
        {guardianId ? "Save changes" : "Add guardian"}
      </SubmitButton>
    </form>
  );
}
