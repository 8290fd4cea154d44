import "server-only";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { invalidateCache } from "@/lib/cache";
import type { Queryable } from "@/lib/db/client";
import { reportCardSettings } from "@/lib/db/schema";
import type { ReportCardView } from "@/lib/domain/report-card";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type ReportCardSettingsInput, reportCardSettingsInput } from "@/lib/validation/report-card-settings";
import { getReportCardView, REPORT_CARD_SETTINGS_TAG } from "./get-report-card-view";

/** An administrator chooses how report cards look; the change and the previous settings are audited. */
export async function saveReportCardSettings(db: Queryable, actor: Actor, input: ReportCardSettingsInput): Promise<ReportCardView> {
  assertCan(actor, "reports.publish", "Only an administrator can change how report cards look.");
  const settings = parseInput(reportCardSettingsInput, input);
  const saved = await db.transaction(async (tx) => {
    const before = await getReportCardView(tx);
    const values = { ...settings, accentColour: settings.accentColour.toLowerCase(), updatedBy: actor.userId, updatedAt: new Date() };
    await tx.insert(reportCardSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: reportCardSettings.id, set: values });
    const after = await getReportCardView(tx);
    await writeAudit(tx, actor, { action: "report_cards.settings_changed", entityType: "report_card_settings", entityId: "1", before, after });
    return after;
  });
  await invalidateCache(db, [REPORT_CARD_SETTINGS_TAG]);
  return saved;
}
