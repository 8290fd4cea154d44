import "server-only";
import { eq, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { gradeScales } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type SettingIdInput, settingIdSchema } from "@/lib/validation/gradebook-settings";
import { levelsLosingAScale, lockGradebookSettings, SETTINGS_PERMISSION, SETTINGS_REFUSAL } from "./settings-shared";

/**
 * Deletes a grade scale and its bands, unless every total would then have nothing to be graded
 * against: the last scale can't go, nor one that leaves a level with no scale (a level's own scale
 * falls back on the school-wide one; the school-wide one may only go once every level has its own).
 */
export async function deleteGradeScale(db: Queryable, actor: Actor, input: SettingIdInput): Promise<{ id: string; name: string }> {
  assertCan(actor, SETTINGS_PERMISSION, SETTINGS_REFUSAL);
  const { id } = parseInput(settingIdSchema, input);
  return db.transaction(async (tx) => {
    await lockGradebookSettings(tx);
    const [scale] = await selectRows<{ name: string; classLevelId: string | null; passMark: string; roundingMode: string; roundingPlaces: number; scales: number }>(
      tx,
      sql`select name, class_level_id as "classLevelId", pass_mark::text as "passMark", rounding_mode as "roundingMode",
                 rounding_places::int as "roundingPlaces", (select count(*)::int from grade_scales) as scales
          from grade_scales where id = ${id} for update`,
    );
    if (!scale) throw new NotFoundError("That grade scale no longer exists. Reload the page.");
    if (scale.scales === 1) {
      const message = "it is the only grade scale, and every total needs one to get a grade";
      throw new ConflictError(`"${scale.name}" can't be deleted: ${message}.`, { _form: [`${message}; change it instead`] });
    }
    const stranded = await levelsLosingAScale(tx, { scaleId: id, classLevelId: "deleted" });
    if (stranded.length > 0) {
      const message = `${stranded.join(", ")} would be left with no grade scale`;
      throw new ConflictError(`"${scale.name}" can't be deleted: ${message}.`, { _form: [`${message}; give ${stranded.length === 1 ? "it" : "them"} a scale of ${stranded.length === 1 ? "its" : "their"} own first`] });
    }
    const bands = await selectRows<{ letter: string; minScore: string; maxScore: string; points: string; remark: string }>(
      tx,
      sql`select letter, min_score::text as "minScore", max_score::text as "maxScore", points::text as points, remark
          from grade_bands where scale_id = ${id} order by min_score desc`,
    );
    await tx.delete(gradeScales).where(eq(gradeScales.id, id));
    const { scales: _, ...before } = scale;
    await writeAudit(tx, actor, { action: "grade_scale.delete", entityType: "grade_scale", entityId: id, before: { ...before, bands } });
    return { id, name: scale.name };
  });
}
