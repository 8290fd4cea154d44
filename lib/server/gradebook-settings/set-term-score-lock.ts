// The lock buttons on the settings page: the gradebook's own term lock, with the settings form's reason rule.
import "server-only";
import { assertCan, type Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { lockTermScores } from "@/lib/server/gradebook/lock-term-scores";
import { parseInput } from "@/lib/validation/common";
import { type TermScoreLockInput, termScoreLockSchema } from "@/lib/validation/gradebook-settings";
import { SETTINGS_PERMISSION } from "./settings-shared";

export async function setTermScoreLock(db: Queryable, actor: Actor, input: TermScoreLockInput): Promise<{ locked: boolean }> {
  assertCan(actor, SETTINGS_PERMISSION, "Only an administrator can lock or unlock a term's scores.");
  const { termId, locked, reason } = parseInput(termScoreLockSchema, input);
  return lockTermScores(db, actor, locked ? { termId } : { termId, unlock: true, reason });
}
