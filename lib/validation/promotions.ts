// Inputs of the promotion workflow, shared by the preview page's forms and the data layer.
import { z } from "zod";
import { promotionOutcomes, promotionRulesSchema } from "@/lib/domain/promotion";
import { idSchema, noControlCharacters, noMarkup } from "./common";

const reason = (what: string) =>
  z
    .string({ error: `Give the reason for the ${what}` })
    .trim()
    .min(3, `Give the reason for the ${what} (at least 3 characters)`)
    .max(500, `The reason is at most 500 characters`)
    .refine(noMarkup, "The reason can't contain < or >")
    .refine(noControlCharacters, "The reason can't contain control characters");

/** Where a whole class goes when not to the same arm next year, per outcome. */
export const classMapSchema = z.record(idSchema, z.object({ promote: idSchema.optional(), repeat: idSchema.optional() }));

export const savePromotionRulesInput = z.object({ classLevelId: idSchema, rules: promotionRulesSchema });

export const overridePromotionInput = z
  .object({
    classLevelId: idSchema,
    studentIds: z.array(idSchema).min(1, "Choose at least one student").max(10_000),
    /** null puts the students back on the rules' decision. */
    outcome: z.enum(promotionOutcomes, { error: "Choose the outcome" }).nullable(),
    targetClassId: idSchema.nullable().optional(),
    transferDestination: z
      .string()
      .trim()
      .max(200, "The destination is at most 200 characters")
      .refine(noMarkup, "The destination can't contain < or >")
      .optional(),
    reason: reason("change").optional(),
    /** The thresholds on screen: the decision the override replaces is recorded by these rules. */
    rules: promotionRulesSchema,
  })
  .superRefine((value, context) => {
    if (value.outcome !== null && !value.reason) {
      context.addIssue({ code: "custom", path: ["reason"], message: "Give the reason for the change (at least 3 characters)" });
    }
    if (value.outcome === "transfer" && !value.transferDestination) {
      context.addIssue({ code: "custom", path: ["transferDestination"], message: "Enter the school the student is transferring to" });
    }
    if (value.outcome === "review") {
      context.addIssue({ code: "custom", path: ["outcome"], message: "Choose a decision: review is what needs one" });
    }
  });
export type OverridePromotionInput = z.input<typeof overridePromotionInput>;

export const executePromotionInput = z.object({
  classLevelId: idSchema,
  rules: promotionRulesSchema,
  classMap: classMapSchema.default({}),
  /** Fill classes beyond their capacity: the administrator saw the warning and confirmed. */
  allowOverCapacity: z.boolean().default(false),
});
export type ExecutePromotionInput = z.input<typeof executePromotionInput>;

export const undoPromotionInput = z.object({ runId: idSchema, reason: reason("undo") });
export type UndoPromotionInput = z.input<typeof undoPromotionInput>;
