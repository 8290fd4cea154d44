"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createGuardian } from "@/lib/server/people/create-guardian";
import { setGuardianRelationship } from "@/lib/server/people/set-guardian-relationship";
import { updateGuardian } from "@/lib/server/people/update-guardian";
import { addGuardianLink } from "@/lib/server/students/add-guardian-link";
import { removeGuardianLink } from "@/lib/server/students/remove-guardian-link";
import { setPrimaryGuardian } from "@/lib/server/students/set-primary-guardian";
import type {
  GuardianInput,
  GuardianStudentInput,
  LinkGuardianStudentInput,
  SetGuardianRelationshipInput,
  UpdateGuardianInput,
} from "@/lib/validation/people";
import type { RemoveGuardianLinkInput } from "@/lib/validation/students";

// Linking, unlinking and the primary contact are the student page's use cases too (lib/server/students):
// one set of rules, whichever page the office starts from.

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
    const result = await addGuardianLink(db, actor, input);
    revalidateLinks(input.guardianId, result.studentId);
    return result;
  });
}

export async function unlinkGuardianStudentAction(input: RemoveGuardianLinkInput) {
  return runAction("unlinkGuardianStudent", async ({ db, actor }) => {
    const result = await removeGuardianLink(db, actor, input);
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
    const result = await setPrimaryGuardian(db, actor, input);
    revalidateLinks(input.guardianId, input.studentId);
    return result;
  });
}
