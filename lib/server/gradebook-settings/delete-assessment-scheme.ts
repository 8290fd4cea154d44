import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { assessmentSchemes } from "@/lib/db/schema";
import { countOf } from "@/lib/domain/structure";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { deleteOrExplain } from "@/lib/server/school/structure-shared";
import { parseInput } from "@/lib/validation/common";
import { type SettingIdInput, settingIdSchema } from "@/lib/validation/gradebook-settings";
import { describeScope, isInUse, lockGradebookSettings, resolveScope, type SchemeScope, schemeUsage, SETTINGS_PERMISSION, SETTINGS_REFUSAL } from "./settings-shared";

/**
 * Deletes a scheme nothing depends on. One in use (offerings pinned to it, scores against it) is
 * refused with the count; so is the school default, which every subject without a scheme of its own
 * falls back on: it can be changed, not removed.
 */
export async function deleteAssessmentScheme(db: Queryable, actor: Actor, input: SettingIdInput): Promise<{ id: string; name: string }> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const { id } = parseInput(settingIdSchema, input);
  return db.transaction(async (tx) => {
    await lockGradebookSettings(tx);
    const [scheme] = await selectRows<SchemeScope & { name: string }>(
      tx,
      sql`select name, class_level_id as "classLevelId", subject_id as "subjectId", term_id as "termId" from assessment_schemes where id = ${id} for update`,
    );
    if (!scheme) throw new NotFoundError("That assessment scheme no longer exists. Reload the page.");
    const usage = await schemeUsage(tx, id);
    if (isInUse(usage)) {
      const scores = usage.scores > 0 ? ` (${countOf(usage.scores, "score")} entered)` : "";
      const message = `${countOf(usage.offerings, "class", "classes")} ${usage.offerings === 1 ? "uses" : "use"} it${scores}`;
      throw new ConflictError(`"${scheme.name}" can't be deleted: ${message}.`, { _form: [`${message}; it can be changed, but not deleted`] });
    }
    if (!scheme.classLevelId && !scheme.subjectId && !scheme.termId) {
      const message = "every subject without a scheme of its own uses the school default";
      throw new ConflictError(`"${scheme.name}" can't be deleted: ${message}. Change it instead.`, { _form: [`${message}; change it instead`] });
    }
    const components = await selectRows<{ code: string; name: string; maxScore: string; weight: string }>(
      tx,
      sql`select code, name, max_score::text as "maxScore", weight::text as weight from assessment_components where scheme_id = ${id} order by sequence`,
    );
    const scope = describeScope(await resolveScope(tx, scheme));
    await deleteOrExplain(() => tx.delete(assessmentSchemes).where(eq(assessmentSchemes.id, id)), `"${scheme.name}"`);
    await writeAudit(tx, actor, { action: "assessment_scheme.delete", entityType: "assessment_scheme", entityId: id, before: { ...scheme, scope, components } });
    return { id, name: scheme.name };
  });
}
