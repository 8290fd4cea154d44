"use client";

// Admitting a student and editing their details: one set of fields, checked in the browser with
// the same schema the server applies; the server's answers land on the same fields.
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { type FieldErrors, useForm, type UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import { FormAlert, SubmitButton } from "@/components/forms/form-alert";
import { applyServerErrors } from "@/components/forms/server-errors";
import { genderLabels } from "@/components/students/labels";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import type { StudentFormOptions } from "@/lib/server/students/get-student-form-options";
import { type CreateStudentInput, createStudentSchema, type UpdateStudentInput, updateStudentSchema } from "@/lib/validation/students";
import { createStudentAction, updateStudentAction } from "./actions";
import { ClassSelect } from "./bulk-actions";

type DetailValues = Omit<CreateStudentInput, "classId">;
const detailFields = [
  "admissionNumber",
  "firstName",
  "middleName",
  "lastName",
  "dateOfBirth",
  "gender",
  "email",
  "phone",
  "address",
  "departmentId",
  "admittedOn",
] as const satisfies ReadonlyArray<keyof DetailValues>;

const genderOptions = Object.entries(genderLabels).map(([value, label]) => ({ value, label }));

function DetailFields({ register, errors, departments }: { register: UseFormRegister<DetailValues>; errors: FieldErrors<DetailValues>; departments: StudentFormOptions["departments"] }) {
  const id = useId();
  return (
    <>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">The student</legend>
        <Field label="Admission number" hint="Like GFA/2026/0001" autoCapitalize="characters" autoComplete="off" error={errors.admissionNumber?.message} {...register("admissionNumber")} />
        <Field label="Admitted on" type="date" error={errors.admittedOn?.message} {...register("admittedOn")} />
        <Field label="First name" autoComplete="off" error={errors.firstName?.message} {...register("firstName")} />
        <Field label="Middle name (optional)" autoComplete="off" error={errors.middleName?.message} {...register("middleName")} />
        <Field label="Last name" autoComplete="off" error={errors.lastName?.message} {...register("lastName")} />
        <Field label="Date of birth" type="date" error={errors.dateOfBirth?.message} {...register("dateOfBirth")} />
        <SelectField id={`${id}-gender`} label="Gender" placeholder="Choose" options={genderOptions} error={errors.gender?.message} {...register("gender")} />
        <SelectField
          id={`${id}-department`}
          label="Department or stream (optional)"
          hint="For senior students who follow one"
          placeholder="None"
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
          error={errors.departmentId?.message}
          {...register("departmentId")}
        />
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Contact (optional)</legend>
        <Field label="Email" type="email" autoComplete="off" error={errors.email?.message} {...register("email")} />
        <Field label="Phone" type="tel" autoComplete="off" error={errors.phone?.message} {...register("phone")} />
        <Field label="Home address" className="sm:col-span-2" autoComplete="off" error={errors.address?.message} {...register("address")} />
      </fieldset>
    </>
  );
}

export function CreateStudentForm({ options }: { options: StudentFormOptions }) {
  const router = useRouter();
  const id = useId();
  const { register, handleSubmit, setError, formState } = useForm<CreateStudentInput, unknown, z.output<typeof createStudentSchema>>({
    resolver: zodResolver(createStudentSchema),
    defaultValues: {
      admissionNumber: "",
      firstName: "",
      middleName: "",
      lastName: "",
      dateOfBirth: "",
      gender: "" as "female",
      email: "",
      phone: "",
      address: "",
      departmentId: "",
      admittedOn: new Date().toISOString().slice(0, 10),
      classId: "",
    },
  });
  const onSubmit = handleSubmit(async (values) => {
    const result = await createStudentAction(values);
    if (!result.ok) return applyServerErrors(result, setError, [...detailFields, "classId"]);
    router.push(`/students/${result.data.id}`);
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-3xl space-y-6 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} />
      <DetailFields register={register as unknown as UseFormRegister<DetailValues>} errors={formState.errors} departments={options.departments} />
      <fieldset>
        <legend className="mb-2 text-lg font-semibold">Class {options.yearName ? `in ${options.yearName}` : "this year"}</legend>
        <ClassSelect id={`${id}-class`} label="Class" classes={options.classes} error={formState.errors.classId?.message} {...register("classId")} />
      </fieldset>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
          Admit student
        </SubmitButton>
        <Link href="/students" className="text-blue-700 underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}

export function EditStudentForm({ student, options }: { student: UpdateStudentInput; options: StudentFormOptions }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<UpdateStudentInput, unknown, z.output<typeof updateStudentSchema>>({
    resolver: zodResolver(updateStudentSchema),
    defaultValues: student,
  });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const result = await updateStudentAction(values);
    if (!result.ok) return applyServerErrors(result, setError, detailFields);
    setSaved(result.data.changed.length ? "Saved." : "Nothing had changed.");
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-4 max-w-3xl space-y-6 rounded-lg border border-slate-200 bg-white p-4">
      <FormAlert error={formState.errors.root?.message} success={saved} />
      <DetailFields register={register as unknown as UseFormRegister<DetailValues>} errors={formState.errors} departments={options.departments} />
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton pending={formState.isSubmitting} pendingText="Saving…">
          Save changes
        </SubmitButton>
        <Link href={`/students/${student.studentId}`} className="text-blue-700 underline">
          Back to the student
        </Link>
      </div>
    </form>
  );
}
