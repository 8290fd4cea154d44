// Retention for the outbox: delivered mail is deleted after a month. Its text holds sign-in links
// and pupils' names, and nothing reads a delivered message again. Failed and waiting mail stays.
import "server-only";
import { sql } from "drizzle-orm";
import { type Queryable, selectRows } from "@/lib/db/client";

export const SENT_EMAIL_RETENTION_DAYS = 30;

/** Run nightly by its job; no user and no audit record, like the other maintenance sweeps. */
export async function purgeSentEmail(db: Queryable, options: { now?: Date } = {}): Promise<{ deleted: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - SENT_EMAIL_RETENTION_DAYS * 24 * 60 * 60_000);
  const [row] = await selectRows<{ deleted: number }>(
    db,
    sql`with gone as (delete from email_outbox where status = 'sent' and sent_at < ${cutoff.toISOString()}::timestamptz returning 1) select count(*)::int as deleted from gone`,
  );
  return { deleted: row?.deleted ?? 0 };
}
