"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createDepartment } from "@/lib/server/school/departments";
import type { DepartmentInput } from "@/lib/validation/school";

export async function createDepartmentAction(input: DepartmentInput) {
  return runAction("createDepartment", async ({ db, actor }) => {
    const department = await createDepartment(db, actor, input);
    revalidatePath("/admin/departments");
    return department;
  });
}
