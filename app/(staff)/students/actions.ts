"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { addGuardianLink } from "@/lib/server/students/add-guardian-link";
import { bulkChangeStudentStatus } from "@/lib/server/students/bulk-change-student-status";
import { bulkMoveStudentClass } from "@/lib/server/students/bulk-move-student-class";
import { changeStudentStatus } from "@/lib/server/students/change-student-status";
import { createStudent } from "@/lib/server/students/create-student";
import { moveStudentClass } from "@/lib/server/students/move-student-class";
import { removeGuardianLink } from "@/lib/server/students/remove-guardian-link";
import { setElectives } from "@/lib/server/students/set-electives";
import { setPrimaryGuardian } from "@/lib/server/students/set-primary-guardian";
import { updateStudent } from "@/lib/server/students/update-student";
import type {
  AddGuardianLinkInput,
  BulkChangeStudentStatusInput,
  BulkMoveStudentClassInput,
  ChangeStudentStatusInput,
  CreateStudentInput,
  MoveStudentClassInput,
  RemoveGuardianLinkInput,
  SetElectivesInput,
  SetPrimaryGuardianInput,
  UpdateStudentInput,
} from "@/lib/validation/students";

const refreshStudent = (studentId: unknown) => {
  revalidatePath("/students");
  if (typeof studentId === "string") revalidatePath(`/students/${studentId}`);
};

/** A link shows on both sides: the student's page and the guardian's (and the guardians list's counts). */
const refreshLink = (studentId: unknown, guardianId: unknown) => {
  refreshStudent(studentId);
  revalidatePath("/guardians");
  if (typeof guardianId === "string") revalidatePath(`/guardians/${guardianId}`);
};

export async function createStudentAction(input: CreateStudentInput) {
  return runAction("createStudent", async ({ db, actor }) => {
    const created = await createStudent(db, actor, input);
    refreshStudent(created.id);
    return created;
  });
}

export async function updateStudentAction(input: UpdateStudentInput) {
  return runAction("updateStudent", async ({ db, actor }) => {
    const updated = await updateStudent(db, actor, input);
    refreshStudent(updated.id);
    return updated;
  });
}

export async function changeStudentStatusAction(input: ChangeStudentStatusInput) {
  return runAction("changeStudentStatus", async ({ db, actor }) => {
    const result = await changeStudentStatus(db, actor, input);
    refreshStudent(input.studentId);
    return result;
  });
}

export async function moveStudentClassAction(input: MoveStudentClassInput) {
  return runAction("moveStudentClass", async ({ db, actor }) => {
    const result = await moveStudentClass(db, actor, input);
    refreshStudent(input.studentId);
    return result;
  });
}

export async function bulkMoveStudentClassAction(input: BulkMoveStudentClassInput) {
  return runAction("bulkMoveStudentClass", async ({ db, actor }) => {
    const result = await bulkMoveStudentClass(db, actor, input);
    revalidatePath("/students");
    return result;
  });
}

export async function bulkChangeStudentStatusAction(input: BulkChangeStudentStatusInput) {
  return runAction("bulkChangeStudentStatus", async ({ db, actor }) => {
    const result = await bulkChangeStudentStatus(db, actor, input);
    revalidatePath("/students");
    return result;
  });
}

export async function setElectivesAction(input: SetElectivesInput) {
  return runAction("setElectives", async ({ db, actor }) => {
    const result = await setElectives(db, actor, input);
    refreshStudent(input.studentId);
    return result;
  });
}

export async function addGuardianLinkAction(input: AddGuardianLinkInput) {
  return runAction("addGuardianLink", async ({ db, actor }) => {
    const result = await addGuardianLink(db, actor, input);
    refreshLink(input.studentId, input.guardianId);
    return result;
  });
}

export async function setPrimaryGuardianAction(input: SetPrimaryGuardianInput) {
  return runAction("setPrimaryGuardian", async ({ db, actor }) => {
    const result = await setPrimaryGuardian(db, actor, input);
    refreshLink(input.studentId, input.guardianId);
    return result;
  });
}

export async function removeGuardianLinkAction(input: RemoveGuardianLinkInput) {
  return runAction("removeGuardianLink", async ({ db, actor }) => {
    const result = await removeGuardianLink(db, actor, input);
    refreshLink(input.studentId, input.guardianId);
    return result;
  });
}
