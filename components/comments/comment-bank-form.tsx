"use client";

// Adding a comment to the bank, or changing one: who it is for, its text, the band of averages it is
// suggested for, and whether it is suggested at all.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { saveCommentBankEntryAction } from "@/app/(admin)/admin/comment-bank/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import {
  COMMENT_MAX_LENGTH,
  type CommentBankEntryInput,
  type CommentBankEntryValues,
  commentBankEntryInput,
  type ReportCommentKind,
  reportCommentKindLabels,
  reportCommentKinds,
} from "@/lib/validation/comments";

type Entry = { id: string; kind: ReportCommentKind; body: string; minAverage: string | null; maxAverage: string | null; isActive: boolean };

const blank: CommentBankEntryInput = { id: "", kind: "class_teacher", body: "", minAverage: "", maxAverage: "", isActive: true };

export function CommentBankForm({ entry }: { entry?: Entry }) {
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<CommentBankEntryInput, unknown, CommentBankEntryValues>({
    resolver: zodResolver(commentBankEntryInput),
    defaultValues: entry ? { ...entry, minAverage: entry.minAverage ?? "", maxAverage: entry.maxAverage ?? "" } : blank,
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await saveCommentBankEntryAction(values);
    if (!result.ok) return applyServerErrors(result, setError, ["kind", "body", "minAverage", "maxAverage", "isActive"]);
    if (entry) {
      setSaved(result.data.outcome === "unchanged" ? "Nothing to save: the entry is as stored." : "Saved.");
    } else {
      reset(blank);
      setSaved(result.data.outcome === "unchanged" ? "That comment is already in the bank with the same band." : "Added to the bank.");
    }
  });

  const bodyId = `${id}-body`;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <SelectField
        label="Whose comment"
        options={reportCommentKinds.map((kind) => ({ value: kind, label: reportCommentKindLabels[kind] }))}
        error={errors.kind?.message}
        {...register("kind")}
      />
      <div>
        <label htmlFor={bodyId} className="block text-sm font-medium text-slate-800">
          Comment
        </label>
        <p id={`${bodyId}-hint`} className="text-sm text-slate-600">
          Up to {COMMENT_MAX_LENGTH.toLocaleString("en")} characters, as it should read on a report card.
        </p>
        <textarea
          id={bodyId}
          rows={3}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={[`${bodyId}-hint`, errors.body ? `${bodyId}-error` : null].filter(Boolean).join(" ")}
          className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 aria-[invalid]:border-red-700"
          {...register("body")}
        />
        {errors.body ? (
          <p id={`${bodyId}-error`} className="mt-1 text-sm text-red-800">
            {errors.body.message}
          </p>
        ) : null}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Suggested for term averages</legend>
        <p className="text-sm text-slate-600">From 0 to 100, both included. Leave a bound empty for no limit on that side.</p>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Lowest average" inputMode="decimal" autoComplete="off" error={errors.minAverage?.message} {...register("minAverage")} />
          <Field label="Highest average" inputMode="decimal" autoComplete="off" error={errors.maxAverage?.message} {...register("maxAverage")} />
        </div>
      </fieldset>
      <div className="flex items-center gap-2">
        <input id={`${id}-active`} type="checkbox" className="h-4 w-4" {...register("isActive")} />
        <label htmlFor={`${id}-active`} className="text-sm text-slate-800">
          Suggest this comment to teachers (active)
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          {entry ? "Save comment" : "Add to the bank"}
        </SubmitButton>
        {entry ? (
          <Link href="/admin/comment-bank" className="text-sm text-blue-800 underline">
            Cancel editing
          </Link>
        ) : null}
      </div>
    </form>
  );
}
