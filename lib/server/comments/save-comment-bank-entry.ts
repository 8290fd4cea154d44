import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type CommentBankEntryInput, commentBankEntryInput } from "@/lib/validation/comments";
import type { CommentBankEntry } from "./list-comment-bank";

export type SaveCommentBankEntryResult = { entry: CommentBankEntry; outcome: "created" | "updated" | "unchanged" };

const entryColumns = sql`id, kind, body, min_average::text as "minAverage", max_average::text as "maxAverage", is_active as "isActive"`;

/**
 * Adds a comment to the bank, or changes one (its text, band or whether it is suggested), with an audit
 * record. Adding the same comment with the same band twice (a double click, a retry) returns the entry
 * already there; saving an entry unchanged records nothing. Requires reports.publish.
 */
export async function saveCommentBankEntry(db: Queryable, actor: Actor, input: CommentBankEntryInput): Promise<SaveCommentBankEntryResult> {
  assertCan(actor, "reports.publish", "Only an administrator can manage the comment bank.");
  const { id, ...values } = parseInput(commentBankEntryInput, input);
  return db.transaction(async (tx) => {
    // The bank is small and rarely changed: one writer at a time keeps "is it already there?" true until the insert.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('comment-bank'))`);
    if (!id) {
      const [same] = await selectRows<CommentBankEntry>(
        tx,
        sql`select ${entryColumns} from comment_bank
            where kind = ${values.kind} and body = ${values.body}
              and min_average is not distinct from ${values.minAverage}::numeric and max_average is not distinct from ${values.maxAverage}::numeric
            order by created_at limit 1`,
      );
      if (same) return { entry: same, outcome: "unchanged" };
      const [created] = await selectRows<CommentBankEntry>(
        tx,
        sql`insert into comment_bank (kind, body, min_average, max_average, is_active)
            values (${values.kind}, ${values.body}, ${values.minAverage}, ${values.maxAverage}, ${values.isActive})
            returning ${entryColumns}`,
      );
      await writeAudit(tx, actor, { action: "comment_bank.created", entityType: "comment_bank", entityId: created!.id, after: created });
      return { entry: created!, outcome: "created" };
    }

    const [before] = await selectRows<CommentBankEntry>(tx, sql`select ${entryColumns} from comment_bank where id = ${id} for update`);
    if (!before) throw new NotFoundError("That comment is no longer in the bank. Reload the page.");
    if (
      before.kind === values.kind &&
      before.body === values.body &&
      before.minAverage === values.minAverage &&
      before.maxAverage === values.maxAverage &&
      before.isActive === values.isActive
    ) {
      return { entry: before, outcome: "unchanged" };
    }
    const [after] = await selectRows<CommentBankEntry>(
      tx,
      sql`update comment_bank
          set kind = ${values.kind}, body = ${values.body}, min_average = ${values.minAverage}, max_average = ${values.maxAverage}, is_active = ${values.isActive}
          where id = ${id}
          returning ${entryColumns}`,
    );
    await writeAudit(tx, actor, { action: "comment_bank.updated", entityType: "comment_bank", entityId: id, before, after });
    return { entry: after!, outcome: "updated" };
  });
}
