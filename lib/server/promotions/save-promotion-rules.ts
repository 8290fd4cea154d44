import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { PromotionRules } from "@/lib/domain/promotion";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { savePromotionRulesInput } from "@/lib/validation/promotions";
import { MANAGE_MESSAGE } from "./get-promotion-preview";

/** Keeps a level's rules as the starting point of its next previews (each run keeps its own copy). */
export async function savePromotionRules(db: Queryable, actor: Actor, input: { classLevelId: string; rules: unknown }): Promise<PromotionRules> {
  assertCan(actor, "promotions.manage", MANAGE_MESSAGE);
  const { classLevelId, rules } = parseInput(savePromotionRulesInput, input);
  return db.transaction(async (tx) => {
    const [level] = await selectRows<{ before: unknown }>(
      tx,
      sql`select (select rules from promotion_rules where class_level_id = l.id) as before from class_levels l where l.id = ${classLevelId} for update`,
    );
    if (!level) throw new NotFoundError("That class level was not found.");
    await tx.execute(
      sql`insert into promotion_rules (class_level_id, rules, updated_by) values (${classLevelId}, ${JSON.stringify(rules)}::jsonb, ${actor.userId})
          on conflict (class_level_id) do update set rules = excluded.rules, updated_by = excluded.updated_by, updated_at = now()`,
    );
    await writeAudit(tx, actor, { action: "promotions.rules_saved", entityType: "class_level", entityId: classLevelId, before: level.before, after: rules });
    return rules;
  });
}
