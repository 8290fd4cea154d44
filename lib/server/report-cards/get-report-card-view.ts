import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { reportCardSettings } from "@/lib/db/schema";
import { type ReportCardView, resolveReportCardView } from "@/lib/domain/report-card";

/** How the school shows report cards; the defaults until an administrator saves settings. Not secret. */
export async function getReportCardView(db: Queryable): Promise<ReportCardView> {
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
