"use client";

// New password and its confirmation, with a strength meter fed by the same rules the server applies.
import { useDeferredValue } from "react";
import { type Control, type FieldErrors, type UseFormRegister, useWatch } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { PASSWORD_MIN_LENGTH, ratePassword } from "@/lib/auth/password-policy";

type PasswordValues = { password: string; confirmPassword: string };

const meterColours = ["bg-red-700", "bg-red-600", "bg-amber-600", "bg-green-700", "bg-green-800"];

export function NewPasswordFields<T extends PasswordValues>({
  register,
  errors,
  control,
  personal = [],
  label = "New password",
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  control: Control<T>;
  personal?: string[];
  label?: string;
}) {
  const password = useWatch({ control: control as unknown as Control<PasswordValues>, name: "password" });
  const typed = useDeferredValue(password);
  const strength = typed ? ratePassword(typed, personal) : null;
  const reg = register as unknown as UseFormRegister<PasswordValues>;
  const errs = errors as FieldErrors<PasswordValues>;
  return (
    <>
      <div>
        <Field
          label={label}
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong, memorable password.`}
          error={errs.password?.message}
          {...reg("password")}
        />
        <div className="mt-2" aria-live="polite">
          <div className="flex gap-1" aria-hidden="true">
            {[0, 1, 2, 3, 4].map((i) => (
              <span key={i} className={`h-1.5 flex-1 rounded ${strength && i <= strength.score ? meterColours[strength.score] : "bg-slate-200"}`} />
            ))}
          </div>
          <p className="mt-1 text-sm text-slate-700">{strength ? `Strength: ${strength.label}` : "Strength: not entered yet"}</p>
        </div>
      </div>
      <Field label="Type it again" type="password" autoComplete="new-password" error={errs.confirmPassword?.message} {...reg("confirmPassword")} />
    </>
  );
}
