"use client";

// Managing a guardian's children: linking a child, and per child the relationship, the primary
// contact and unlinking.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ActionButton } from "@/components/forms/action-button";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  guardianRelationships,
  type GuardianRelationship,
  type LinkGuardianStudentInput,
  linkGuardianStudentSchema,
  relationshipLabels,
  type SetGuardianRelationshipInput,
  setGuardianRelationshipSchema,
} from "@/lib/validation/people";
import { linkGuardianStudentAction, setGuardianRelationshipAction, setPrimaryContactAction, unlinkGuardianStudentAction } from "../actions";

const relationshipOptions = guardianRelationships.map((r) => ({ value: r, label: relationshipLabels[r] }));

function RelationshipOptions() {
  return guardianRelationships.map((r) => (
    <option key={r} value={r}>
      {relationshipLabels[r]}
    </option>
  ));
}

export function LinkChildForm({ guardianId }: { guardianId: string }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, resetField, formState } = useForm<LinkGuardianStudentInput, unknown, z.output<typeof linkGuardianStudentSchema>>({
    resolver: zodResolver(linkGuardianStudentSchema),
    defaultValues: { guardianId, admissionNumber: "", relationship: "guardian", isPrimaryContact: false },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await linkGuardianStudentAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["admissionNumber", "relationship", "isPrimaryContact"]);
    resetField("admissionNumber");
    resetField("isPrimaryContact");
    const { studentName, isPrimaryContact, changed } = result.data;
    setSaved(changed ? `Linked ${studentName}${isPrimaryContact ? ", as primary contact" : ""}.` : `${studentName} was already linked.`);
  });
  const errors = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <Field label="Child's admission number" hint="Like GFA/2026/0001" autoComplete="off" error={errors.admissionNumber?.message} {...register("admissionNumber")} />
      <SelectField id="link-relationship" label="Relationship to the child" options={relationshipOptions} error={errors.relationship?.message} {...register("relationship")} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" {...register("isPrimaryContact")} />
        <span>
          Make this guardian the child&apos;s primary contact
          <span className="block text-slate-600">The school calls the primary contact first. A child&apos;s first guardian becomes it anyway.</span>
        </span>
      </label>
      <SubmitButton pending={formState.isSubmitting} pendingText="Linking…">
        Link child
      </SubmitButton>
    </form>
  );
}

/** Beside each child: a compact inline row, which SelectField's stacked layout doesn't fit, so its select is its own. */
export function RelationshipForm({ guardianId, studentId, childName, relationship }: { guardianId: string; studentId: string; childName: string; relationship: GuardianRelationship }) {
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SetGuardianRelationshipInput, unknown, z.output<typeof setGuardianRelationshipSchema>>({
    resolver: zodResolver(setGuardianRelationshipSchema),
    defaultValues: { guardianId, studentId, relationship },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await setGuardianRelationshipAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["relationship"]);
    setSaved(result.data.changed ? "Relationship saved." : "No change.");
  });
  const error = formState.errors.relationship?.message ?? formState.errors.root?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={`${id}-relationship`} className="block text-sm font-medium text-slate-800">
          Relationship to {childName}
        </label>
        <select
          id={`${id}-relationship`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 rounded border border-slate-400 bg-white px-3 py-1.5"
          {...register("relationship")}
        >
          <RelationshipOptions />
        </select>
      </div>
      <button
        type="submit"
        disabled={formState.isSubmitting}
        className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-60"
      >
        {formState.isSubmitting ? "Saving…" : "Save relationship"}
      </button>
      {error ? (
        <p id={`${id}-error`} role="alert" className="w-full text-sm text-red-800">
          {error}
        </p>
      ) : (
        <p role="status" className="w-full text-sm text-green-800">
          {saved}
        </p>
      )}
    </form>
  );
}

export function MakePrimaryContactButton({ guardianId, studentId, childName }: { guardianId: string; studentId: string; childName: string }) {
  return (
    <ActionButton
      action={() => setPrimaryContactAction({ guardianId, studentId })}
      label={`Make primary contact for ${childName}`}
      pendingLabel="Saving…"
      describe={({ changed }) => (changed ? `Now the primary contact for ${childName}.` : `Already the primary contact for ${childName}.`)}
    />
  );
}

/**
 * Unlinking takes the child out of a parent account's view at once, so it asks first; when this is
 * the child's only guardian the server asks again (the same rule as on the student's page).
 */
export function UnlinkChildButton({ guardianId, studentId, childName }: { guardianId: string; studentId: string; childName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [lastGuardian, setLastGuardian] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; success?: string }>({});
  const unlink = (confirm: boolean) =>
    startTransition(async () => {
      const result = await unlinkGuardianStudentAction({ guardianId, studentId, confirm });
      setConfirming(false);
      if (result.ok) {
        setLastGuardian(null);
        setOutcome({ success: `${childName} is no longer linked.` });
      } else if (result.fieldErrors.confirm?.[0]) {
        setLastGuardian(result.fieldErrors.confirm[0]);
      } else {
        setLastGuardian(null);
        setOutcome({ error: result.error });
      }
    });
  const cancel = () => {
    setConfirming(false);
    setLastGuardian(null);
  };
  if (outcome.success) return <FormAlert success={outcome.success} />;
  const danger = "rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60";
  const plain = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100";
  return (
    <div className="space-y-2">
      <FormAlert error={outcome.error} />
      {lastGuardian ? (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {lastGuardian}
          <div className="mt-2 flex flex-wrap gap-2">
            <button type="button" disabled={pending} onClick={() => unlink(true)} className={danger}>
              {pending ? "Unlinking…" : "Unlink anyway"}
            </button>
            <button type="button" onClick={cancel} className={plain}>
              Keep the link
            </button>
          </div>
        </div>
      ) : confirming ? (
        <div role="group" aria-label={`Confirm unlinking ${childName}`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm">Unlink {childName}? A parent account stops seeing this child.</span>
          <button type="button" disabled={pending} onClick={() => unlink(false)} className={danger}>
            {pending ? "Unlinking…" : "Yes, unlink"}
          </button>
          <button type="button" onClick={cancel} className={plain}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50"
        >
          Unlink {childName}
        </button>
      )}
    </div>
  );
}
