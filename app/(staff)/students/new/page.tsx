import { redirect } from "next/navigation";
import { can, homePathFor } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getStudentFormOptions } from "@/lib/server/students/get-student-form-options";
import { CreateStudentForm } from "../student-form";

export const metadata = { title: "Admit a student" };

export default async function NewStudentPage() {
  const actor = await requirePageActor("admin", "staff");
  if (!can(actor, "students.manage")) redirect(homePathFor(actor));
  const options = await getStudentFormOptions(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Admit a student</h1>
      {options.classes.length === 0 ? (
        <p role="alert" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          There are no classes for this year yet. An administrator sets them up under School structure.
        </p>
      ) : null}
      <CreateStudentForm options={options} />
    </>
  );
}
