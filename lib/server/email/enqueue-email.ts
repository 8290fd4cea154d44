import "server-only";
import type { Queryable } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";

export type OutgoingEmail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The same key never queues a second message: a retried request sends one email. */
  idempotencyKey?: string;
};

/**
 * Queues an email in the outbox. Call it inside the transaction that makes the change the email
 * is about, so a rolled-back change sends nothing; the delivery worker sends it afterwards.
 */
export async function enqueueEmail(tx: Queryable, email: OutgoingEmail): Promise<void> {
  await tx
    .insert(emailOutbox)
    .values({
      toAddress: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html ?? null,
      idempotencyKey: email.idempotencyKey ?? null,
    })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey });
}
