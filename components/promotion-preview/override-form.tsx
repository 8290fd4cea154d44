"use client";

// Changing the decision of the ticked students by hand, with the reason kept beside the rules'
// decision. Checked with the server's schema first; the server's messages land at their fields,
// and what was typed stays until the change is saved.
import { useId, useRef, useState, useTransition } from "react";
import { overridePromotionAction } from "@/app/(admin)/admin/promotions/actions";
import { FormAlert } from "@/components/forms/form-alert";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { PromotionOutcome, PromotionRules } from "@/lib/domain/promotion";
import { type OverridePromotionInput, overridePromotionInput } from "@/lib/validation/promotions";
import type { NextYearClass } from "@/lib/server/promotions/promotion-context";
import { outcomeLabels } from "./labels";

type FormField = "outcome" | "targetClassId" | "transferDestination" | "reason";
const fields: readonly FormField[] = ["outcome", "targetClassId", "transferDestination", "reason"];
/** "rules" puts the students back on the rules' decision (outcome null). */
type Choice = "" | Exclude<PromotionOutcome, "review"> | "rules";

export function OverrideForm({
  classLevelId,
  level,
  nextYearClasses,
  selectedIds,
  rules,
  rulesError,
  onSaved,
}: {
  classLevelId: string;
  level: { id: string; nextLevelId: string | null; isFinal: boolean };
  nextYearClasses: readonly NextYearClass[];
  selectedIds: readonly string[];
  /** The rules on screen; null while the rules form has a mistake. */
  rules: PromotionRules | null;
  rulesError: string;
  onSaved: () => void;
}) {
  const formId = useId();
  const [choice, setChoice] = useState<Choice>("");
  const [targetClassId, setTargetClassId] = useState("");
  const [destination, setDestination] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [pending, startTransition] = useTransition();
  const refs = useRef<Partial<Record<FormField, HTMLElement | null>>>({});

  const choices: Array<{ value: Choice; label: string }> = [
    ...(level.isFinal ? [] : [{ value: "promote" as const, label: "Promote" }]),
    { value: "repeat", label: "Repeat the level" },
    ...(level.isFinal ? [{ value: "graduate" as const, label: "Graduate" }] : []),
    { value: "transfer", label: "Transfer to another school" },
    { value: "withdraw", label: "Withdraw from the school" },
    { value: "rules", label: "Back to the rules' decision" },
  ];
  const targetLevelId = choice === "promote" ? level.nextLevelId : choice === "repeat" ? level.id : null;
  const targetOptions = targetLevelId ? nextYearClasses.filter((c) => c.classLevelId === targetLevelId) : [];

  const showErrors = (found: Partial<Record<FormField, string>>) => {
    setErrors(found);
    const first = fields.find((field) => found[field]);
    if (first) refs.current[first]?.focus();
  };

  const submit = () => {
    setMessage({});
    if (!rules) {
      setErrors({});
      setMessage({ error: rulesError });
      return;
    }
    const candidate = {
      classLevelId,
      studentIds: [...selectedIds],
      outcome: choice === "" ? undefined : choice === "rules" ? null : choice,
      targetClassId: targetOptions.length > 0 && targetClassId ? targetClassId : undefined,
      transferDestination: choice === "transfer" ? destination : undefined,
      reason: reason.trim() === "" && choice === "rules" ? undefined : reason,
      rules,
    };
    const checked = overridePromotionInput.safeParse(candidate);
    if (!checked.success) {
      const found: Partial<Record<FormField, string>> = {};
      let other: string | undefined;
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0]) as FormField;
        if (fields.includes(field)) found[field] ??= issue.message;
        else other ??= issue.message;
      }
      showErrors(found);
      if (other) setMessage({ error: other });
      return;
    }
    const input = candidate as OverridePromotionInput;
    startTransition(async () => {
      const result = await overridePromotionAction(input);
      if (result.ok) {
        const count = input.studentIds.length;
        const who = count === 1 ? "1 student" : `${count} students`;
        setMessage({
          success:
            input.outcome === null
              ? `${who} back on the rules' decision.`
              : `${who} marked ${outcomeLabels[input.outcome].toLowerCase()}${result.data.changed < count ? ` (${result.data.changed} changed, the rest already were)` : ""}.`,
        });
        setChoice("");
        setTargetClassId("");
        setDestination("");
        setReason("");
        setErrors({});
        onSaved();
        return;
      }
      const found: Partial<Record<FormField, string>> = {};
      for (const field of fields) if (result.fieldErrors[field]?.[0]) found[field] = result.fieldErrors[field][0];
      showErrors(found);
      const elsewhere = Object.entries(result.fieldErrors)
        .filter(([field]) => !fields.includes(field as FormField))
        .flatMap(([, messages]) => messages);
      setMessage({ error: [result.error, ...elsewhere].join(" ") });
    });
  };

  return (
    <form
      aria-labelledby={`${formId}-heading`}
      className="space-y-3 rounded-lg border border-blue-200 bg-blue-50 p-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3 id={`${formId}-heading`} className="font-semibold">
        Change the decision of the selected students
      </h3>
      <p className="text-sm text-slate-700" aria-live="polite">
        {selectedIds.length === 0
          ? "Tick students in the table below first."
          : `${selectedIds.length === 1 ? "1 student" : `${selectedIds.length} students`} selected.`}
      </p>
      <FormAlert error={message.error} success={message.success} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          ref={(element) => {
            refs.current.outcome = element;
          }}
          label="New decision"
          placeholder="Choose a decision"
          value={choice}
          onChange={(event) => {
            setChoice(event.target.value as Choice);
            setTargetClassId("");
          }}
          options={choices}
          error={errors.outcome}
        />
        {targetOptions.length > 0 ? (
          <SelectField
            ref={(element) => {
              refs.current.targetClassId = element;
            }}
            label="Next year's class (optional)"
            hint="Blank: the class map below decides"
            placeholder="As the class map says"
            value={targetClassId}
            onChange={(event) => setTargetClassId(event.target.value)}
            options={targetOptions.map((c) => ({ value: c.id, label: c.name }))}
            error={errors.targetClassId}
          />
        ) : null}
        {choice === "transfer" ? (
          <Field
            ref={(element) => {
              refs.current.transferDestination = element;
            }}
            label="School they are transferring to"
            value={destination}
            onChange={(event) => setDestination(event.target.value)}
            error={errors.transferDestination}
            maxLength={200}
          />
        ) : null}
      </div>
      <ReasonField
        ref={(element) => {
          refs.current.reason = element;
        }}
        value={reason}
        onChange={setReason}
        error={errors.reason}
        optional={choice === "rules"}
      />
      <button type="submit" disabled={pending} className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
        {pending ? "Saving…" : "Change the decision"}
      </button>
    </form>
  );
}

function ReasonField({
  ref,
  value,
  onChange,
  error,
  optional,
}: {
  ref: React.Ref<HTMLTextAreaElement>;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  optional: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Reason{optional ? " (optional)" : ""}
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        Kept with the decision and shown on the run&apos;s record.
      </p>
      <textarea
        ref={ref}
        id={id}
        rows={2}
        maxLength={500}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
