import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { computeTermResults } from "@/lib/server/results/compute-term-results";
import { idSchema, parseInput } from "@/lib/validation/common";
import { MANAGE_MESSAGE } from "./get-promotion-preview";

/**
 * Brings a level's results for every term of the current year up to date, so the preview decides
 * from the scores as they are (late corrections included) rather than from the last publish.
 */
export async function computeYearResults(db: Queryable, actor: Actor, input: { classLevelId: string }): Promise<{ terms: number }> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const { classLevelId } = parseInput(z.object({ classLevelId: idSchema }), input);
  const terms = await selectRows<{ id: string }>(
    db,
    sql`select t.id from terms t join academic_years y on y.id = t.academic_year_id and y.is_current order by t.sequence`,
  );
  if (terms.length === 0) throw new NotFoundError("The current academic year has no terms.");
  for (const term of terms) await computeTermResults(db, actor, { termId: term.id, classLevelId });
  return { terms: terms.length };
}
