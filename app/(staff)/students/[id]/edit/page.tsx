import { notFound, redirect } from "next/navigation";
import { can, homePathFor } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getStudent } from "@/lib/server/students/get-student";
import { getStudentFormOptions } from "@/lib/server/students/get-student-form-options";
import { EditStudentForm } from "../../student-form";

export const metadata = { title: "Edit student" };

export default async function EditStudentPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageActor("admin", "staff");
  if (!can(actor, "students.manage")) redirect(homePathFor(actor));
  const { id } = await params;
  const db = await getDb();
  const student = await getStudent(db, actor, { studentId: id }).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });
  const options = await getStudentFormOptions(db, actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">
        Edit {student.firstName} {student.lastName}
      </h1>
      <EditStudentForm
        options={options}
        student={{
          studentId: student.id,
          admissionNumber: student.admissionNumber,
          firstName: student.firstName,
          middleName: student.middleName ?? "",
          lastName: student.lastName,
          dateOfBirth: student.dateOfBirth ?? "",
          gender: (student.gender ?? "") as "female",
          email: student.email ?? "",
          phone: student.phone ?? "",
          address: student.address ?? "",
          departmentId: student.departmentId ?? "",
          admittedOn: student.admittedOn ?? "",
        }}
      />
    </>
  );
}
