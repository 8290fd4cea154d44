import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { type ClassMap } from "@/lib/domain/promotion-plan";
import { promotionRulesSchema } from "@/lib/domain/promotion";
import { ConflictError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { idSchema, parseInput } from "@/lib/validation/common";
import { classMapSchema } from "@/lib/validation/promotions";
import { MANAGE_MESSAGE } from "./get-promotion-preview";
import { ensureDraftRun, loadPromotionContext, lockLevelPromotion } from "./promotion-context";

const input = z.object({ classLevelId: idSchema, classMap: classMapSchema, rules: promotionRulesSchema });

/**
 * Keeps where each class goes next year on the level's draft run, so the choices survive a reload and
 * the run uses them. Each target must be one of next year's classes of the right level.
 */
export async function savePromotionClassMap(db: Queryable, actor: Actor, values: z.input<typeof input>): Promise<ClassMap> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const { classLevelId, classMap, rules } = parseInput(input, values);
  return db.transaction(async (tx) => {
    await lockLevelPromotion(tx, classLevelId);
    const context = await loadPromotionContext(tx, { classLevelId });
    if (context.run?.status === "executed") {
      throw new ConflictError(`${context.level.name} has already been promoted for ${context.fromYear.name}: undo the run to change where classes go.`);
    }
    const levelOf = new Map(context.nextYearClasses.map((c) => [c.id, c.classLevelId]));
    const currentClasses = new Set(context.students.map((s) => s.classId));
    for (const [fromClassId, targets] of Object.entries(classMap)) {
      const wrong =
        !currentClasses.has(fromClassId) ||
        (targets.promote !== undefined && levelOf.get(targets.promote) !== context.level.nextLevelId) ||
        (targets.repeat !== undefined && levelOf.get(targets.repeat) !== context.level.id);
      if (wrong) throw new ValidationError("That class can't go there: choose one of next year's classes of the right level.", { classMap: ["Choose next year's classes of the right level"] });
    }
    const runId = await ensureDraftRun(tx, context, { rules, userId: actor.userId });
    await tx.execute(sql`update promotion_runs set class_map = ${JSON.stringify(classMap)}::jsonb where id = ${runId}`);
    await writeAudit(tx, actor, { action: "promotions.class_map_saved", entityType: "promotion_run", entityId: runId, before: context.run?.classMap ?? {}, after: classMap });
    return classMap;
  });
}
