"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import {
  addOffering,
  assignOfferingTeacher,
  offerSubjectsToLevel,
  removeOffering,
  unassignOfferingTeacher,
} from "@/lib/server/school/subject-offerings";
import type { OfferingIdInput, OfferingInput, OfferingTeacherInput, OfferToLevelInput } from "@/lib/validation/school";

const refresh = () => revalidatePath("/admin/structure", "layout");

export async function addOfferingAction(input: OfferingInput) {
  return runAction("addOffering", async ({ db, actor }) => {
    const offering = await addOffering(db, actor, input);
    refresh();
    return offering;
  });
}

export async function removeOfferingAction(input: OfferingIdInput) {
  return runAction("removeOffering", async ({ db, actor }) => {
    const result = await removeOffering(db, actor, input);
    refresh();
    return result;
  });
}

export async function assignOfferingTeacherAction(input: OfferingTeacherInput) {
  return runAction("assignOfferingTeacher", async ({ db, actor }) => {
    const result = await assignOfferingTeacher(db, actor, input);
    refresh();
    return result;
  });
}

export async function unassignOfferingTeacherAction(input: OfferingTeacherInput) {
  return runAction("unassignOfferingTeacher", async ({ db, actor }) => {
    const result = await unassignOfferingTeacher(db, actor, input);
    refresh();
    return result;
  });
}

export async function offerSubjectsToLevelAction(input: OfferToLevelInput) {
  return runAction("offerSubjectsToLevel", async ({ db, actor }) => {
    const result = await offerSubjectsToLevel(db, actor, input);
    refresh();
    return result;
  });
}
