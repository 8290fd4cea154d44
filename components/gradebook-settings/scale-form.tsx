"use client";

// The grade scale editor: level, pass mark, rounding, and the bands, each showing the range it covers.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { saveGradeScaleAction } from "@/app/(admin)/admin/gradebook/actions";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { roundingModes, withUpperBounds } from "@/lib/domain/grading";
import { type GradeBandInput, type GradeScaleInput, gradeScaleSchema, type GradeScaleValues, roundingPlaceChoices } from "@/lib/validation/gradebook-settings";
import { roundingModeLabels, roundingPlaceLabels } from "./labels";
import { placeServerErrors } from "./place-errors";
import { RowButtons, rowButtonClass } from "./row-buttons";

export type ScaleFormScale = {
  id: string;
  name: string;
  classLevelId: string | null;
  passMark: string;
  roundingMode: GradeScaleInput["roundingMode"];
  roundingPlaces: 0 | 1 | 2;
  bands: Array<{ letter: string; minScore: string; points: string; remark: string }>;
};

const MAX_BANDS = 20;
const emptyBand: GradeBandInput = { letter: "", minScore: "", points: "", remark: "" };
const minimumPattern = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * What each band covers, by row: "up to" the next band's minimum less 0.01, the top band up to 100.
 * Shown only once every minimum is a distinct number from 0 to 100, since before that the ranges
 * aren't decided. withUpperBounds sorts the bands, so each row's number rides along as its letter.
 */
function upperBoundsByRow(bands: ReadonlyArray<{ minScore?: string | number }> | undefined): Array<string | null> {
  const minimums = (bands ?? []).map((band) => String(band.minScore ?? "").trim());
  const readable = minimums.every((min) => minimumPattern.test(min) && Number(min) <= 100);
  if (!readable || new Set(minimums.map(Number)).size !== minimums.length) return minimums.map(() => null);
  const bounded = withUpperBounds(minimums.map((minScore, row) => ({ letter: String(row), minScore, points: "0", remark: "" })));
  const byRow = new Map(bounded.map((band) => [Number(band.letter), band.maxScore]));
  return minimums.map((_, row) => byRow.get(row) ?? null);
}

export function ScaleForm({ scale, levels }: { scale?: ScaleFormScale; levels: Array<{ id: string; name: string }> }) {
  const [savedId, setSavedId] = useState<string | null>(scale?.id ?? null);
  const [saved, setSaved] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<GradeScaleInput, unknown, GradeScaleValues>({
    resolver: zodResolver(gradeScaleSchema),
    defaultValues: {
      id: scale?.id ?? "",
      name: scale?.name ?? "",
      classLevelId: scale?.classLevelId ?? "",
      passMark: scale?.passMark ?? "40",
      roundingMode: scale?.roundingMode ?? "half_up",
      roundingPlaces: String(scale?.roundingPlaces ?? 1),
      bands: scale?.bands.map((band) => ({ ...band })) ?? [
        { letter: "A", minScore: "70", points: "5", remark: "Excellent" },
        { letter: "F", minScore: "0", points: "0", remark: "Fail" },
      ],
    },
  });
  const { fields, append, remove } = useFieldArray({ control, name: "bands" });
  const typed = useWatch({ control, name: "bands" });
  const upTo = upperBoundsByRow(typed);

  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await saveGradeScaleAction({ ...values, id: savedId });
    if (!result.ok) {
      placeServerErrors(result, setError, {
        fields: /^(name|classLevelId|passMark|roundingMode|roundingPlaces|bands\.\d+\.(letter|minScore|points|remark))$/,
        groups: ["bands"],
      });
      return;
    }
    setSavedId(result.data.id);
    setSaved(result.data.changed ? `Saved "${result.data.name}".` : "Nothing had changed.");
  });

  const listError = errors.root?.bands?.message ?? errors.bands?.root?.message ?? errors.bands?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-4xl space-y-6 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={errors.root?.message} success={saved} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" hint="Like Senior school grading" error={errors.name?.message} {...register("name")} />
        <SelectField
          label="Used for"
          hint="A level's own scale comes before the school-wide one"
          placeholder="The whole school (school-wide)"
          options={levels.map((level) => ({ value: level.id, label: level.name }))}
          error={errors.classLevelId?.message}
          {...register("classLevelId")}
        />
        <Field label="Pass mark" inputMode="decimal" hint="The lowest subject total that counts as a pass, out of 100" error={errors.passMark?.message} {...register("passMark")} />
      </div>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold">Rounding</legend>
        <p className="text-sm text-slate-600">Totals, averages and grade points are rounded once, at the end; the grade is read from the rounded total.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="How"
            options={roundingModes.map((mode) => ({ value: mode, label: roundingModeLabels[mode] }))}
            error={errors.roundingMode?.message}
            {...register("roundingMode")}
          />
          <SelectField
            label="To"
            options={roundingPlaceChoices.map((places) => ({ value: String(places), label: roundingPlaceLabels[places] }))}
            error={errors.roundingPlaces?.message}
            {...register("roundingPlaces")}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-base font-semibold">Bands</legend>
        <p className="text-sm text-slate-600">
          Each band starts at its minimum and runs up to the next band&apos;s minimum, so there are no gaps. The lowest band starts at 0.
        </p>
        <ol className="space-y-3">
          {fields.map((field, index) => {
            const letter = String(typed?.[index]?.letter ?? "").trim();
            const rowName = `band ${index + 1}${letter ? ` (${letter})` : ""}`;
            const rowErrors = errors.bands?.[index];
            const min = String(typed?.[index]?.minScore ?? "").trim();
            return (
              <li key={field.id} className="rounded border border-slate-200 p-3">
                <fieldset>
                  <legend className="text-sm font-medium text-slate-700">Band {index + 1}</legend>
                  <div className="mt-2 grid items-start gap-3 sm:grid-cols-[6rem_8rem_7rem_1fr_auto]">
                    <Field label="Letter" hint="Like A" error={rowErrors?.letter?.message} {...register(`bands.${index}.letter`)} />
                    <Field label="Minimum" inputMode="decimal" hint="From" error={rowErrors?.minScore?.message} {...register(`bands.${index}.minScore`)} />
                    <Field label="Points" inputMode="decimal" hint="For the GPA" error={rowErrors?.points?.message} {...register(`bands.${index}.points`)} />
                    <Field label="Remark" hint="Like Excellent" error={rowErrors?.remark?.message} {...register(`bands.${index}.remark`)} />
                    <RowButtons rowName={rowName} index={index} count={fields.length} onRemove={remove} canRemove={fields.length > 2} />
                  </div>
                  <p className="mt-1 text-sm text-slate-700">
                    {upTo[index] ? `Covers totals from ${min} up to ${upTo[index]}` : "Covers: decided once every band has its minimum"}
                  </p>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button type="button" className={rowButtonClass} disabled={fields.length >= MAX_BANDS} onClick={() => append({ ...emptyBand })}>
          Add a band
        </button>
        {listError ? (
          <p role="alert" className="text-sm text-red-800">
            {listError}
          </p>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pending={isSubmitting} pendingText="Saving…">
          Save scale
        </SubmitButton>
        <Link href="/admin/gradebook" className="text-sm text-blue-800 underline">
          Back to gradebook settings
        </Link>
      </div>
    </form>
  );
}
