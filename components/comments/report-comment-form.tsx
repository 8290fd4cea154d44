"use client";

// One student's class teacher's or principal's comment: a labelled text box, the comment bank's
// suggestions for the student's average (each "Use" button fills the box), and a save that says how it went.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { saveReportCommentAction } from "@/app/(staff)/teacher/comments/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import type { SaveReportCommentResult } from "@/lib/server/comments/save-report-comment";
import { COMMENT_MAX_LENGTH, type ReportCommentKind, type SaveReportCommentInput, saveReportCommentInput } from "@/lib/validation/comments";

type Props = {
  studentId: string;
  studentName: string;
  termId: string;
  kind: ReportCommentKind;
  label: string;
  initialBody: string;
  suggestions: Array<{ id: string; body: string }>;
  /** The student's card for this term is already published. */
  published: boolean;
};

function describe(result: SaveReportCommentResult): string {
  const next = result.published ? " Already published: the change shows on the report card at the next publish." : "";
  if (result.outcome === "removed") return `Comment removed.${next}`;
  if (result.outcome === "unchanged") return "Nothing to save: the comment is as stored.";
  return `Saved.${next}`;
}

export function ReportCommentForm({ studentId, studentName, termId, kind, label, initialBody, suggestions, published }: Props) {
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    setFocus,
    reset,
    control,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<SaveReportCommentInput, unknown, z.output<typeof saveReportCommentInput>>({
    resolver: zodResolver(saveReportCommentInput),
    defaultValues: { studentId, termId, kind, body: initialBody },
  });
  const length = useWatch({ control, name: "body" })?.length ?? 0;

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await saveReportCommentAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["body"]);
    // What is stored becomes the form's starting point, so "unsaved changes" tracks the next edit.
    reset({ studentId, termId, kind, body: result.data.comment?.body ?? "" });
    setSaved(describe(result.data));
  });

  const applySuggestion = (body: string) => {
    setSaved(null);
    setValue("body", body, { shouldDirty: true });
    setFocus("body");
  };

  const textId = `${id}-body`;
  const describedBy = [`${id}-hint`, errors.body ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2">
      <FormAlert error={errors.root?.message} success={saved} />
      <label htmlFor={textId} className="block text-sm font-medium text-slate-800">
        {label}
        <span className="sr-only"> for {studentName}</span>
      </label>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        Up to {COMMENT_MAX_LENGTH.toLocaleString("en")} characters ({length.toLocaleString("en")} used). Leave it empty and save to remove the comment.
        {published ? " Already published: saving changes the next publish." : ""}
      </p>
      <textarea
        id={textId}
        rows={3}
        aria-invalid={errors.body ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
        {...register("body")}
      />
      {errors.body ? (
        <p id={`${id}-error`} className="text-sm text-red-800">
          {errors.body.message}
        </p>
      ) : null}
      {suggestions.length > 0 ? (
        <div>
          <p className="text-sm font-medium text-slate-700">Suggestions for this average</p>
          <ul className="mt-1 space-y-1">
            {suggestions.map((suggestion) => (
              <li key={suggestion.id} className="flex flex-wrap items-start gap-2 text-sm">
                <button
                  type="button"
                  onClick={() => applySuggestion(suggestion.body)}
                  className="rounded border border-slate-300 bg-white px-2 py-0.5 font-medium hover:bg-slate-100"
                >
                  Use<span className="sr-only"> this suggestion for {studentName}</span>
                </button>
                <span className="min-w-0 flex-1 text-slate-800">{suggestion.body}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          Save<span className="sr-only"> the {label.toLowerCase()} for {studentName}</span>
        </SubmitButton>
        {isDirty ? <span className="text-sm text-amber-800">Unsaved changes</span> : null}
      </div>
    </form>
  );
}
