"use client";

// The office's changes on a student's page: class, status, electives and the guardian links.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { relationshipLabels } from "@/components/students/labels";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { ClassOption } from "@/lib/server/students/get-student-form-options";
import type { GuardianMatch } from "@/lib/server/students/find-guardians";
import {
  type AddGuardianLinkInput,
  addGuardianLinkSchema,
  type ChangeStudentStatusInput,
  changeStudentStatusSchema,
  type MoveStudentClassInput,
  moveStudentClassSchema,
  todayIso,
} from "@/lib/validation/students";
import {
  addGuardianLinkAction,
  changeStudentStatusAction,
  moveStudentClassAction,
  removeGuardianLinkAction,
  setElectivesAction,
  setPrimaryGuardianAction,
} from "../actions";
import { ClassSelect } from "../bulk-actions";

const formBox = "mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4";

const leavingStatuses = [
  { value: "graduated", label: "Graduated" },
  { value: "withdrawn", label: "Withdrawn" },
  { value: "transferred", label: "Transferred to another school" },
];

/** "Ngozi Okafor — ngozi@family.test, 0803 123 4567 (2 children)": enough to tell two namesakes apart. */
function guardianOptionLabel(g: GuardianMatch): string {
  const contact = g.email || g.phone ? ` — ${[g.email, g.phone].filter(Boolean).join(", ")}` : "";
  const children = g.children ? ` (${g.children} child${g.children === 1 ? "" : "ren"})` : "";
  return `${g.name}${contact}${children}`;
}

export function MoveClassForm({ studentId, currentClassId, classes }: { studentId: string; currentClassId: string | null; classes: ClassOption[] }) {
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<MoveStudentClassInput, unknown, z.output<typeof moveStudentClassSchema>>({
    resolver: zodResolver(moveStudentClassSchema),
    defaultValues: { studentId, classId: currentClassId ?? "", reason: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await moveStudentClassAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["classId", "reason"]);
    setSaved(result.data.changed ? `Moved to ${result.data.className}. The old class stays in the history.` : "They are already in that class.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className={formBox}>
      <FormAlert error={formState.errors.root?.message} success={saved} />
      <ClassSelect id={`${id}-class`} label="Class this year" classes={classes} error={formState.errors.classId?.message} {...register("classId")} />
      <Field label="Reason (optional)" error={formState.errors.reason?.message} {...register("reason")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Moving…">
        Move to this class
      </SubmitButton>
    </form>
  );
}

export function StatusForm({ studentId, status, classes }: { studentId: string; status: string; classes: ClassOption[] }) {
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const active = status === "active";
  const { register, handleSubmit, setError, control, formState } = useForm<ChangeStudentStatusInput, unknown, z.output<typeof changeStudentStatusSchema>>({
    resolver: zodResolver(changeStudentStatusSchema),
    defaultValues: { studentId, status: (active ? "" : "active") as "active", date: todayIso(), reason: "", classId: "" },
  });
  const chosen = useWatch({ control, name: "status" });
  const errors = formState.errors;
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await changeStudentStatusAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["status", "date", "reason", "classId"]);
    setSaved(result.data.changed ? "Saved." : "Nothing changed: that is already their status.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className={formBox}>
      <FormAlert error={errors.root?.message} success={saved} />
      {active ? (
        <SelectField
          id={`${id}-status`}
          label="What happened"
          placeholder="Choose"
          options={leavingStatuses}
          error={errors.status?.message}
          {...register("status")}
        />
      ) : (
        <>
          <p className="text-sm text-slate-700">Bring this student back: they rejoin a class of this year.</p>
          {errors.status ? <p className="text-sm text-red-800">{errors.status.message}</p> : null}
        </>
      )}
      {chosen === "active" ? (
        <ClassSelect id={`${id}-class`} label="Class they return to" classes={classes} error={errors.classId?.message} {...register("classId")} />
      ) : null}
      <Field label="Date" type="date" max={todayIso()} error={errors.date?.message} {...register("date")} />
      <Field label="Reason" hint="Kept in the record and the audit trail" error={errors.reason?.message} {...register("reason")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
        {active ? "Record that they left" : "Reactivate"}
      </SubmitButton>
    </form>
  );
}

export function ElectivesForm({
  studentId,
  subjects,
  chosen,
}: {
  studentId: string;
  subjects: Array<{ id: string; code: string; name: string }>;
  chosen: string[];
}) {
  const id = useId();
  const [selected, setSelected] = useState<string[]>(chosen);
  const [outcome, setOutcome] = useState<{ error?: string; problems?: string[]; success?: string }>({});
  const [pending, startTransition] = useTransition();
  const toggle = (subjectId: string, on: boolean) => setSelected((current) => (on ? [...current, subjectId] : current.filter((s) => s !== subjectId)));
  return (
    <form
      noValidate
      className={formBox}
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await setElectivesAction({ studentId, subjectIds: selected });
          if (result.ok) setOutcome({ success: result.data.changed ? "Saved." : "Nothing had changed." });
          else setOutcome({ error: result.error, problems: result.fieldErrors.subjectIds });
        });
      }}
    >
      <FormAlert error={outcome.error} success={outcome.success} />
      <fieldset aria-describedby={outcome.problems?.length ? `${id}-problems` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Electives this year</legend>
        {subjects.length === 0 ? <p className="text-sm text-slate-700">The school has no elective subjects.</p> : null}
        <div className="mt-2 space-y-2">
          {subjects.map((s) => (
            <label key={s.id} className="flex items-center gap-2">
              <input type="checkbox" className="h-4 w-4" checked={selected.includes(s.id)} onChange={(event) => toggle(s.id, event.target.checked)} />
              {s.name}
            </label>
          ))}
        </div>
        {outcome.problems?.length ? (
          <ul id={`${id}-problems`} className="mt-2 list-disc pl-5 text-sm text-red-800">
            {outcome.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </fieldset>
      <SubmitButton pending={pending} pendingText="Saving…">
        Save electives
      </SubmitButton>
    </form>
  );
}

export function AddGuardianForm({ studentId, matches, searched }: { studentId: string; matches: GuardianMatch[]; searched: boolean }) {
  const id = useId();
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<AddGuardianLinkInput, unknown, z.output<typeof addGuardianLinkSchema>>({
    resolver: zodResolver(addGuardianLinkSchema),
    defaultValues: { studentId, guardianId: matches.length === 1 ? matches[0]!.id : "", relationship: "" as "guardian", isPrimaryContact: false },
  });
  const errors = formState.errors;
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await addGuardianLinkAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["guardianId", "relationship", "isPrimaryContact"]);
    setSaved(result.data.changed ? `Linked ${result.data.guardianName}${result.data.isPrimaryContact ? " as the primary contact" : ""}.` : `${result.data.guardianName} was already linked.`);
  });
  if (!searched) return null;
  if (matches.length === 0) return <p className="mt-3 text-sm text-slate-700">No parent or guardian on record matches. Add them on the Guardians page first.</p>;
  return (
    <form onSubmit={onSubmit} noValidate className={formBox}>
      <FormAlert error={errors.root?.message} success={saved} />
      <SelectField
        id={`${id}-guardian`}
        label="Parent or guardian"
        placeholder={`Choose from ${matches.length} found`}
        options={matches.map((g) => ({ value: g.id, label: guardianOptionLabel(g) }))}
        error={errors.guardianId?.message}
        {...register("guardianId")}
      />
      <SelectField
        id={`${id}-relationship`}
        label="Relationship to the student"
        placeholder="Choose"
        options={Object.entries(relationshipLabels).map(([value, label]) => ({ value, label }))}
        error={errors.relationship?.message}
        {...register("relationship")}
      />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1 h-4 w-4" {...register("isPrimaryContact")} />
        <span>
          Make them the primary contact
          <span className="block text-slate-600">The school calls the primary contact first. The first guardian linked becomes it anyway.</span>
        </span>
      </label>
      <SubmitButton pending={formState.isSubmitting} pendingText="Linking…">
        Link to this student
      </SubmitButton>
    </form>
  );
}

/** Beside each linked guardian: make them the primary contact, or remove the link (asked twice for the last one). */
export function GuardianLinkActions({ studentId, guardianId, name, isPrimaryContact }: { studentId: string; guardianId: string; name: string; isPrimaryContact: boolean }) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ error?: string; confirm?: string; success?: string }>({});
  const remove = (confirm: boolean) =>
    startTransition(async () => {
      const result = await removeGuardianLinkAction({ studentId, guardianId, confirm });
      if (result.ok) setOutcome({ success: result.data.newPrimaryContact ? `Removed. ${result.data.newPrimaryContact.name} is now the primary contact.` : "Removed." });
      else if (result.fieldErrors.confirm) setOutcome({ confirm: result.fieldErrors.confirm[0] });
      else setOutcome({ error: result.error });
    });
  const button = "rounded border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-blue-700";
  return (
    <div className="mt-2 space-y-2">
      <FormAlert error={outcome.error} success={outcome.success} />
      {outcome.confirm ? (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          {outcome.confirm}
          <div className="mt-2 flex gap-2">
            <button type="button" className={button} disabled={pending} onClick={() => remove(true)}>
              Remove anyway
            </button>
            <button type="button" className={button} disabled={pending} onClick={() => setOutcome({})}>
              Keep the link
            </button>
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {isPrimaryContact ? null : (
          <button
            type="button"
            className={button}
            disabled={pending}
            aria-label={`Make ${name} the primary contact`}
            onClick={() =>
              startTransition(async () => {
                const result = await setPrimaryGuardianAction({ studentId, guardianId });
                setOutcome(result.ok ? { success: `${name} is now the primary contact.` } : { error: result.error });
              })
            }
          >
            Make primary contact
          </button>
        )}
        <button type="button" className={button} disabled={pending} aria-label={`Remove the link to ${name}`} onClick={() => remove(false)}>
          Remove link
        </button>
      </div>
    </div>
  );
}
