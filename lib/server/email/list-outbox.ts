// The development outbox: lets an administrator read queued mail (invitations, password resets)
// on a server that has no way to send it.
import "server-only";
import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import type { Queryable } from "@/lib/db/client";
import { emailOutbox, type emailStatuses } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/common";
import { isMailTransportConfigured, type MailConfig } from "./transport";

export const OUTBOX_PAGE_SIZE = 20;

const outboxQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

export type OutboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: (typeof emailStatuses)[number];
  createdAt: Date;
};

export type OutboxPage = { messages: OutboxMessage[]; page: number; pageSize: number; total: number };

export type ListOutboxOptions = {
  page?: number | string;
  /** Which transport settings apply; defaults to the server's configuration. */
  mail?: Pick<MailConfig, "SMTP_URL" | "RESEND_API_KEY">;
};

/**
 * Newest first. Once a transport is configured the page does not exist: mail then reaches real
 * people, and its reset and invitation links must not also be readable by every administrator.
 */
export async function listOutbox(db: Queryable, actor: Actor, options: ListOutboxOptions = {}): Promise<OutboxPage> {
  assertCan(actor, "users.manage");
  if (isMailTransportConfigured(options.mail ?? env())) throw new NotFoundError("The outbox is only shown while no mail transport is configured.");
  const { page } = parseInput(outboxQuerySchema, { page: options.page });
  const rows = await db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      text: emailOutbox.textBody,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(emailOutbox)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  // Past the last page the window count has no row to ride on.
  const total = rows[0]?.total ?? (page > 1 ? await countAll(db) : 0);
  return { messages: rows.map(({ total: _, ...message }) => message), page, pageSize: OUTBOX_PAGE_SIZE, total };
}

async function countAll(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(emailOutbox);
  return row?.n ?? 0;
}
