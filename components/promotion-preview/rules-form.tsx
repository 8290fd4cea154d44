"use client";

// The promotion thresholds as the administrator types them. Every change is checked against the
// same schema the server uses; a valid draft replaces the rules the preview plans with at once,
// an invalid one shows its message at the field and the preview keeps the last valid rules.
import { useId } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { type PromotionRules, promotionRulesSchema } from "@/lib/domain/promotion";

export type RulesDraft = {
  averageBasis: string;
  minimumAverage: string;
  requiredSubjectIds: string[];
  /** "" = no limit. */
  maxFailedSubjects: string;
  otherwise: string;
};

export type RulesField = keyof RulesDraft;

export const draftFromRules = (rules: PromotionRules): RulesDraft => ({
  averageBasis: rules.averageBasis,
  minimumAverage: rules.minimumAverage,
  requiredSubjectIds: [...rules.requiredSubjectIds],
  maxFailedSubjects: rules.maxFailedSubjects === null ? "" : String(rules.maxFailedSubjects),
  otherwise: rules.otherwise,
});

/** The draft's rules, or each field's first message. */
export function parseDraft(draft: RulesDraft): { rules: PromotionRules; errors: null } | { rules: null; errors: Partial<Record<RulesField, string>> } {
  const result = promotionRulesSchema.safeParse(draft);
  if (result.success) return { rules: result.data, errors: null };
  const errors: Partial<Record<RulesField, string>> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "minimumAverage") as RulesField;
    errors[field] ??= issue.message;
  }
  return { rules: null, errors };
}

/** Ids of the rules' inputs, so a failed save can move focus to the first field to fix. */
export const rulesFieldId = (formId: string, field: RulesField) => `${formId}-${field}`;

export function RulesForm({
  formId,
  draft,
  errors,
  subjects,
  onChange,
}: {
  formId: string;
  draft: RulesDraft;
  errors: Partial<Record<RulesField, string>>;
  subjects: ReadonlyArray<{ id: string; name: string }>;
  onChange: (patch: Partial<RulesDraft>) => void;
}) {
  const requiredHint = useId();
  const toggleSubject = (id: string, checked: boolean) =>
    onChange({ requiredSubjectIds: checked ? [...draft.requiredSubjectIds, id] : draft.requiredSubjectIds.filter((s) => s !== id) });
  return (
    <div className="space-y-4">
      <SelectField
        id={rulesFieldId(formId, "averageBasis")}
        label="Which average decides"
        value={draft.averageBasis}
        onChange={(event) => onChange({ averageBasis: event.target.value })}
        error={errors.averageBasis}
        options={[
          { value: "year_average", label: "The year's average (the mean of the term averages)" },
          { value: "final_term", label: "The final term's average" },
        ]}
      />
      <Field
        id={rulesFieldId(formId, "minimumAverage")}
        label="Minimum average to move up"
        hint="A number from 0 to 100, like 40 or 47.5"
        inputMode="decimal"
        autoComplete="off"
        value={draft.minimumAverage}
        onChange={(event) => onChange({ minimumAverage: event.target.value })}
        error={errors.minimumAverage}
      />
      <fieldset aria-describedby={requiredHint}>
        <legend className="text-sm font-medium text-slate-800">Subjects that must be passed</legend>
        <p id={requiredHint} className="text-sm text-slate-600">
          {subjects.length === 0 ? "No subject results yet for this level." : "Each ticked subject's year average must reach its pass mark."}
        </p>
        {subjects.length > 0 ? (
          <ul id={rulesFieldId(formId, "requiredSubjectIds")} tabIndex={-1} className="mt-2 grid gap-1 sm:grid-cols-2">
            {subjects.map((subject) => (
              <li key={subject.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="h-4 w-4"
                    checked={draft.requiredSubjectIds.includes(subject.id)}
                    onChange={(event) => toggleSubject(subject.id, event.target.checked)}
                  />
                  {subject.name}
                </label>
              </li>
            ))}
          </ul>
        ) : null}
        {errors.requiredSubjectIds ? <p className="mt-1 text-sm text-red-800">{errors.requiredSubjectIds}</p> : null}
      </fieldset>
      <Field
        id={rulesFieldId(formId, "maxFailedSubjects")}
        label="Most subjects a student may fail"
        hint="Leave blank for no limit"
        inputMode="numeric"
        autoComplete="off"
        value={draft.maxFailedSubjects}
        onChange={(event) => onChange({ maxFailedSubjects: event.target.value })}
        error={errors.maxFailedSubjects}
      />
      <SelectField
        id={rulesFieldId(formId, "otherwise")}
        label="A student who doesn't meet the rules"
        value={draft.otherwise}
        onChange={(event) => onChange({ otherwise: event.target.value })}
        error={errors.otherwise}
        options={[
          { value: "review", label: "Is marked review: a person decides" },
          { value: "repeat", label: "Repeats the level" },
        ]}
      />
    </div>
  );
}
