"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createYearFromPrevious, previewNewYear } from "@/lib/server/school/new-year";
import type { NewYearInput } from "@/lib/validation/school";

export async function previewNewYearAction(input: NewYearInput) {
  return runAction("previewNewYear", async ({ db, actor }) => previewNewYear(db, actor, input));
}

export async function createYearFromPreviousAction(input: NewYearInput) {
  return runAction("createYearFromPrevious", async ({ db, actor }) => {
    const result = await createYearFromPrevious(db, actor, input);
    revalidatePath("/admin/structure", "layout");
    return result;
  });
}
