import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type CommentBankEntryRef, commentBankEntryRef } from "@/lib/validation/comments";
import type { CommentBankEntry } from "./list-comment-bank";

/**
 * Removes a comment from the bank for good, with an audit record of what it said. Comments already written
 * from it keep their text (a report comment is a copy, not a link). To stop suggesting an entry but keep
 * it, deactivate it instead (saveCommentBankEntry with isActive false). Requires reports.publish.
 */
export async function deleteCommentBankEntry(db: Queryable, actor: Actor, input: CommentBankEntryRef): Promise<{ id: string }> {
  assertCan(actor, "reports.publish", "Only an administrator can manage the comment bank.");
  const { id } = parseInput(commentBankEntryRef, input);
  return db.transaction(async (tx) => {
    const [before] = await selectRows<CommentBankEntry>(
      tx,
      sql`delete from comment_bank where id = ${id}
          returning id, kind, body, min_average::text as "minAverage", max_average::text as "maxAverage", is_active as "isActive"`,
    );
    if (!before) throw new NotFoundError("That comment is no longer in the bank. Reload the page.");
    await writeAudit(tx, actor, { action: "comment_bank.deleted", entityType: "comment_bank", entityId: id, before });
    return { id };
  });
}
