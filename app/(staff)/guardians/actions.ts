"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createGuardian } from "@/lib/server/people/create-guardian";
import { linkGuardianStudent } from "@/lib/server/people/link-guardian-student";
import { setGuardianRelationship } from "@/lib/server/people/set-guardian-relationship";
import { setPrimaryContact } from "@/lib/server/people/set-primary-contact";
import { unlinkGuardianStudent } from "@/lib/server/people/unlink-guardian-student";
import { updateGuardian } from "@/lib/server/people/update-guardian";
import type {
  GuardianInput,
  GuardianStudentInput,
  LinkGuardianStudentInput,
  SetGuardianRelationshipInput,
  UpdateGuardianInput,
} from "@/lib/validation/people";

/** Every page that shows a guardian's links: the list's counts, theirs, and the children's own profiles. */
function revalidateLinks(guardianId: string, studentId: string) {
  revalidatePath("/guardians");
  revalidatePath(`/guardians/${guardianId}`);
  revalidatePath(`/students/${studentId}`);
}

export async function createGuardianAction(input: GuardianInput) {
  return runAction("createGuardian", async ({ db, actor }) => {
    const guardian = await createGuardian(db, actor, input);
    revalidatePath("/guardians");
    return guardian;
  });
}

export async function updateGuardianAction(input: UpdateGuardianInput) {
  return runAction("updateGuardian", async ({ db, actor }) => {
    const result = await updateGuardian(db, actor, input);
    revalidatePath("/guardians");
    revalidatePath(`/guardians/${result.id}`);
    return result;
  });
}

export async function linkGuardianStudentAction(input: LinkGuardianStudentInput) {
  return runAction("linkGuardianStudent", async ({ db, actor }) => {
    const result = await linkGuardianStudent(db, actor, input);
    revalidateLinks(input.guardianId, result.studentId);
    return result;
  });
}

export async function unlinkGuardianStudentAction(input: GuardianStudentInput) {
  return runAction("unlinkGuardianStudent", async ({ db, actor }) => {
    const result = await unlinkGuardianStudent(db, actor, input);
    revalidateLinks(input.guardianId, input.studentId);
    return result;
  });
}

export async function setGuardianRelationshipAction(input: SetGuardianRelationshipInput) {
  return runAction("setGuardianRelationship", async ({ db, actor }) => {
    const result = await setGuardianRelationship(db, actor, input);
    revalidateLinks(input.guardianId, input.studentId);
    return result;
  });
}

export async function setPrimaryContactAction(input: GuardianStudentInput) {
  return runAction("setPrimaryContact", async ({ db, actor }) => {
    const result = await setPrimaryContact(db, actor, input);
    revalidateLinks(input.guardianId, input.studentId);
    return result;
  });
}
