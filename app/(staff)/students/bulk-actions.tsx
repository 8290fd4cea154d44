"use client";

// What the office can do to the students ticked in the list: put them in a class, or record that
// they left (or came back). All of them change, or none; each student who can't is listed.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { type FieldValues, type Path, useForm, type UseFormSetError, useWatch } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { statusLabels } from "@/components/students/labels";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { ActionResult } from "@/lib/errors";
import type { ClassOption } from "@/lib/server/students/get-student-form-options";
import type { StudentListRow } from "@/lib/server/students/list-students";
import {
  type BulkChangeStudentStatusInput,
  bulkChangeStudentStatusSchema,
  type BulkMoveStudentClassInput,
  bulkMoveStudentClassSchema,
  todayIso,
} from "@/lib/validation/students";
import { bulkChangeStudentStatusAction, bulkMoveStudentClassAction } from "./actions";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/** Field errors onto their fields; the per-student ones ("studentIds.3") into a list under the form. */
function showFailure<T extends FieldValues>(result: Failure, setError: UseFormSetError<T>, fields: ReadonlyArray<Path<T>>): string[] {
  const perStudent: string[] = [];
  for (const [key, messages] of Object.entries(result.fieldErrors)) {
    if (key.startsWith("studentIds")) perStudent.push(...messages);
    else if ((fields as readonly string[]).includes(key) && messages[0]) setError(key as Path<T>, { message: messages[0] });
  }
  setError("root", { message: result.error });
  return perStudent;
}

function StudentProblems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-red-900">
      {problems.map((problem) => (
        <li key={problem}>{problem}</li>
      ))}
    </ul>
  );
}

/** The classes of this year, with how full each is, so the office sees a full class before choosing it. */
export function ClassSelect({
  classes,
  ...props
}: { id: string; label: string; classes: ClassOption[]; error?: string } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const options = classes.map((c) => ({ value: c.id, label: `${c.name} (${c.enrolled} of ${c.capacity}${c.enrolled >= c.capacity ? ", full" : ""})` }));
  return <SelectField placeholder="Choose a class" options={options} {...props} />;
}

const statusChoices = [
  { value: "graduated", label: "Graduated" },
  { value: "withdrawn", label: "Withdrawn" },
  { value: "transferred", label: "Transferred to another school" },
  { value: "active", label: "Back at school (reactivate)" },
];

function AssignClassForm({ selected, classes, onDone }: { selected: StudentListRow[]; classes: ClassOption[]; onDone: (message: string) => void }) {
  const id = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const { register, handleSubmit, setError, formState } = useForm<BulkMoveStudentClassInput, unknown, z.output<typeof bulkMoveStudentClassSchema>>({
    resolver: zodResolver(bulkMoveStudentClassSchema),
    defaultValues: { studentIds: selected.map((s) => s.id), classId: "" },
  });
  const onSubmit = handleSubmit(async (values) => {
    setProblems([]);
    const result = await bulkMoveStudentClassAction(values);
    if (!result.ok) return setProblems(showFailure(result, setError, ["classId"]));
    const { moved, unchanged, className } = result.data;
    onDone(`Moved ${moved} student${moved === 1 ? "" : "s"} to ${className}${unchanged ? `; ${unchanged} already there` : ""}.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded border border-slate-200 bg-white p-3" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="font-semibold">
        Assign a class
      </h3>
      <FormAlert error={formState.errors.root?.message} />
      <StudentProblems problems={problems} />
      <ClassSelect id={`${id}-class`} label="Class this year" classes={classes} error={formState.errors.classId?.message} {...register("classId")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Moving…">
        Move {selected.length} student{selected.length === 1 ? "" : "s"}
      </SubmitButton>
    </form>
  );
}

function ChangeStatusForm({ selected, classes, onDone }: { selected: StudentListRow[]; classes: ClassOption[]; onDone: (message: string) => void }) {
  const id = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const { register, handleSubmit, setError, control, formState } = useForm<BulkChangeStudentStatusInput, unknown, z.output<typeof bulkChangeStudentStatusSchema>>({
    resolver: zodResolver(bulkChangeStudentStatusSchema),
    defaultValues: { studentIds: selected.map((s) => s.id), status: "" as "active", date: todayIso(), reason: "", classId: "" },
  });
  const status = useWatch({ control, name: "status" });
  const errors = formState.errors;
  const onSubmit = handleSubmit(async (values) => {
    setProblems([]);
    const result = await bulkChangeStudentStatusAction(values);
    if (!result.ok) return setProblems(showFailure(result, setError, ["status", "date", "reason", "classId"]));
    const { changed, unchanged } = result.data;
    onDone(`${changed} student${changed === 1 ? "" : "s"} now ${statusLabels[values.status]?.toLowerCase()}${unchanged ? `; ${unchanged} already were` : ""}.`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 rounded border border-slate-200 bg-white p-3" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="font-semibold">
        Change status
      </h3>
      <FormAlert error={errors.root?.message} />
      <StudentProblems problems={problems} />
      <SelectField
        id={`${id}-status`}
        label="New status"
        placeholder="Choose a status"
        options={statusChoices}
        error={errors.status?.message}
        {...register("status")}
      />
      {status === "active" ? (
        <ClassSelect id={`${id}-class`} label="Class they return to" classes={classes} error={errors.classId?.message} {...register("classId")} />
      ) : null}
      <Field label="Date" type="date" max={todayIso()} error={errors.date?.message} {...register("date")} />
      <Field label="Reason" hint="Kept in the record and the audit trail" error={errors.reason?.message} {...register("reason")} />
      <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
        Change {selected.length} student{selected.length === 1 ? "" : "s"}
      </SubmitButton>
    </form>
  );
}

export function BulkActions({ selected, classes, onDone }: { selected: StudentListRow[]; classes: ClassOption[]; onDone: (message: string) => void }) {
  return (
    <div className="mt-3 grid gap-3 md:grid-cols-2">
      <AssignClassForm selected={selected} classes={classes} onDone={onDone} />
      <ChangeStatusForm selected={selected} classes={classes} onDone={onDone} />
    </div>
  );
}
