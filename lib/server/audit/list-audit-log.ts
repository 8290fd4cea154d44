// The audit trail for administrators: who changed what and when, filtered and paged on the server.
import "server-only";
import { and, desc, eq, gte, ilike, like, lt, or, type SQL, sql } from "drizzle-orm";
import { assertCan, type Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { auditLog, users } from "@/lib/db/schema";
import { idSchema, parseInput } from "@/lib/validation/common";
import { auditLogQuerySchema, type AuditLogQueryInput } from "@/lib/validation/audit";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type AuditLogEntry = {
  id: number;
  /** ISO 8601, UTC. */
  occurredAt: string;
  /** "System" when no user did it (failed sign-ins, scheduled jobs) or the user no longer exists. */
  actorName: string;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
  requestId: string | null;
};

export type AuditLogPage = { entries: AuditLogEntry[]; total: number; page: number; pageSize: number };

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const dayStart = (isoDay: string) => new Date(`${isoDay}T00:00:00.000Z`);
const nextDayStart = (isoDay: string) => new Date(dayStart(isoDay).getTime() + 24 * 60 * 60 * 1000);

/** A page of the audit trail, newest first. Invalid filters throw a ValidationError naming the field. */
export async function listAuditLog(db: Queryable, actor: Actor, input: AuditLogQueryInput = {}): Promise<AuditLogPage> {
  assertCan(actor, "audit.read");
  const { page, pageSize, user, action, entityType, from, to } = parseInput(auditLogQuerySchema, input);
  const userPattern = user ? `%${escapeLike(user)}%` : undefined;
  const where = and(
    user
      ? idSchema.safeParse(user).success
        ? eq(auditLog.actorUserId, user)
        : or(ilike(users.email, userPattern!), ilike(users.name, userPattern!))
      : undefined,
    action ? (action.endsWith(".") ? like(auditLog.action, `${escapeLike(action)}%`) : eq(auditLog.action, action)) : undefined,
    entityType ? eq(auditLog.entityType, entityType) : undefined,
    from ? gte(auditLog.occurredAt, dayStart(from)) : undefined,
    // "To" names a whole day, so everything before the next day's start is included.
    to ? lt(auditLog.occurredAt, nextDayStart(to)) : undefined,
  );
  const rows = await db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      actorName: users.name,
      actorEmail: users.email,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      reason: auditLog.reason,
      before: auditLog.before,
      after: auditLog.after,
      requestId: auditLog.requestId,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    // The id breaks ties between records written in one transaction (same occurred_at).
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  // Past the last page the window count has no row to ride on; count separately so the pager can recover.
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, where) : 0);
  return {
    entries: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurredAt.toISOString(),
      actorName: row.actorName ?? "System",
      actorEmail: row.actorEmail,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      reason: row.reason,
      before: (row.before ?? null) as JsonValue | null,
      after: (row.after ?? null) as JsonValue | null,
      requestId: row.requestId,
    })),
    total,
    page,
    pageSize,
  };
}

/** Every action recorded so far, in character order, for the filter's list. */
export async function listAuditActions(db: Queryable, actor: Actor): Promise<string[]> {
  assertCan(actor, "audit.read");
  // Byte order, not the server's locale, which may ignore "." and "_" and so split a kind apart.
  const rows = await db
    .select({ action: auditLog.action })
    .from(auditLog)
    .groupBy(auditLog.action)
    .orderBy(sql`${auditLog.action} collate "C"`);
  return rows.map((row) => row.action);
}

async function countMatching(db: Queryable, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where);
  return row?.n ?? 0;
}
