"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { type RegisterParentInput, registerParentSchema } from "@/lib/validation/auth";
import { registerParentAction } from "../actions";

export function RegisterForm() {
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, setError, control, formState } = useForm<RegisterParentInput, unknown, z.output<typeof registerParentSchema>>({
    resolver: zodResolver(registerParentSchema),
    defaultValues: { firstName: "", lastName: "", email: "", password: "", confirmPassword: "" },
  });
  const [firstName, lastName, email] = useWatch({ control, name: ["firstName", "lastName", "email"] });
  const onSubmit = handleSubmit(async (values) => {
    const result = await registerParentAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["firstName", "lastName", "email", "password", "confirmPassword"]);
    setDone(`Check ${values.email}: we've sent a link to confirm your address. Then sign in and link to your child.`);
  });
  if (done) {
    return (
      <div className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <FormAlert success={done} />
        <Link href="/sign-in" className="text-blue-800 underline">
          Go to sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <FormAlert error={formState.errors.root?.message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" autoComplete="given-name" error={formState.errors.firstName?.message} {...register("firstName")} />
        <Field label="Last name" autoComplete="family-name" error={formState.errors.lastName?.message} {...register("lastName")} />
      </div>
      <Field label="Email" type="email" autoComplete="email" error={formState.errors.email?.message} {...register("email")} />
      <NewPasswordFields register={register} errors={formState.errors} control={control} personal={[firstName, lastName, email]} label="Password" />
      <SubmitButton pending={formState.isSubmitting} pendingText="Creating…">
        Create my account
      </SubmitButton>
      <p className="text-sm">
        Already have an account?{" "}
        <Link href="/sign-in" className="text-blue-800 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
