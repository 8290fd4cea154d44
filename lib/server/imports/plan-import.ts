// Plans either kind of import against a database handle (or an open transaction).
import "server-only";
import type { Queryable } from "@/lib/db/client";
import { type EducatorImportPlan, planEducatorImport } from "./educator-import";
import type { ImportRequestRead, PlanOutput } from "./shared";
import { planStudentImport, type StudentImportPlan } from "./student-import";

export type AnyPlan = { kind: "students"; output: PlanOutput<StudentImportPlan> } | { kind: "educators"; output: PlanOutput<EducatorImportPlan> };

export async function planImport(db: Queryable, read: ImportRequestRead<"students" | "educators">): Promise<AnyPlan> {
  if (read.kind === "students") return { kind: "students", output: await planStudentImport(db, read as ImportRequestRead<"students">) };
  return { kind: "educators", output: await planEducatorImport(db, read as ImportRequestRead<"educators">) };
}
