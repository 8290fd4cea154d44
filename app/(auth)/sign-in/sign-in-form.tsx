"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { describeRetryAfter } from "@/lib/auth/wait";
import { type SignInInput, signInSchema } from "@/lib/validation/auth";

export function SignInForm() {
  const router = useRouter();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput>({ resolver: zodResolver(signInSchema), defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit(async (values) => {
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      const throttled = result?.error?.startsWith("RateLimited:") ? Number(result.error.split(":")[1]) : undefined;
      setError("root", {
        message: throttled
          ? `Too many failed attempts. For your security, try again in ${describeRetryAfter(throttled)}.`
          : "Email or password is incorrect. Check them and try again.",
      });
      return;
    }
    router.replace("/");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      {errors.root ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {errors.root.message}
        </p>
      ) : null}
      <Field label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register("email")} />
      <Field label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register("password")} />
      <button
        type="submit"
        disabled={isSubmitting}
        className="w-full rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
      >
        {isSubmitting ? "Signing in…" : "Sign in"}
      </button>
      <p className="flex flex-wrap justify-between gap-2 text-sm">
        <Link href="/forgot-password" className="text-blue-800 underline">
          Forgot your password?
        </Link>
        <Link href="/register" className="text-blue-800 underline">
          New parent? Create an account
        </Link>
      </p>
    </form>
  );
}
