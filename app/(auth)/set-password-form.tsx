"use client";

// Choosing a password from an emailed link: used by invitations and password resets alike.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { applyServerErrors } from "@/components/forms/server-errors";
import type { ActionResult } from "@/lib/errors";
import { type SetPasswordWithTokenInput, setPasswordWithTokenSchema } from "@/lib/validation/auth";

export function SetPasswordForm({
  token,
  action,
  submitLabel,
  doneMessage,
}: {
  token: string;
  action: (input: SetPasswordWithTokenInput) => Promise<ActionResult<{ email: string }>>;
  submitLabel: string;
  doneMessage: string;
}) {
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, formState } = useForm<SetPasswordWithTokenInput, unknown, z.output<typeof setPasswordWithTokenSchema>>({
    resolver: zodResolver(setPasswordWithTokenSchema),
    defaultValues: { token, password: "", confirmPassword: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    const result = await action(values);
    if (!result.ok) {
      // A dead link is about the whole form, not one field.
      if (result.fieldErrors.token) return setError("root", { message: result.error });
      return applyServerErrors(result, setError, ["password", "confirmPassword"]);
    }
    setDone(`${doneMessage} Sign in with ${result.data.email} and your new password.`);
  });
  if (done) {
    return (
      <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <FormAlert success={done} />
        <Link href="/sign-in" className="inline-block rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormAlert error={formState.errors.root?.message} />
      <input type="hidden" {...register("token")} />
      <NewPasswordFields register={register} errors={formState.errors} control={control} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
