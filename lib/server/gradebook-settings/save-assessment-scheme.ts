// Creates an assessment scheme or changes one, guarding the scores already entered against it.
import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows, type Transaction } from "@/lib/db/client";
import { assessmentComponents, assessmentSchemes } from "@/lib/db/schema";
import { compare, parseDecimal } from "@/lib/domain/decimal";
import { countOf } from "@/lib/domain/structure";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { deleteOrExplain, FieldProblems, mapConstraint } from "@/lib/server/school/structure-shared";
import { parseInput } from "@/lib/validation/common";
import { type AssessmentSchemeInput, assessmentSchemeSchema, type AssessmentSchemeValues } from "@/lib/validation/gradebook-settings";
import {
  describeScope,
  describeUsage,
  isInUse,
  lockGradebookSettings,
  offeringsInScope,
  pinnedElsewhereNotice,
  plain,
  sameScope,
  type SchemeScope,
  schemeUsage,
  type ScopeNames,
  resolveScope,
  SETTINGS_PERMISSION,
  SETTINGS_REFUSAL,
} from "./settings-shared";

export type SaveSchemeResult = {
  id: string;
  name: string;
  created: boolean;
  /** False when the submission matched what was stored (a double submit): nothing was written. */
  changed: boolean;
  /** What the administrator should know about classes the save did or didn't affect. */
  notice: string | null;
};

type Component = { code: string; name: string; maxScore: string; weight: string };
type StoredComponent = Component & { id: string; sequence: number };
type Snapshot = SchemeScope & { name: string; scope: string; components: Array<Component & { id: string }> };

const sameNumber = (a: string, b: string) => compare(parseDecimal(a), parseDecimal(b)) === 0;
const sameComponent = (a: Component, b: Component) => a.code === b.code && a.name === b.name && sameNumber(a.maxScore, b.maxScore) && sameNumber(a.weight, b.weight);
const sameComponents = (a: Component[], b: Component[]) => a.length === b.length && a.every((component, i) => sameComponent(component, b[i]!));
const joinWords = (words: string[]) => (words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`);

const scopeRefusal = {
  assessment_schemes_scope_key: () =>
    new ConflictError("Another scheme already applies to exactly this scope.", { scope: ["Another scheme already applies to exactly this scope; edit that one instead"] }),
};

/**
 * Saves a scheme (a new one when `id` is empty). A scheme in use, one that offerings are pinned to
 * or that holds scores, keeps its scope; losing a component with scores or a maximum below a stored
 * score is refused; any other change to its components needs `confirmInUse`, because every total
 * entered against it is recomputed. Components keep their ids by code, since scores point at them.
 */
export async function saveAssessmentScheme(db: Queryable, actor: Actor, input: AssessmentSchemeInput): Promise<SaveSchemeResult> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const values = parseInput(assessmentSchemeSchema, input);
  const scope: SchemeScope = { classLevelId: values.classLevelId, subjectId: values.subjectId, termId: values.termId };
  const components: Component[] = values.components.map((c) => ({ code: c.code, name: c.name, maxScore: plain(c.maxScore), weight: plain(c.weight) }));
  return db.transaction(async (tx) => {
    await lockGradebookSettings(tx);
    const names = await resolveScope(tx, scope);
    const [clash] = await selectRows<{ id: string; name: string }>(
      tx,
      sql`select id, name from assessment_schemes
          where class_level_id is not distinct from ${scope.classLevelId} and subject_id is not distinct from ${scope.subjectId}
            and term_id is not distinct from ${scope.termId} and id is distinct from ${values.id}`,
    );
    if (clash && !values.id && clash.name === values.name && sameComponents(await storedComponents(tx, clash.id), components)) {
      return { id: clash.id, name: clash.name, created: false, changed: false, notice: null };
    }
    if (clash) {
      const message = `"${clash.name}" already applies to ${describeScope(names)}`;
      throw new ConflictError(`${message}.`, { scope: [`${message}; edit that scheme, or choose a different level, subject or term`] });
    }
    return values.id ? updateScheme(tx, actor, values.id, values, scope, names, components) : createScheme(tx, actor, values, scope, names, components);
  });
}

async function storedComponents(tx: Queryable, schemeId: string): Promise<StoredComponent[]> {
  const rows = await selectRows<StoredComponent>(
    tx,
    sql`select id, code, name, sequence::int as sequence, max_score::text as "maxScore", weight::text as weight
        from assessment_components where scheme_id = ${schemeId} order by sequence for update`,
  );
  return rows.map((row) => ({ ...row, maxScore: plain(row.maxScore), weight: plain(row.weight) }));
}

const snapshot = (name: string, scope: SchemeScope, names: ScopeNames, components: Array<Component & { id: string }>): Snapshot => ({
  name,
  ...scope,
  scope: describeScope(names),
  components: components.map(({ id, code, name: componentName, maxScore, weight }) => ({ id, code, name: componentName, maxScore, weight })),
});

async function insertComponents(tx: Transaction, schemeId: string, rows: Array<Component & { sequence: number }>): Promise<Array<Component & { id: string; sequence: number }>> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(assessmentComponents)
    .values(rows.map((row) => ({ schemeId, ...row })))
    .returning({ id: assessmentComponents.id, code: assessmentComponents.code, sequence: assessmentComponents.sequence });
  return rows.map((row) => ({ ...row, id: inserted.find((r) => r.code === row.code)!.id }));
}

async function createScheme(
  tx: Transaction,
  actor: Actor,
  values: AssessmentSchemeValues,
  scope: SchemeScope,
  names: ScopeNames,
  components: Component[],
): Promise<SaveSchemeResult> {
  const [scheme] = await mapConstraint(
    () => tx.insert(assessmentSchemes).values({ name: values.name, ...scope }).returning({ id: assessmentSchemes.id }),
    scopeRefusal,
  );
  const id = scheme!.id;
  const saved = await insertComponents(tx, id, components.map((c, index) => ({ ...c, sequence: index + 1 })));
  await writeAudit(tx, actor, { action: "assessment_scheme.create", entityType: "assessment_scheme", entityId: id, after: snapshot(values.name, scope, names, saved) });
  return { id, name: values.name, created: true, changed: true, notice: await pinnedElsewhereNotice(tx, id, scope) };
}

/**
 * Holds back score saves for every offering that could be using the scheme until this change
 * commits (saving scores takes a share lock on its offering), so a score can't land against a
 * component between the checks below and the change: above a lowered maximum, or on a removed one.
 */
async function lockOfferingsUsing(tx: Queryable, schemeId: string, scope: SchemeScope): Promise<void> {
  await tx.execute(
    sql`select so.id from subject_offerings so
        where so.assessment_scheme_id = ${schemeId} or (so.assessment_scheme_id is null and ${offeringsInScope("so", scope)})
        order by so.id for update`,
  );
}

type ComponentUse = { id: string; scores: number; history: number; highestScore: string | null };

async function updateScheme(
  tx: Transaction,
  actor: Actor,
  id: string,
  values: AssessmentSchemeValues,
  scope: SchemeScope,
  names: ScopeNames,
  components: Component[],
): Promise<SaveSchemeResult> {
  const [before] = await selectRows<SchemeScope & { name: string }>(
    tx,
    sql`select name, class_level_id as "classLevelId", subject_id as "subjectId", term_id as "termId" from assessment_schemes where id = ${id} for update`,
  );
  if (!before) throw new NotFoundError("That assessment scheme no longer exists. Reload the page.");
  const stored = await storedComponents(tx, id);
  const scopeChanged = !sameScope(before, scope);
  const componentsChanged = !sameComponents(stored, components);
  if (!scopeChanged && !componentsChanged && before.name === values.name) return { id, name: before.name, created: false, changed: false, notice: null };

  const beforeNames = await resolveScope(tx, before);
  const beforeSnapshot = snapshot(before.name, before, beforeNames, stored);
  if (scopeChanged || componentsChanged) await lockOfferingsUsing(tx, id, before);
  const usage = await schemeUsage(tx, id);
  const inUse = isInUse(usage);
  if (scopeChanged && inUse) {
    const message = `${describeUsage(usage)}, so what it applies to can't change`;
    throw new ConflictError(`${message}. Create a new scheme for the other scope instead.`, {
      scope: [`${message}; create a new scheme for the other level, subject or term instead`],
    });
  }

  const storedByCode = new Map(stored.map((component) => [component.code.toLowerCase(), component]));
  const kept = components.flatMap((next, index) => {
    const old = storedByCode.get(next.code.toLowerCase());
    return old ? [{ old, next, index }] : [];
  });
  const keptIds = new Set(kept.map(({ old }) => old.id));
  const removed = stored.filter((component) => !keptIds.has(component.id));
  const added = components.filter((next) => !storedByCode.has(next.code.toLowerCase()));
  const uses = new Map(
    (
      await selectRows<ComponentUse>(
        tx,
        sql`select ac.id,
                   (select count(*)::int from scores s where s.component_id = ac.id) as scores,
                   (select count(*)::int from score_change_requests r where r.component_id = ac.id) as history,
                   (select max(s.value)::text from scores s where s.component_id = ac.id) as "highestScore"
            from assessment_components ac where ac.scheme_id = ${id}`,
      )
    ).map((use) => [use.id, use]),
  );

  // What can't be done at all, whatever the administrator confirms: scores would be lost or out of range.
  const refusals = new FieldProblems();
  for (const component of removed) {
    const use = uses.get(component.id);
    if (use && use.scores > 0) {
      const has = use.scores === 1 ? "has" : "have";
      refusals.add("components", `${component.code} (${component.name}) can't be removed: ${countOf(use.scores, "score")} ${has} been entered against it`);
    } else if (use && use.history > 0) {
      refusals.add("components", `${component.code} (${component.name}) can't be removed: the score history still refers to it (${countOf(use.history, "change")})`);
    }
  }
  for (const { old, next, index } of kept) {
    const highest = uses.get(old.id)?.highestScore;
    if (highest && compare(parseDecimal(highest), parseDecimal(next.maxScore)) > 0) {
      const message = `${next.code} already has a score of ${plain(highest)}, above the new maximum of ${next.maxScore}`;
      refusals.add(`components.${index}.maxScore`, message);
    }
  }
  if (refusals.any) {
    throw new ConflictError(`Entered scores stop this change: ${Object.values(refusals.errors).flat().join("; ")}.`, refusals.errors);
  }

  // What changes the meaning of scores already entered: allowed once the administrator has read exactly what.
  const consequences: string[] = [];
  if (kept.some(({ old, next }) => !sameNumber(old.weight, next.weight)) || removed.length > 0 || added.length > 0) {
    consequences.push("their totals will be recomputed with the new weights");
  }
  const newMaximums = kept.filter(({ old, next }) => !sameNumber(old.maxScore, next.maxScore));
  if (newMaximums.length > 0) {
    const each = newMaximums.map(({ old, next }) => `${next.code} out of ${next.maxScore} instead of ${old.maxScore}`);
    consequences.push(`scores already entered are read against the new maximums (${joinWords(each)})`);
  }
  if (added.length > 0) {
    consequences.push(`${joinWords(added.map((c) => c.code))} will be empty for every student, so their totals stay provisional until it is entered`);
  }
  if (removed.length > 0) consequences.push(`${joinWords(removed.map((c) => c.code))} will no longer count`);
  const shapeChanged = consequences.length > 0;
  if (shapeChanged && inUse && !values.confirmInUse) {
    const message = `${describeUsage(usage)}; ${consequences.join("; ")}.`;
    throw new ConflictError(message, { confirmInUse: [message] });
  }

  await mapConstraint(() => tx.update(assessmentSchemes).set({ name: values.name, ...scope }).where(eq(assessmentSchemes.id, id)), scopeRefusal);
  if (removed.length > 0) {
    await deleteOrExplain(
      () => tx.delete(assessmentComponents).where(inArray(assessmentComponents.id, removed.map((c) => c.id))),
      joinWords(removed.map((c) => c.code)),
    );
  }
  // (scheme, sequence) is unique and checked row by row: park the kept rows on negative numbers first.
  await tx.execute(sql`update assessment_components set sequence = -sequence where scheme_id = ${id}`);
  for (const { old, next, index } of kept) {
    await tx
      .update(assessmentComponents)
      .set({ code: next.code, name: next.name, maxScore: next.maxScore, weight: next.weight, sequence: index + 1 })
      .where(eq(assessmentComponents.id, old.id));
  }
  const inserted = await insertComponents(
    tx,
    id,
    components.flatMap((c, index) => (storedByCode.has(c.code.toLowerCase()) ? [] : [{ ...c, sequence: index + 1 }])),
  );
  const after = components.map((c) => ({ ...c, id: storedByCode.get(c.code.toLowerCase())?.id ?? inserted.find((i) => i.code === c.code)!.id }));
  await writeAudit(tx, actor, {
    action: "assessment_scheme.update",
    entityType: "assessment_scheme",
    entityId: id,
    before: beforeSnapshot,
    after: snapshot(values.name, scope, names, after),
    reason: shapeChanged && inUse ? `Confirmed: ${describeUsage(usage)}` : null,
  });

  const notices: string[] = [];
  if (shapeChanged && inUse) notices.push(`The totals of ${countOf(usage.offerings, "class", "classes")} using this scheme now follow the new components.`);
  if (scopeChanged) {
    const pinned = await pinnedElsewhereNotice(tx, id, scope);
    if (pinned) notices.push(pinned);
  }
  return { id, name: values.name, created: false, changed: true, notice: notices.length > 0 ? notices.join(" ") : null };
}
