import "server-only";
import { asc, ilike, or, sql } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { guardians } from "@/lib/db/schema";
import { parseInput } from "@/lib/validation/common";
import { findGuardiansSchema } from "@/lib/validation/students";

export type GuardianMatch = { id: string; name: string; email: string | null; phone: string | null; children: number };

/** Parents and guardians on record matching a name, email or phone, for linking one to a student. */
export async function findGuardians(db: Queryable, actor: Actor, input: { search: string }): Promise<GuardianMatch[]> {
  assertCan(actor, "guardians.manage");
  const { search } = parseInput(findGuardiansSchema, input);
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select({
      id: guardians.id,
      name: sql<string>`concat_ws(' ', ${guardians.title}, ${guardians.firstName}, ${guardians.lastName})`,
      email: guardians.email,
      phone: guardians.phone,
      children: sql<number>`(select count(*) from guardian_students gs where gs.guardian_id = "guardians"."id")`.mapWith(Number),
    })
    .from(guardians)
    .where(
      or(
        ilike(sql`${guardians.firstName} || ' ' || ${guardians.lastName}`, pattern),
        ilike(guardians.lastName, pattern),
        ilike(guardians.email, pattern),
        ilike(guardians.phone, pattern),
      ),
    )
    .orderBy(asc(guardians.lastName), asc(guardians.firstName), asc(guardians.id))
    .limit(20);
}
