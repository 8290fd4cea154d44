"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createEducator } from "@/lib/server/people/create-educator";
import { linkEducatorAccount } from "@/lib/server/people/link-educator-account";
import { setEducatorStatus } from "@/lib/server/people/set-educator-status";
import { unlinkEducatorAccount } from "@/lib/server/people/unlink-educator-account";
import { updateEducator } from "@/lib/server/people/update-educator";
import type { EducatorIdInput, EducatorInput, LinkEducatorAccountInput, SetEducatorStatusInput, UpdateEducatorInput } from "@/lib/validation/people";

export async function createEducatorAction(input: EducatorInput) {
  return runAction("createEducator", async ({ db, actor }) => {
    const educator = await createEducator(db, actor, input);
    revalidatePath("/admin/educators");
    return educator;
  });
}

export async function updateEducatorAction(input: UpdateEducatorInput) {
  return runAction("updateEducator", async ({ db, actor }) => {
    const result = await updateEducator(db, actor, input);
    revalidatePath("/admin/educators");
    revalidatePath(`/admin/educators/${result.id}`);
    return result;
  });
}

export async function setEducatorStatusAction(input: SetEducatorStatusInput) {
  return runAction("setEducatorStatus", async ({ db, actor }) => {
    const result = await setEducatorStatus(db, actor, input);
    revalidatePath("/admin/educators");
    revalidatePath(`/admin/educators/${input.educatorId}`);
    return result;
  });
}

export async function linkEducatorAccountAction(input: LinkEducatorAccountInput) {
  return runAction("linkEducatorAccount", async ({ db, actor }) => {
    const result = await linkEducatorAccount(db, actor, input);
    revalidatePath(`/admin/educators/${input.educatorId}`);
    return result;
  });
}

export async function unlinkEducatorAccountAction(input: EducatorIdInput) {
  return runAction("unlinkEducatorAccount", async ({ db, actor }) => {
    const result = await unlinkEducatorAccount(db, actor, input);
    revalidatePath(`/admin/educators/${input.educatorId}`);
    return result;
  });
}
