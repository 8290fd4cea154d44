import "server-only";
import type { Queryable } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { emailDeliveryJob, type EmailDeliveryJobData } from "@/lib/jobs/definitions";
import { sendJob } from "@/lib/jobs/queue";

export type OutgoingEmail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The same key never queues a second message: a retried request sends one email. */
  idempotencyKey?: string;
};

/**
 * Queues an email in the outbox, and the job that delivers it. Call it inside the transaction that
 * makes the change the email is about: a rolled-back change sends nothing, a committed one always
 * has its row and its job. The row is the record (the outbox page reads it, the sweep finds it if
 * its job is ever lost); the job only says "deliver this one now".
 */
export async function enqueueEmail(tx: Queryable, email: OutgoingEmail): Promise<void> {
  const [queued] = await tx
    .insert(emailOutbox)
    .values({
      toAddress: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html ?? null,
      idempotencyKey: email.idempotencyKey ?? null,
    })
    .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
    .returning({ id: emailOutbox.id });
  // Already queued under this key: that message has its job.
  if (!queued) return;
  await sendJob(tx, emailDeliveryJob.name, { outboxId: queued.id } satisfies EmailDeliveryJobData, { singletonKey: queued.id });
}
