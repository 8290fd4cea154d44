"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createClass, deleteClass, updateClass } from "@/lib/server/school/classes";
import type { ClassInput, IdOnlyInput, UpdateClassInput } from "@/lib/validation/school";

const refresh = () => revalidatePath("/admin/structure", "layout");

export async function createClassAction(input: ClassInput) {
  return runAction("createClass", async ({ db, actor }) => {
    const created = await createClass(db, actor, input);
    refresh();
    return created;
  });
}

export async function updateClassAction(input: UpdateClassInput) {
  return runAction("updateClass", async ({ db, actor }) => {
    const updated = await updateClass(db, actor, input);
    refresh();
    return updated;
  });
}

export async function deleteClassAction(input: IdOnlyInput) {
  return runAction("deleteClass", async ({ db, actor }) => {
    const result = await deleteClass(db, actor, input);
    refresh();
    return result;
  });
}
