import "server-only";
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { academicYears, terms } from "@/lib/db/schema";

export type CurrentTerm = { academicYearId: string; academicYearName: string; termId: string | null; termName: string | null };

/** The current academic year and, when one is marked current, its term. Not secret: any signed-in user. */
export async function getCurrentTerm(db: Queryable): Promise<CurrentTerm | null> {
  const [row] = await db
    .select({ academicYearId: academicYears.id, academicYearName: academicYears.name, termId: terms.id, termName: terms.name })
    .from(academicYears)
    .leftJoin(terms, and(eq(terms.academicYearId, academicYears.id), eq(terms.isCurrent, true)))
    .where(eq(academicYears.isCurrent, true));
  return row ?? null;
}
