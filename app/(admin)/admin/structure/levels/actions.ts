"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createClassLevel, deleteClassLevel, reorderClassLevels, updateClassLevel } from "@/lib/server/school/class-levels";
import type { ClassLevelInput, IdOnlyInput, ReorderClassLevelsInput, UpdateClassLevelInput } from "@/lib/validation/school";

const refresh = () => revalidatePath("/admin/structure", "layout");

export async function createClassLevelAction(input: ClassLevelInput) {
  return runAction("createClassLevel", async ({ db, actor }) => {
    const level = await createClassLevel(db, actor, input);
    refresh();
    return level;
  });
}

export async function updateClassLevelAction(input: UpdateClassLevelInput) {
  return runAction("updateClassLevel", async ({ db, actor }) => {
    const level = await updateClassLevel(db, actor, input);
    refresh();
    return level;
  });
}

export async function reorderClassLevelsAction(input: ReorderClassLevelsInput) {
  return runAction("reorderClassLevels", async ({ db, actor }) => {
    const levels = await reorderClassLevels(db, actor, input);
    refresh();
    return levels.map((level) => ({ id: level.id, name: level.name, sequence: level.sequence }));
  });
}

export async function deleteClassLevelAction(input: IdOnlyInput) {
  return runAction("deleteClassLevel", async ({ db, actor }) => {
    const result = await deleteClassLevel(db, actor, input);
    refresh();
    return result;
  });
}
