// The safety net under email jobs: every due outbox message gets a delivery job if it has none.
import "server-only";
import { asc } from "drizzle-orm";
import type { Database } from "@/lib/db/client";
import { emailOutbox } from "@/lib/db/schema";
import { emailDeliveryJob, type EmailDeliveryJobData } from "@/lib/jobs/definitions";
import { sendJobs } from "@/lib/jobs/queue";
import { isDue } from "./deliver-email";

/** More than a minute's sending; the rest is taken on the next sweep. */
const SWEEP_LIMIT = 1_000;

/**
 * Finds messages that are due but were left without a job: queued before email ran on jobs, queued
 * before pg-boss had created its tables, a job lost (failed, expired, archived), or a claim left by a
 * worker that died. A message that already has a waiting job keeps that one (the queue's "short"
 * policy skips the duplicate); one whose job is running gets a second one, which finds it claimed
 * or sent and does nothing. Returns how many due messages it saw.
 */
export async function sweepDueEmail(db: Database, options: { now?: Date; limit?: number } = {}): Promise<{ due: number }> {
  const { now = new Date(), limit = SWEEP_LIMIT } = options;
  const due = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(isDue(now))
    .orderBy(asc(emailOutbox.nextAttemptAt))
    .limit(limit);
  await sendJobs(
    db,
    due.map(({ id }) => ({ name: emailDeliveryJob.name, data: { outboxId: id } satisfies EmailDeliveryJobData, singletonKey: id })),
  );
  return { due: due.length };
}
