import "server-only";
import { sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { lockTermInput } from "@/lib/validation/gradebook";

/**
 * An administrator closes score entry for a whole term (or reopens it, with a reason). After the
 * lock, changes go through a change request.
 */
export async function lockTermScores(db: Queryable, actor: Actor, input: { termId: string; unlock?: boolean; reason?: string }) {
  assertCan(actor, "scores.manage_all", "Only an administrator can lock or unlock a term's scores.");
  const { termId, unlock, reason } = parseInput(lockTermInput, input);
  if (unlock && (!reason || reason.length < 5)) {
    throw new ValidationError("Give a reason for unlocking the term.", { reason: ["Give a reason for unlocking the term (at least 5 characters)"] });
  }
  return db.transaction(async (tx) => {
    const [term] = await selectRows<{ name: string; lockedAt: string | null }>(
      tx,
      sql`select name, scores_locked_at::text as "lockedAt" from terms where id = ${termId} for update`,
    );
    if (!term) throw new NotFoundError("That term was not found.");
    if (!unlock && term.lockedAt) throw new ConflictError(`${term.name} is already locked.`);
    if (unlock && !term.lockedAt) throw new ConflictError(`${term.name} is not locked.`);
    await tx.execute(sql`update terms set scores_locked_at = ${unlock ? null : sql`now()`} where id = ${termId}`);
    await writeAudit(tx, actor, {
      action: unlock ? "scores.term_unlocked" : "scores.term_locked",
      entityType: "term",
      entityId: termId,
      before: { locked: Boolean(term.lockedAt) },
      after: { locked: !unlock },
      reason: reason ?? null,
    });
    return { locked: !unlock };
  });
}
