import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import type { ReportCardContent } from "@/lib/domain/report-card";
import { verificationUrl } from "./get-report-card";
import type { ReportCardVerification } from "./report-card-layout";
import { sampleReportCard } from "./sample-report-card";

/**
 * What the settings page previews: the most recently published card, so the school sees its own
 * subjects and names, or a made-up one before anything is published.
 */
export async function getPreviewCard(db: Queryable, actor: Actor): Promise<{ content: ReportCardContent; verification: ReportCardVerification; sample: boolean }> {
  assertCan(actor, "reports.publish", "Only an administrator can change how report cards look.");
  const [row] = await selectRows<{ content: ReportCardContent; contentHash: string; code: string; version: number; publishedAt: string }>(
    db,
    sql`select content, content_hash as "contentHash", verification_code as code, version, ${isoTime(sql`published_at`)} as "publishedAt"
        from report_cards where superseded_at is null order by published_at desc limit 1`,
  );
  if (!row) {
    const sample = sampleReportCard();
    return { content: sample.content, verification: sample.verification, sample: true };
  }
  return {
    content: row.content,
    verification: { url: verificationUrl(row.code, row.contentHash), contentHash: row.contentHash, version: row.version, publishedAt: row.publishedAt },
    sample: false,
  };
}
