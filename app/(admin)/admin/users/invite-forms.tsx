"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ActionButton } from "@/components/forms/action-button";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { roleDefinitions } from "@/lib/auth/permissions";
import { type InviteUserInput, invitableRoles, inviteUserSchema } from "@/lib/validation/auth";
import { bulkInviteGuardiansAction, inviteUserAction } from "./actions";

export function InviteUserForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<InviteUserInput, unknown, z.output<typeof inviteUserSchema>>({
    resolver: zodResolver(inviteUserSchema),
    defaultValues: { email: "", name: "", role: "teacher" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSent(null);
    const result = await inviteUserAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["email", "name", "role"]);
    reset();
    setSent(`${result.data.reinvited ? "A new invitation (the old link no longer works)" : "An invitation"} is on its way to ${values.email}.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={sent} />
      <Field label="Full name" error={formState.errors.name?.message} {...register("name")} />
      <Field label="Email" type="email" error={formState.errors.email?.message} {...register("email")} />
      <SelectField
        id="invite-role"
        label="Role"
        options={invitableRoles.map((role) => ({ value: role, label: roleDefinitions[role].name }))}
        error={formState.errors.role?.message}
        {...register("role")}
      />
      <SubmitButton pending={formState.isSubmitting} pendingText="Inviting…">Send invitation</SubmitButton>
    </form>
  );
}

export function BulkInviteButton() {
  return (
    <ActionButton
      action={bulkInviteGuardiansAction}
      label="Invite guardians without accounts"
      pendingLabel="Inviting…"
      describe={({ invited, skipped }) =>
        `Invited ${invited} guardians.${skipped.length ? ` Skipped ${skipped.length}: ${skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")}.` : ""}`
      }
    />
  );
}
