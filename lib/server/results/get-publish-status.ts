import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { isoTime, type Queryable, selectRows } from "@/lib/db/client";
import { checkPublishReadiness, type PublishProblem } from "./check-publish-readiness";

export type PublishStatus = { problems: PublishProblem[]; cards: number; versions: number; lastPublishedAt: string | null };

/** Whether a class's term results can be published, and what has been published so far. */
export async function getPublishStatus(db: Queryable, actor: Actor, input: { termId: string; classId: string }): Promise<PublishStatus> {
  assertCan(actor, "reports.publish", "Only an administrator can publish results.");
  const [problems, [published]] = await Promise.all([
    checkPublishReadiness(db, { termId: input.termId, classIds: [input.classId] }),
    selectRows<{ cards: number; versions: number; lastPublishedAt: string | null }>(
      db,
      sql`select count(*) filter (where superseded_at is null)::int as cards, count(*)::int as versions,
                 ${isoTime(sql`max(published_at)`)} as "lastPublishedAt"
          from report_cards where term_id = ${input.termId} and class_id = ${input.classId}`,
    ),
  ]);
  return { problems, cards: published?.cards ?? 0, versions: published?.versions ?? 0, lastPublishedAt: published?.lastPublishedAt ?? null };
}
