import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import type { ReportCardContent } from "@/lib/domain/report-card";
import { NotFoundError } from "@/lib/errors";
import { appUrl } from "@/lib/server/auth/account-tokens";
import { idSchema, parseInput } from "@/lib/validation/common";
import { readableReportCards } from "./report-card-access";

export type PublishedReportCard = {
  id: string;
  content: ReportCardContent;
  verification: { url: string; contentHash: string; version: number; publishedAt: string; superseded: boolean };
};

/** The verification link printed on a card: the public code and the start of the content hash. */
export function verificationUrl(code: string, contentHash: string): string {
  return appUrl(`/verify/${code}?h=${contentHash.slice(0, 16)}`);
}

/**
 * The current published report card of a student for a term. A card of a student the actor may not
 * read is "not found", exactly like one that was never published.
 */
export async function getReportCard(db: Queryable, actor: Actor, input: { studentId: string; termId: string }): Promise<PublishedReportCard> {
  const { studentId, termId } = parseInput(z.object({ studentId: idSchema, termId: idSchema }), input);
  const [row] = await selectRows<{ id: string; content: ReportCardContent; contentHash: string; code: string; version: number; publishedAt: string }>(
    db,
    sql`select rc.id, rc.content, rc.content_hash as "contentHash", rc.verification_code as code, rc.version,
               ${isoTime(sql`rc.published_at`)} as "publishedAt"
        from report_cards rc
        where rc.student_id = ${studentId} and rc.term_id = ${termId} and rc.superseded_at is null and (${readableReportCards(actor)})`,
  );
  if (!row) throw new NotFoundError("No published report card was found.");
  return {
    id: row.id,
    content: row.content,
    verification: { url: verificationUrl(row.code, row.contentHash), contentHash: row.contentHash, version: row.version, publishedAt: row.publishedAt, superseded: false },
  };
}
