"use client";

// A level's end-of-year promotion, planned in the browser: the thresholds, where each class goes,
// the counts per outcome (recomputed on every change, nothing saved until asked), every student's
// decision with changes by hand, and the run. lib/domain/promotion-plan does the planning, the
// same function the server runs when it executes, so what is shown is what will happen.
import { useDeferredValue, useId, useMemo, useState, useTransition } from "react";
import { savePromotionClassMapAction, savePromotionRulesAction } from "@/app/(admin)/admin/promotions/actions";
import { FormAlert } from "@/components/forms/form-alert";
import { type PromotionRules } from "@/lib/domain/promotion";
import { type ClassMap, planPromotion } from "@/lib/domain/promotion-plan";
import type { PromotionPreview as PreviewData } from "@/lib/server/promotions/get-promotion-preview";
import { ClassMapEditor, type CurrentClass } from "./class-map";
import { DecisionTable, filterDecisions, type TableView } from "./decision-table";
import { describeCounts, outcomeLabels, outcomeOrder } from "./labels";
import { OverrideForm } from "./override-form";
import { type RulesDraft, draftFromRules, parseDraft, RulesForm, type RulesField, rulesFieldId } from "./rules-form";
import { type RunOutcome, RunPanel } from "./run-panel";

const RULES_ERROR = "Fix the rules first: the preview still shows the last valid rules.";

/**
 * Rendered by the page whether or not the level's run is executed, at the same place, so the run's
 * outcome (kept here) is still shown after the page refreshes into its "promoted" state.
 */
export function PromotionPreview({ preview }: { preview: PreviewData }) {
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const executed = preview.run?.status === "executed";
  return (
    <>
      {/* Only while the run stands: after an undo, "promoted" would be stale news. */}
      {outcome && executed ? <RunOutcomeMessage outcome={outcome} /> : null}
      {executed ? null : <PreviewWorkspace preview={preview} onOutcome={setOutcome} />}
    </>
  );
}

function RunOutcomeMessage({ outcome }: { outcome: RunOutcome }) {
  if (outcome.status === "already_run") {
    return (
      <p role="status" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
        {outcome.message}
      </p>
    );
  }
  const emails = outcome.emailsQueued === 1 ? "1 email" : `${outcome.emailsQueued} emails`;
  return (
    <p role="status" className="mt-4 rounded border border-green-300 bg-green-50 p-3 text-sm text-green-900">
      {describeCounts(outcome.counts)}; {emails} to parents queued.
    </p>
  );
}

function PreviewWorkspace({ preview, onOutcome }: { preview: PreviewData; onOutcome: (outcome: RunOutcome) => void }) {
  const formId = useId();
  const { level, toYear } = preview;

  // The rules: the draft as typed, and the last valid rules, which the plan uses.
  const [draft, setDraft] = useState<RulesDraft>(() => draftFromRules(preview.rules));
  const [rules, setRules] = useState<PromotionRules>(preview.rules);
  const parsed = useMemo(() => parseDraft(draft), [draft]);
  const changeRules = (patch: Partial<RulesDraft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    const checked = parseDraft(next);
    if (checked.rules) setRules(checked.rules);
    setSaveMessage({});
  };
  const [classMap, setClassMap] = useState<ClassMap>(() => preview.run?.classMap ?? {});
  // Each choice is kept on the level's draft run at once, so a reload shows it and the run uses it.
  const [mapMessage, setMapMessage] = useState<{ error?: string; success?: string }>({});
  const changeClassMap = (next: ClassMap) => {
    setClassMap(next);
    setMapMessage({});
    void savePromotionClassMapAction({ classLevelId: level.id, classMap: next, rules }).then((result) =>
      setMapMessage(result.ok ? { success: "Saved." } : { error: [result.error, ...Object.values(result.fieldErrors).flat()].join(" ") }),
    );
  };

  // Typing stays responsive on a level of thousands: the plan follows the inputs a moment later.
  const inputs = useMemo(() => ({ rules, classMap }), [rules, classMap]);
  const planned = useDeferredValue(inputs);
  const plan = useMemo(
    () =>
      planPromotion({
        level: level,
        finalTermSequence: preview.finalTermSequence,
        rounding: preview.rounding,
        students: preview.students,
        nextYearClasses: preview.nextYearClasses,
        overrides: preview.overrides,
        rules: planned.rules,
        classMap: planned.classMap,
      }),
    [level, preview.finalTermSequence, preview.rounding, preview.students, preview.nextYearClasses, preview.overrides, planned],
  );
  const updating = planned !== inputs;

  const subjects = useMemo(() => {
    const names = new Map<string, string>();
    for (const student of preview.students) for (const subject of student.record.subjects) names.set(subject.subjectId, subject.subjectName);
    // A saved rule may name a subject no student of the level takes this year: keep it visible, so it can be unticked.
    for (const subjectId of preview.rules.requiredSubjectIds) if (!names.has(subjectId)) names.set(subjectId, "A subject no student here takes");
    return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  }, [preview.students, preview.rules.requiredSubjectIds]);

  const currentClasses = useMemo(() => {
    const byId = new Map<string, CurrentClass>();
    for (const student of preview.students) if (!byId.has(student.classId)) byId.set(student.classId, { id: student.classId, name: student.className, arm: student.arm });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [preview.students]);

  const info = useMemo(() => {
    const overriddenBy = new Map(preview.overrides.map((o) => [o.studentId, o.overriddenBy]));
    return new Map(preview.students.map((s) => [s.studentId, { admissionNumber: s.admissionNumber, overriddenBy: overriddenBy.get(s.studentId) ?? null }]));
  }, [preview.students, preview.overrides]);
  const classNames = useMemo(() => new Map(preview.nextYearClasses.map((c) => [c.id, c.name])), [preview.nextYearClasses]);

  const [view, setView] = useState<TableView>({ filter: "all", search: "", page: 1 });
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const filtered = useMemo(() => filterDecisions(plan.decisions, view, info), [plan.decisions, view, info]);

  const [saveMessage, setSaveMessage] = useState<{ error?: string; success?: string }>({});
  const [saving, startSaving] = useTransition();
  const saveRules = () => {
    if (!parsed.rules) {
      const first = (["averageBasis", "minimumAverage", "requiredSubjectIds", "maxFailedSubjects", "otherwise"] as RulesField[]).find((f) => parsed.errors[f]);
      setSaveMessage({ error: "Fix the rules before saving them." });
      if (first) document.getElementById(rulesFieldId(formId, first))?.focus();
      return;
    }
    const toSave = parsed.rules;
    startSaving(async () => {
      const result = await savePromotionRulesAction({ classLevelId: level.id, rules: toSave });
      setSaveMessage(
        result.ok
          ? { success: `Saved as ${level.name}'s rules: the next preview of ${level.name} starts from them.` }
          : { error: [result.error, ...Object.values(result.fieldErrors).flat()].join(" ") },
      );
    });
  };

  if (preview.students.length === 0) {
    return <p className="mt-4">No students are enrolled in {level.name} in {preview.fromYear.name}, so there is no one to promote.</p>;
  }

  const countsSentence = `${outcomeOrder
    .filter((outcome) => plan.counts[outcome] > 0)
    .map((outcome) => `${outcomeLabels[outcome]} ${plan.counts[outcome]}`)
    .join(", ")}${plan.withoutClass > 0 ? `; ${plan.withoutClass} without a class` : ""}.`;

  return (
    <>
      <div className="mt-6 grid gap-8 lg:grid-cols-2">
        <section aria-labelledby={`${formId}-rules`}>
          <h3 id={`${formId}-rules`} className="text-lg font-semibold">
            The rules
          </h3>
          <p className="mt-1 text-sm text-slate-700">Changes apply to the preview at once; nothing is saved until you save or run.</p>
          <form
            className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              saveRules();
            }}
          >
            <RulesForm formId={formId} draft={draft} errors={parsed.errors ?? {}} subjects={subjects} onChange={changeRules} />
            <FormAlert error={saveMessage.error} success={saveMessage.success} />
            <button type="submit" disabled={saving} className="rounded border border-slate-400 bg-white px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60">
              {saving ? "Saving…" : `Save as ${level.name}'s rules`}
            </button>
          </form>
        </section>

        <section aria-labelledby={`${formId}-counts`}>
          <h3 id={`${formId}-counts`} className="text-lg font-semibold">
            What happens to {preview.students.length} students
          </h3>
          <dl aria-busy={updating || undefined} className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3">
            {outcomeOrder
              .filter((outcome) => outcome !== (level.isFinal ? "promote" : "graduate") || plan.counts[outcome] > 0)
              .map((outcome) => (
                <div key={outcome} className={`rounded-lg border bg-white p-3 ${outcome === "review" && plan.counts.review > 0 ? "border-red-300" : "border-slate-200"}`}>
                  <dt className="text-sm text-slate-600">{outcomeLabels[outcome]}</dt>
                  <dd className="mt-1 text-2xl font-semibold tabular-nums">{plan.counts[outcome]}</dd>
                </div>
              ))}
            <div className={`rounded-lg border bg-white p-3 ${plan.withoutClass > 0 ? "border-red-300" : "border-slate-200"}`}>
              <dt className="text-sm text-slate-600">Without a class</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{plan.withoutClass}</dd>
            </div>
          </dl>
          {/* Announced once the counts settle, politely: the visible figures above change on every keystroke. */}
          <p aria-live="polite" className="sr-only">
            {updating ? "" : countsSentence}
          </p>
          {parsed.errors ? (
            <p className="mt-3 text-sm text-amber-900">The rules have a mistake; the counts are those of the last valid rules.</p>
          ) : null}
          {plan.awaitingReview > 0 ? (
            <p className="mt-3 text-sm text-red-900">
              {plan.awaitingReview === 1 ? "1 student needs" : `${plan.awaitingReview} students need`} a decision by hand (marked review) before the run.
            </p>
          ) : null}
        </section>
      </div>

      <section aria-labelledby={`${formId}-map`} className="mt-8">
        <h3 id={`${formId}-map`} className="text-lg font-semibold">
          Next year&apos;s classes
        </h3>
        {toYear ? (
          <ClassMapEditor
            currentClasses={currentClasses}
            nextYearClasses={preview.nextYearClasses}
            level={level}
            toYearName={toYear.name}
            classMap={classMap}
            onChange={changeClassMap}
          />
        ) : (
          <p className="mt-2 text-sm">There is no next academic year yet, so there are no classes to move into.</p>
        )}
        <div className="mt-2">
          <FormAlert error={mapMessage.error} success={mapMessage.success} />
        </div>
        {plan.capacity.length > 0 ? (
          <div className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <p className="font-medium">Over capacity</p>
            <ul aria-label="Classes over capacity" className="mt-1 list-disc space-y-1 pl-6">
              {plan.capacity.map((c) => (
                <li key={c.classId}>
                  {c.name} would have {c.wouldHave} students, over its {c.capacity} places.
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby={`${formId}-students`} className="mt-8">
        <h3 id={`${formId}-students`} className="text-lg font-semibold">
          Students
        </h3>
        <div className="mt-3">
          <OverrideForm
            classLevelId={level.id}
            level={level}
            nextYearClasses={preview.nextYearClasses}
            selectedIds={[...selected]}
            rules={parsed.rules}
            rulesError={RULES_ERROR}
            onSaved={() => setSelected(new Set())}
          />
        </div>
        <DecisionTable
          decisions={plan.decisions}
          filtered={filtered}
          view={view}
          onViewChange={setView}
          selected={selected}
          onSelectedChange={setSelected}
          info={info}
          classNames={classNames}
        />
      </section>

      <section aria-labelledby={`${formId}-run`} className="mt-8">
        <h3 id={`${formId}-run`} className="text-lg font-semibold">
          Run the promotion
        </h3>
        <RunPanel
          classLevelId={level.id}
          levelName={level.name}
          toYearName={toYear?.name ?? null}
          plan={plan}
          rules={parsed.rules}
          rulesError={RULES_ERROR}
          classMap={classMap}
          onOutcome={onOutcome}
        />
      </section>
    </>
  );
}
