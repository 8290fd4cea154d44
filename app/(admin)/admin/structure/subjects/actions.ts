"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createSubject, deleteSubject, updateSubject } from "@/lib/server/school/subjects";
import type { IdOnlyInput, SubjectInput, UpdateSubjectInput } from "@/lib/validation/school";

const refresh = () => {
  revalidatePath("/admin/structure", "layout");
  revalidatePath("/admin/departments");
};

export async function createSubjectAction(input: SubjectInput) {
  return runAction("createSubject", async ({ db, actor }) => {
    const subject = await createSubject(db, actor, input);
    refresh();
    return subject;
  });
}

export async function updateSubjectAction(input: UpdateSubjectInput) {
  return runAction("updateSubject", async ({ db, actor }) => {
    const subject = await updateSubject(db, actor, input);
    refresh();
    return subject;
  });
}

export async function deleteSubjectAction(input: IdOnlyInput) {
  return runAction("deleteSubject", async ({ db, actor }) => {
    const result = await deleteSubject(db, actor, input);
    refresh();
    return result;
  });
}
