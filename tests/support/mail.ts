// Reads what AMS queued for a recipient: tests follow emailed links exactly as a person would.
import { desc, eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";

export async function lastEmailTo(db: Queryable, to: string): Promise<{ subject: string; text: string } | undefined> {
  const [row] = await db
    .select({ subject: emailOutbox.subject, text: emailOutbox.textBody })
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, to))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(1);
  return row;
}

/** The token in the first link of the last email to `to` whose path starts with `path`. */
export async function tokenFromEmail(db: Queryable, to: string, path: string): Promise<string> {
  const email = await lastEmailTo(db, to);
  const match = email?.text.match(new RegExp(`https?://[^\\s]*${path}\\?token=([^\\s]+)`));
  if (!match) throw new Error(`No ${path} link in the last email to ${to}: ${email?.text ?? "(no email)"}`);
  return decodeURIComponent(match[1]!);
}

/** A fresh documentation-range address per call, so rate limits left by other tests (or runs) never interfere. */
export function testIp(): string {
  return `2001:db8::${crypto.randomUUID().slice(0, 4)}:${crypto.randomUUID().slice(0, 4)}`;
}
