"use client";

// The assessment scheme editor: name, what it applies to, and its components with a live sum of the weights.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { saveAssessmentSchemeAction } from "@/app/(admin)/admin/gradebook/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { add, compare, type Fraction, parseDecimal, toPlainString, ZERO } from "@/lib/domain/decimal";
import { type AssessmentSchemeInput, assessmentSchemeSchema, type AssessmentSchemeValues, type SchemeComponentInput } from "@/lib/validation/gradebook-settings";
import { placeServerErrors } from "./place-errors";
import { RowButtons, rowButtonClass } from "./row-buttons";

type Choice = { id: string; name: string };

export type SchemeFormScheme = {
  id: string;
  name: string;
  classLevelId: string | null;
  subjectId: string | null;
  termId: string | null;
  scope: string;
  components: Array<{ code: string; name: string; maxScore: string; weight: string; scores: number; highestScore: string | null }>;
  /** "12 classes already have scores against this scheme"; null when nothing depends on it. */
  usage: string | null;
};

const MAX_COMPONENTS = 10;
const HUNDRED = parseDecimal("100");
const emptyComponent: SchemeComponentInput = { code: "", name: "", maxScore: "", weight: "" };

/** The sum of the weights typed so far; ones that aren't numbers yet are counted separately. */
function sumWeights(components: ReadonlyArray<{ weight?: string | number }> | undefined): { sum: Fraction; unreadable: number } {
  let sum = ZERO;
  let unreadable = 0;
  for (const component of components ?? []) {
    const text = String(component.weight ?? "").trim();
    if (!/^\d+(\.\d+)?$/.test(text)) {
      if (text !== "") unreadable++;
      continue;
    }
    sum = add(sum, parseDecimal(text));
  }
  return { sum, unreadable };
}

export function SchemeForm({ scheme, choices }: { scheme?: SchemeFormScheme; choices: { levels: Choice[]; subjects: Choice[]; terms: Choice[] } }) {
  // Once a new scheme is saved, further saves change it rather than making another.
  const [savedId, setSavedId] = useState<string | null>(scheme?.id ?? null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirmMessage, setConfirmMessage] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<AssessmentSchemeInput, unknown, AssessmentSchemeValues>({
    resolver: zodResolver(assessmentSchemeSchema),
    defaultValues: {
      id: scheme?.id ?? "",
      name: scheme?.name ?? "",
      classLevelId: scheme?.classLevelId ?? "",
      subjectId: scheme?.subjectId ?? "",
      termId: scheme?.termId ?? "",
      components: scheme?.components.map(({ code, name, maxScore, weight }) => ({ code, name, maxScore, weight })) ?? [{ ...emptyComponent }],
      confirmInUse: false,
    },
  });
  const { fields, append, remove, move } = useFieldArray({ control, name: "components" });
  const typed = useWatch({ control, name: "components" });
  const { sum, unreadable } = sumWeights(typed);
  const sumIsRight = unreadable === 0 && compare(sum, HUNDRED) === 0;
  const stored = new Map((scheme?.components ?? []).map((component) => [component.code.toLowerCase(), component]));
  const inUse = Boolean(scheme?.usage);

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await saveAssessmentSchemeAction({ ...values, id: savedId });
    if (!result.ok) {
      placeServerErrors(result, setError, {
        fields: /^(name|classLevelId|subjectId|termId|components\.\d+\.(code|name|maxScore|weight))$/,
        groups: ["scope", "components"],
        handlers: { confirmInUse: setConfirmMessage },
      });
      return;
    }
    setSavedId(result.data.id);
    setConfirmMessage(null);
    setValue("confirmInUse", false);
    const what = result.data.changed ? `Saved "${result.data.name}".` : "Nothing had changed.";
    setSaved([what, result.data.notice].filter(Boolean).join(" "));
  });

  const listError = errors.root?.components?.message ?? errors.components?.root?.message ?? errors.components?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-4xl space-y-6 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      {scheme?.usage ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          In use: {scheme.usage}. What it applies to can&apos;t change, components with scores can&apos;t be removed, and you will be
          asked to confirm any other change to its components.
        </p>
      ) : null}

      <Field label="Name" hint="As teachers see it, like JSS 1 continuous assessment" className="max-w-md" error={errors.name?.message} {...register("name")} />

      <fieldset aria-describedby="scheme-scope-hint" className="space-y-3">
        <legend className="text-base font-semibold">Applies to</legend>
        <p id="scheme-scope-hint" className="text-sm text-slate-600">
          Leave all three on &ldquo;Any&rdquo; for the school default. Where several schemes fit a subject, the most specific one is used:
          one for a term before one for a subject, one for a subject before one for a level.
        </p>
        {inUse && scheme ? (
          <p className="text-sm font-medium">{scheme.scope}</p>
        ) : (
          <div className="grid gap-4 sm:grid-cols-3">
            <SelectField label="Class level" placeholder="Any level" options={choices.levels.map(toOption)} error={errors.classLevelId?.message} {...register("classLevelId")} />
            <SelectField label="Subject" placeholder="Any subject" options={choices.subjects.map(toOption)} error={errors.subjectId?.message} {...register("subjectId")} />
            <SelectField label="Term" placeholder="Any term" options={choices.terms.map(toOption)} error={errors.termId?.message} {...register("termId")} />
          </div>
        )}
        {errors.root?.scope?.message ? (
          <p role="alert" className="text-sm text-red-800">
            {errors.root.scope.message}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold">Components</legend>
        <p className="text-sm text-slate-600">
          What teachers enter scores for, in the order of the grade sheet. Each score counts towards the subject total by its weight.
        </p>
        <ol className="space-y-3">
          {fields.map((field, index) => {
            const code = String(typed?.[index]?.code ?? "").trim();
            const before = stored.get(code.toLowerCase());
            const rowName = `component ${index + 1}${code ? ` (${code})` : ""}`;
            const rowErrors = errors.components?.[index];
            return (
              <li key={field.id} className="rounded border border-slate-200 p-3">
                <fieldset>
                  <legend className="text-sm font-medium text-slate-700">Component {index + 1}</legend>
                  <div className="mt-2 grid items-start gap-3 sm:grid-cols-[7rem_1fr_8rem_8rem_auto]">
                    <Field label="Code" hint="Like CA1" error={rowErrors?.code?.message} {...register(`components.${index}.code`)} />
                    <Field label="Name" hint="Like First test" error={rowErrors?.name?.message} {...register(`components.${index}.name`)} />
                    <Field
                      label="Maximum score"
                      inputMode="decimal"
                      hint={before && before.highestScore ? `Highest entered: ${before.highestScore}` : "Out of"}
                      error={rowErrors?.maxScore?.message}
                      {...register(`components.${index}.maxScore`)}
                    />
                    <Field label="Weight (%)" inputMode="decimal" hint="Share of the total" error={rowErrors?.weight?.message} {...register(`components.${index}.weight`)} />
                    <RowButtons rowName={rowName} index={index} count={fields.length} onMove={move} onRemove={remove} canRemove={fields.length > 1} />
                  </div>
                  {before && before.scores > 0 ? (
                    <p className="mt-1 text-sm text-slate-600">
                      {before.scores} {before.scores === 1 ? "score has" : "scores have"} been entered for {before.code}: it can&apos;t be removed.
                    </p>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div className="flex flex-wrap items-center gap-4">
          <button type="button" className={rowButtonClass} disabled={fields.length >= MAX_COMPONENTS} onClick={() => append({ ...emptyComponent })}>
            Add a component
          </button>
          <p aria-live="polite" className={sumIsRight ? "text-sm font-medium text-green-800" : "text-sm font-medium text-amber-900"}>
            Weights add up to {toPlainString(sum)} of 100
            {unreadable > 0 ? ` (not counting ${unreadable} that ${unreadable === 1 ? "isn't a number" : "aren't numbers"} yet)` : ""}
          </p>
        </div>
        {listError ? (
          <p role="alert" className="text-sm text-red-800">
            {listError}
          </p>
        ) : null}
      </fieldset>

      {confirmMessage ? (
        <div role="alert" className="space-y-2 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">This scheme is in use. {confirmMessage}</p>
          <label className="flex items-start gap-2">
            <input type="checkbox" className="mt-0.5 h-4 w-4" {...register("confirmInUse")} />
            I understand; save the changes to this scheme anyway
          </label>
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          Save scheme
        </SubmitButton>
        <Link href="/admin/gradebook" className="text-sm text-blue-800 underline">
          Back to gradebook settings
        </Link>
      </div>
    </form>
  );
}

const toOption = (choice: Choice) => ({ value: choice.id, label: choice.name });
