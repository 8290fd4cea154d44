import "server-only";
import type { Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { auditLog } from "@/lib/db/schema";

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Who did it: a signed-in actor, or just a user id where no actor exists yet (signing in). */
export type AuditActor = Pick<Actor, "userId" | "requestId">;

/** Writes an audit record; call it inside the transaction that makes the change, so both or neither land. */
export async function writeAudit(tx: Queryable, actor: AuditActor | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: actor?.userId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    requestId: actor?.requestId ?? null,
  });
}
