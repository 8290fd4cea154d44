"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createDepartment, deleteDepartment, updateDepartment } from "@/lib/server/school/departments";
import type { DepartmentInput, IdOnlyInput, UpdateDepartmentInput } from "@/lib/validation/school";

export async function createDepartmentAction(input: DepartmentInput) {
  return runAction("createDepartment", async ({ db, actor }) => {
    const department = await createDepartment(db, actor, input);
    revalidatePath("/admin/departments");
    return department;
  });
}

export async function updateDepartmentAction(input: UpdateDepartmentInput) {
  return runAction("updateDepartment", async ({ db, actor }) => {
    const department = await updateDepartment(db, actor, input);
    revalidatePath("/admin/departments");
    revalidatePath("/admin/structure/subjects");
    return department;
  });
}

export async function deleteDepartmentAction(input: IdOnlyInput) {
  return runAction("deleteDepartment", async ({ db, actor }) => {
    const result = await deleteDepartment(db, actor, input);
    revalidatePath("/admin/departments");
    return result;
  });
}
