import "server-only";
import { eq } from "drizzle-orm";
import { type Actor, assertCan } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/client";
import { educators } from "@/lib/db/schema";
import { writeAudit } from "@/lib/server/audit";
import { parseInput } from "@/lib/validation/common";
import { type EducatorIdInput, educatorIdSchema } from "@/lib/validation/people";
import { loadEducatorForUpdate } from "./educator-records";

/**
 * Removes the link between an educator and their sign-in account (a wrong link, or an account
 * being retired). The account keeps its roles but no longer sees this educator's classes.
 * Unlinking an educator with no account changes nothing.
 */
export async function unlinkEducatorAccount(db: Database, actor: Actor, input: EducatorIdInput): Promise<{ changed: boolean }> {
  assertCan(actor, "school.manage");
  const { educatorId } = parseInput(educatorIdSchema, input);
  return db.transaction(async (tx) => {
    const educator = await loadEducatorForUpdate(tx, educatorId);
    if (!educator.userId) return { changed: false };
    await tx.update(educators).set({ userId: null }).where(eq(educators.id, educatorId));
    await writeAudit(tx, actor, {
      action: "educator.account_unlink",
      entityType: "educator",
      entityId: educatorId,
      before: { userId: educator.userId },
      after: { userId: null },
    });
    return { changed: true };
  });
}
