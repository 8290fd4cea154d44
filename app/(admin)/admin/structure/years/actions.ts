"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { createAcademicYear, deleteAcademicYear, setCurrentAcademicYear, updateAcademicYear } from "@/lib/server/school/academic-years";
import { createTerm, deleteTerm, setCurrentTerm, updateTerm } from "@/lib/server/school/terms";
import type { AcademicYearInput, IdOnlyInput, TermInput, UpdateAcademicYearInput, UpdateTermInput } from "@/lib/validation/school";

// Years and terms appear on every structure page (pickers, the current term), so all of them refresh.
const refresh = () => revalidatePath("/admin/structure", "layout");

export async function createAcademicYearAction(input: AcademicYearInput) {
  return runAction("createAcademicYear", async ({ db, actor }) => {
    const year = await createAcademicYear(db, actor, input);
    refresh();
    return year;
  });
}

export async function updateAcademicYearAction(input: UpdateAcademicYearInput) {
  return runAction("updateAcademicYear", async ({ db, actor }) => {
    const year = await updateAcademicYear(db, actor, input);
    refresh();
    return year;
  });
}

export async function setCurrentAcademicYearAction(input: IdOnlyInput) {
  return runAction("setCurrentAcademicYear", async ({ db, actor }) => {
    const result = await setCurrentAcademicYear(db, actor, input);
    refresh();
    revalidatePath("/", "layout");
    return result;
  });
}

export async function deleteAcademicYearAction(input: IdOnlyInput) {
  return runAction("deleteAcademicYear", async ({ db, actor }) => {
    const result = await deleteAcademicYear(db, actor, input);
    refresh();
    return result;
  });
}

export async function createTermAction(input: TermInput) {
  return runAction("createTerm", async ({ db, actor }) => {
    const term = await createTerm(db, actor, input);
    refresh();
    return term;
  });
}

export async function updateTermAction(input: UpdateTermInput) {
  return runAction("updateTerm", async ({ db, actor }) => {
    const term = await updateTerm(db, actor, input);
    refresh();
    return term;
  });
}

export async function setCurrentTermAction(input: IdOnlyInput) {
  return runAction("setCurrentTerm", async ({ db, actor }) => {
    const result = await setCurrentTerm(db, actor, input);
    refresh();
    revalidatePath("/", "layout");
    return result;
  });
}

export async function deleteTermAction(input: IdOnlyInput) {
  return runAction("deleteTerm", async ({ db, actor }) => {
    const result = await deleteTerm(db, actor, input);
    refresh();
    return result;
  });
}
