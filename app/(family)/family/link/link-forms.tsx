"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  type LinkChildWithCodeInput,
  type RequestChildLinkInput,
  linkChildWithCodeSchema,
  requestChildLinkSchema,
} from "@/lib/validation/auth";
import { guardianRelationships, relationshipLabels } from "@/lib/validation/people";
import { linkChildWithCodeAction, requestChildLinkAction } from "./actions";

export function LinkWithCodeForm() {
  const [linked, setLinked] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<LinkChildWithCodeInput, unknown, z.output<typeof linkChildWithCodeSchema>>({
    resolver: zodResolver(linkChildWithCodeSchema),
    defaultValues: { code: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setLinked(null);
    const result = await linkChildWithCodeAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["code"]);
    reset();
    setLinked(`You are now linked to ${result.data.studentName}.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={linked} />
      {linked ? (
        <Link href="/family" className="text-blue-800 underline">
          See my children
        </Link>
      ) : null}
      <Field label="Link code" hint="16 letters and numbers, like K7QP-M2XD-9HTA-3WRB" autoCapitalize="characters" autoComplete="off" error={formState.errors.code?.message} {...register("code")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Linking…">
        Link to my child
      </SubmitButton>
    </form>
  );
}

const relationshipOptions = guardianRelationships.map((r) => ({ value: r, label: relationshipLabels[r] }));

export function RequestLinkForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<RequestChildLinkInput, unknown, z.output<typeof requestChildLinkSchema>>({
    resolver: zodResolver(requestChildLinkSchema),
    defaultValues: { admissionNumber: "", childName: "", relationship: "mother" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSent(null);
    const result = await requestChildLinkAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["admissionNumber", "childName", "relationship"]);
    reset();
    setSent("Request sent. The school office will check it and link you; you'll see your child on your home page.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={sent} />
      <Field label="Child's full name" error={formState.errors.childName?.message} {...register("childName")} />
      <Field label="Admission number" hint="On school letters and the report card" error={formState.errors.admissionNumber?.message} {...register("admissionNumber")} />
      <SelectField
        id="relationship"
        label="You are their"
        options={relationshipOptions}
        error={formState.errors.relationship?.message}
        {...register("relationship")}
      />
      <SubmitButton pending={formState.isSubmitting} pendingText="Sending…">
        Ask the school to link me
      </SubmitButton>
    </form>
  );
}
