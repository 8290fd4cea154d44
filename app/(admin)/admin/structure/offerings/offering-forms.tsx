"use client";

// The forms of the subject-offering planner: add a subject to a class, assign a teacher, and offer
// subjects to every class of a level at once.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { SelectField } from "@/components/ui/select-field";
import {
  type OfferingInput,
  offeringSchema,
  type OfferingTeacherInput,
  offeringTeacherSchema,
  type OfferToLevelInput,
  offerToLevelSchema,
} from "@/lib/validation/school";
import { addOfferingAction, assignOfferingTeacherAction, offerSubjectsToLevelAction } from "./actions";

type Option = { value: string; label: string };

const countOf = (n: number, singular: string, plural = `${singular}s`) => `${n} ${n === 1 ? singular : plural}`;

export function AddOfferingForm({ classId, termId, subjects, teachers }: { classId: string; termId: string; subjects: Option[]; teachers: Option[] }) {
  const [saved, setSaved] = useState<string | null>(null);
  const blank: OfferingInput = { classId, termId, subjectId: "", teacherIds: [] };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<OfferingInput, unknown, z.output<typeof offeringSchema>>({ resolver: zodResolver(offeringSchema), defaultValues: blank });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await addOfferingAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["subjectId", "teacherIds", "termId", "classId"]);
    reset(blank);
    setSaved(result.data.created ? "Subject added." : "That subject was already offered; its teachers are updated.");
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message ?? errors.termId?.message ?? errors.classId?.message} success={saved} />
      <SelectField label="Subject" placeholder="Choose a subject" options={subjects} error={errors.subjectId?.message} {...register("subjectId")} />
      <SelectField
        label="Teacher (optional)"
        placeholder="Assign later"
        options={teachers}
        error={errors.teacherIds?.message ?? errors.teacherIds?.[0]?.message}
        // One teacher here; more can be assigned on the subject's row.
        {...register("teacherIds", { setValueAs: (value: unknown) => (Array.isArray(value) ? value : value ? [value] : []) })}
      />
      <SubmitButton pending={isSubmitting} pendingText="Adding…">
        Add subject
      </SubmitButton>
    </form>
  );
}

export function AssignTeacherForm({ offeringId, subjectName, teachers }: { offeringId: string; subjectName: string; teachers: Option[] }) {
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<OfferingTeacherInput, unknown, z.output<typeof offeringTeacherSchema>>({
    resolver: zodResolver(offeringTeacherSchema),
    defaultValues: { offeringId, educatorId: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    const result = await assignOfferingTeacherAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["educatorId"]);
    reset({ offeringId, educatorId: "" });
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-2">
      <SelectField
        label={`Add a teacher for ${subjectName}`}
        className="min-w-48 [&>label]:sr-only"
        placeholder="Add a teacher…"
        options={teachers}
        error={errors.educatorId?.message ?? errors.root?.message}
        {...register("educatorId")}
      />
      <button type="submit" disabled={isSubmitting} className="rounded border border-slate-300 bg-white px-2 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60">
        {isSubmitting ? "Assigning…" : "Assign"}
      </button>
    </form>
  );
}

export function OfferToLevelForm({ termId, termName, levels, subjects }: { termId: string; termName: string; levels: Option[]; subjects: Option[] }) {
  const [saved, setSaved] = useState<string | null>(null);
  const blank: OfferToLevelInput = { termId, classLevelId: "", subjectIds: [] };
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<OfferToLevelInput, unknown, z.output<typeof offerToLevelSchema>>({ resolver: zodResolver(offerToLevelSchema), defaultValues: blank });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await offerSubjectsToLevelAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["classLevelId", "subjectIds", "termId"]);
    reset(blank);
    const r = result.data;
    const added = `${countOf(r.created, "subject offering")} added across ${countOf(r.classes, "class", "classes")} of ${r.levelName} for ${r.termName}`;
    setSaved(r.alreadyOffered > 0 ? `${added}; ${r.alreadyOffered} already existed.` : `${added}.`);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message ?? errors.termId?.message} success={saved} />
      <SelectField label="Level" placeholder="Choose a level" options={levels} error={errors.classLevelId?.message} {...register("classLevelId")} />
      <fieldset aria-describedby={errors.subjectIds ? "offer-subjects-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Subjects to offer every class of the level in {termName}</legend>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {subjects.map((subject) => (
            <label key={subject.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={subject.value} className="h-4 w-4" {...register("subjectIds")} />
              {subject.label}
            </label>
          ))}
        </div>
        {errors.subjectIds ? (
          <p id="offer-subjects-error" className="mt-1 text-sm text-red-800">
            {errors.subjectIds.message ?? errors.subjectIds[0]?.message}
          </p>
        ) : null}
      </fieldset>
      <SubmitButton pending={isSubmitting} pendingText="Offering…">
        Offer to every class
      </SubmitButton>
    </form>
  );
}
