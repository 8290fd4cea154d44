"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { type RequestPasswordResetInput, requestPasswordResetSchema } from "@/lib/validation/auth";
import { requestPasswordResetAction } from "../actions";

export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<RequestPasswordResetInput, unknown, z.output<typeof requestPasswordResetSchema>>({
    resolver: zodResolver(requestPasswordResetSchema),
    defaultValues: { email: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSent(null);
    const result = await requestPasswordResetAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["email"]);
    // The same answer whether or not the account exists.
    setSent(`If ${values.email} has an AMS account, we've sent it a link. It works once, for one hour. Check your spam folder too.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormAlert error={formState.errors.root?.message} success={sent} />
      <Field label="Email" type="email" autoComplete="username" error={formState.errors.email?.message} {...register("email")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Sending…">
        Email me a reset link
      </SubmitButton>
      <p className="text-sm">
        <Link href="/sign-in" className="text-blue-800 underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
