"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { type ChangePasswordInput, changePasswordSchema } from "@/lib/validation/auth";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm({ personal }: { personal: string[] }) {
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, reset, formState } = useForm<ChangePasswordInput, unknown, z.output<typeof changePasswordSchema>>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", password: "", confirmPassword: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setDone(null);
    const result = await changePasswordAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["currentPassword", "password", "confirmPassword"]);
    reset();
    setDone("Password changed. Your other sessions have been signed out.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={done} />
      <Field label="Current password" type="password" autoComplete="current-password" error={formState.errors.currentPassword?.message} {...register("currentPassword")} />
      <NewPasswordFields register={register} errors={formState.errors} control={control} personal={personal} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
        Change password
      </SubmitButton>
    </form>
  );
}
