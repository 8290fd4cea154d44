import { notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getStudent } from "@/lib/server/students/get-student";
import { StudentProfileView } from "./student-profile";

/** A student's page for whoever asks; the data layer decides, and out-of-scope is "not found". */
export async function StudentProfilePage({ actor, studentId }: { actor: Actor; studentId: string }) {
  const student = await getStudent(await getDb(), actor, { studentId }).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });
  return <StudentProfileView student={student} />;
}
