import "server-only";
import { eq } from "drizzle-orm";
import { cached } from "@/lib/cache";
import type { Queryable } from "@/lib/db/client";
import { reportCardSettings } from "@/lib/db/schema";
import { type ReportCardView, resolveReportCardView } from "@/lib/domain/report-card";

/** Invalidated by every change to the report card settings, the logo included. */
export const REPORT_CARD_SETTINGS_TAG = "report-card-settings";

/**
 * How the school shows report cards; the defaults until an administrator saves settings. Not secret.
 * Read on every card page and PDF, changed a few times a year: cached until a change (ADR 20).
 */
export async function getReportCardView(db: Queryable): Promise<ReportCardView> {
  return cached(db, { name: "report_card_view", key: "school", tags: [REPORT_CARD_SETTINGS_TAG], ttlSeconds: 60 * 60 }, () => readReportCardView(db));
}

/**
 * The same, from the database. For a process that may not share the app's cache: a print job in
 * a separate worker without Redis would not see the app's invalidations.
 */
export async function readReportCardView(db: Queryable): Promise<ReportCardView> {
  const [row] = await db
    .select({
      showComponents: reportCardSettings.showComponents,
      showPositions: reportCardSettings.showPositions,
      showClassStatistics: reportCardSettings.showClassStatistics,
      accentColour: reportCardSettings.accentColour,
      signatures: reportCardSettings.signatures,
      logoKey: reportCardSettings.logoKey,
    })
    .from(reportCardSettings)
    .where(eq(reportCardSettings.id, 1));
  return resolveReportCardView(row ?? null);
}
