import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import type { ReportCommentKind } from "@/lib/validation/comments";

export type CommentBankEntry = {
  id: string;
  kind: ReportCommentKind;
  body: string;
  /** "50.00"; null when the band has no lower bound. */
  minAverage: string | null;
  maxAverage: string | null;
  isActive: boolean;
};

/** The whole comment bank, inactive entries included, for administrators to keep: by kind, highest band first. */
export async function listCommentBank(db: Queryable, actor: Actor): Promise<CommentBankEntry[]> {
  assertCan(actor, "reports.publish", "Only an administrator can manage the comment bank.");
  return selectRows<CommentBankEntry>(
    db,
    sql`select id, kind, body, min_average::text as "minAverage", max_average::text as "maxAverage", is_active as "isActive"
        from comment_bank
        order by kind, is_active desc, coalesce(min_average, 0) desc, coalesce(max_average, 100) desc, created_at, id`,
  );
}
