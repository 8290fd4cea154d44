// Pieces the gradebook-settings use cases share: the write lock, naming a scheme's scope, and how
// much of the gradebook already depends on a scheme.
import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";
import { parseDecimal, toPlainString } from "@/lib/domain/decimal";
import { countOf } from "@/lib/domain/structure";
import { type FieldErrors, ValidationError } from "@/lib/errors";

/** Who may change the gradebook's settings: the same permission as correcting any class's scores. */
export const SETTINGS_PERMISSION = "scores.manage_all" as const;
export const SETTINGS_REFUSAL = "Only an administrator can change the gradebook settings.";

/**
 * Serialises changes to schemes and scales: the rules that span rows (one scheme per scope, one
 * school-wide scale, every level keeps a scale) are checked under it, so two saves can't both pass.
 */
export async function lockGradebookSettings(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('gradebook_settings'))`);
}

/** "15.00" → "15": numbers as an administrator typed them, for messages, audit records and forms. */
export const plain = (value: string): string => toPlainString(parseDecimal(value));

export type SchemeScope = { classLevelId: string | null; subjectId: string | null; termId: string | null };
export type ScopeNames = { level: string | null; subject: string | null; term: string | null };

/** "JSS 1, Mathematics, any term"; the scheme with nothing chosen is the school default. */
export function describeScope(names: ScopeNames): string {
  if (!names.level && !names.subject && !names.term) return "every level, subject and term (the school default)";
  return [names.level ?? "any level", names.subject ?? "any subject", names.term ?? "any term"].join(", ");
}

/** term beats subject beats level: the order lib/server/gradebook/grading-setup picks schemes in. */
export const specificityOf = (scope: SchemeScope): number => (scope.termId ? 4 : 0) + (scope.subjectId ? 2 : 0) + (scope.classLevelId ? 1 : 0);

export const sameScope = (a: SchemeScope, b: SchemeScope): boolean =>
  a.classLevelId === b.classLevelId && a.subjectId === b.subjectId && a.termId === b.termId;

/** How a term is named in choices and scopes: "First term 2026/2027". */
export const termLabel = (alias: string): SQL => sql.raw(`(${alias}.name || ' ' || (select y.name from academic_years y where y.id = ${alias}.academic_year_id))`);

/** The names of the chosen level, subject and term; a choice that no longer exists is refused on its field. */
export async function resolveScope(db: Queryable, scope: SchemeScope): Promise<ScopeNames> {
  const [row] = await selectRows<ScopeNames>(
    db,
    sql`select (select name from class_levels where id = ${scope.classLevelId}) as level,
               (select name from subjects where id = ${scope.subjectId}) as subject,
               (select ${termLabel("t")} from terms t where t.id = ${scope.termId}) as term`,
  );
  const errors: FieldErrors = {};
  if (scope.classLevelId && !row?.level) errors.classLevelId = ["Choose a class level from the list"];
  if (scope.subjectId && !row?.subject) errors.subjectId = ["Choose a subject from the list"];
  if (scope.termId && !row?.term) errors.termId = ["Choose a term from the list"];
  if (Object.keys(errors).length > 0) throw new ValidationError("Something the scheme applies to no longer exists. Reload the page.", errors);
  return row ?? { level: null, subject: null, term: null };
}

export type SchemeUsage = {
  /** Subject classes (offerings) pinned to the scheme or holding scores against its components. */
  offerings: number;
  offeringsWithScores: number;
  scores: number;
};

export async function schemeUsage(db: Queryable, schemeId: string): Promise<SchemeUsage> {
  const [usage] = await selectRows<SchemeUsage>(
    db,
    sql`with scheme_scores as (
          select s.offering_id from scores s join assessment_components ac on ac.id = s.component_id where ac.scheme_id = ${schemeId})
        select (select count(*)::int from (
                  select id from subject_offerings where assessment_scheme_id = ${schemeId}
                  union select offering_id from scheme_scores) used) as offerings,
               (select count(distinct offering_id)::int from scheme_scores) as "offeringsWithScores",
               (select count(*)::int from scheme_scores) as scores`,
  );
  return usage ?? { offerings: 0, offeringsWithScores: 0, scores: 0 };
}

export const isInUse = (usage: SchemeUsage): boolean => usage.offerings > 0 || usage.scores > 0;

/** "12 classes already have scores against this scheme", or, with none left, how many are pinned to it. */
export function describeUsage(usage: SchemeUsage): string {
  if (usage.offeringsWithScores > 0) {
    return `${countOf(usage.offeringsWithScores, "class", "classes")} already ${usage.offeringsWithScores === 1 ? "has" : "have"} scores against this scheme`;
  }
  return `${countOf(usage.offerings, "class", "classes")} ${usage.offerings === 1 ? "is" : "are"} pinned to this scheme by scores entered earlier`;
}

/** Offerings whose scheme lookup the scope covers: its level's classes, its subject, its term (null = any). */
export function offeringsInScope(alias: string, scope: SchemeScope): SQL {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  return sql`(${scope.classLevelId === null ? sql`true` : sql`${column("class_id")} in (select id from classes where class_level_id = ${scope.classLevelId})`}
    and ${scope.subjectId === null ? sql`true` : sql`${column("subject_id")} = ${scope.subjectId}`}
    and ${scope.termId === null ? sql`true` : sql`${column("term_id")} = ${scope.termId}`})`;
}

/**
 * Offerings in the scope already pinned to a less specific scheme: the new scope would have won for
 * them, but their scores stay with the scheme they were entered against. Said after a save, so the
 * administrator isn't surprised that those classes didn't change.
 */
export async function pinnedElsewhereNotice(db: Queryable, schemeId: string, scope: SchemeScope): Promise<string | null> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n
        from subject_offerings so join assessment_schemes pinned on pinned.id = so.assessment_scheme_id
        where so.assessment_scheme_id <> ${schemeId}
          and ${offeringsInScope("so", scope)}
          and (pinned.term_id is not null)::int * 4 + (pinned.subject_id is not null)::int * 2 + (pinned.class_level_id is not null)::int
              < ${specificityOf(scope)}`,
  );
  const n = row?.n ?? 0;
  if (n === 0) return null;
  return (
    `${countOf(n, "class", "classes")} in this scheme's scope already ${n === 1 ? "has" : "have"} scores against another scheme ` +
    `and ${n === 1 ? "keeps" : "keep"} it; this scheme applies to classes whose scores haven't been started.`
  );
}

/**
 * Levels that have a grade scale now (their own or the school-wide one) and would have none after
 * the change: a scale deleted, or moved to another level (or to school-wide). Levels already
 * without one aren't the change's fault, so they don't stop it.
 */
export async function levelsLosingAScale(db: Queryable, change: { scaleId: string; classLevelId: string | null | "deleted" }): Promise<string[]> {
  const [scales, levels] = await Promise.all([
    selectRows<{ id: string; classLevelId: string | null }>(db, sql`select id, class_level_id as "classLevelId" from grade_scales`),
    selectRows<{ id: string; name: string }>(db, sql`select id, name from class_levels order by sequence`),
  ]);
  const after = scales.flatMap((scale) =>
    scale.id !== change.scaleId ? [scale] : change.classLevelId === "deleted" ? [] : [{ ...scale, classLevelId: change.classLevelId }],
  );
  const covered = (set: typeof scales, levelId: string) => set.some((scale) => scale.classLevelId === null || scale.classLevelId === levelId);
  return levels.filter((level) => covered(scales, level.id) && !covered(after, level.id)).map((level) => level.name);
}
