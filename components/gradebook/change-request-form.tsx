"use client";

// Asking for one locked score to change: which student, which assessment, the new value and why.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { requestScoreChangeAction } from "@/app/(staff)/teacher/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { type RequestScoreChangeInput, requestScoreChangeInput } from "@/lib/validation/gradebook";

type Props = {
  offeringId: string;
  students: Array<{ id: string; name: string }>;
  components: Array<{ id: string; code: string; name: string }>;
};

export function ChangeRequestForm({ offeringId, students, components }: Props) {
  const [sent, setSent] = useState<string | null>(null);
  const { register, handleSubmit, setError, resetField, formState } = useForm<RequestScoreChangeInput, unknown, z.output<typeof requestScoreChangeInput>>({
    resolver: zodResolver(requestScoreChangeInput),
    defaultValues: { offeringId, studentId: students[0]?.id ?? "", componentId: components[0]?.id ?? "", raw: "", reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSent(null);
    const result = await requestScoreChangeAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["studentId", "componentId", "raw", "reason"]);
    resetField("raw");
    resetField("reason");
    setSent("Your request was sent for a decision.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-3">
      <FormAlert error={formState.errors.root?.message} success={sent} />
      <SelectField label="Student" options={students.map((s) => ({ value: s.id, label: s.name }))} error={formState.errors.studentId?.message} {...register("studentId")} />
      <SelectField
        label="Assessment"
        options={components.map((c) => ({ value: c.id, label: `${c.code}: ${c.name}` }))}
        error={formState.errors.componentId?.message}
        {...register("componentId")}
      />
      <Field label="New score" hint="A number, ABS (absent) or EX (exempt)" inputMode="decimal" autoComplete="off" error={formState.errors.raw?.message} {...register("raw")} />
      <Field label="Reason for the change" autoComplete="off" error={formState.errors.reason?.message} {...register("reason")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Sending…">
        Ask for the change
      </SubmitButton>
    </form>
  );
}
