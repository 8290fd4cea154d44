"use client";

// The educator's status and sign-in account link: small forms that each call one action.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ActionButton } from "@/components/forms/action-button";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  type EducatorStatus,
  educatorStatuses,
  educatorStatusLabels,
  type LinkEducatorAccountInput,
  linkEducatorAccountSchema,
  type SetEducatorStatusInput,
  setEducatorStatusSchema,
} from "@/lib/validation/people";
import { linkEducatorAccountAction, setEducatorStatusAction, unlinkEducatorAccountAction } from "../actions";

export function LinkAccountForm({ educatorId, currentEmail }: { educatorId: string; currentEmail: string | null }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<LinkEducatorAccountInput, unknown, z.output<typeof linkEducatorAccountSchema>>({
    resolver: zodResolver(linkEducatorAccountSchema),
    defaultValues: { educatorId, email: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await linkEducatorAccountAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["email"]);
    setSaved(result.data.changed ? `Linked to ${result.data.email}. They see this educator's classes from their next page.` : `Already linked to ${result.data.email}.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={saved} />
      <Field
        label="Email of the sign-in account"
        hint="The account needs the Teacher or Head of department role."
        type="email"
        autoComplete="off"
        error={formState.errors.email?.message}
        {...register("email")}
      />
      <SubmitButton pending={formState.isSubmitting} pendingText="Linking…">
        {currentEmail ? "Link a different account" : "Link account"}
      </SubmitButton>
    </form>
  );
}

export function UnlinkAccountButton({ educatorId, email }: { educatorId: string; email: string }) {
  return (
    <ActionButton
      action={() => unlinkEducatorAccountAction({ educatorId })}
      label={`Unlink ${email}`}
      pendingLabel="Unlinking…"
      describe={({ changed }) => (changed ? "Unlinked. The account no longer sees this educator's classes." : "The account was already unlinked.")}
    />
  );
}

export function StatusForm({ educatorId, status }: { educatorId: string; status: EducatorStatus }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SetEducatorStatusInput, unknown, z.output<typeof setEducatorStatusSchema>>({
    resolver: zodResolver(setEducatorStatusSchema),
    defaultValues: { educatorId, status, reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await setEducatorStatusAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["status", "reason"]);
    setSaved(result.data.changed ? `Status is now ${educatorStatusLabels[result.data.status].toLowerCase()}.` : "The status was already that.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={saved} />
      <SelectField
        id="educator-status"
        label="Status"
        options={educatorStatuses.map((s) => ({ value: s, label: educatorStatusLabels[s] }))}
        error={formState.errors.status?.message}
        {...register("status")}
      />
      <Field label="Reason (optional, kept in the audit log)" error={formState.errors.reason?.message} {...register("reason")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
        Save status
      </SubmitButton>
    </form>
  );
}
