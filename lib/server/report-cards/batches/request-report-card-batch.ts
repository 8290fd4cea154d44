import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { type ReportCardBatchJobData, reportCardBatchJob } from "@/lib/jobs/definitions";
import { type JobQueue, transactionExecutor } from "@/lib/jobs/queue";
import { writeAudit } from "@/lib/server/audit";
import { idSchema, parseInput } from "@/lib/validation/common";

export const requestReportCardBatchInput = z
  .object({ termId: idSchema, classId: idSchema.optional(), classLevelId: idSchema.optional() })
  .refine((v) => Boolean(v.classId) !== Boolean(v.classLevelId), { message: "Choose a class or a class level", path: ["classId"] });

export type RequestedBatch = { batchId: string; alreadyRunning: boolean };

/**
 * Asks for a class's or a level's published report cards as one PDF, made in the background. The
 * batch row and its job are written in one transaction, so a batch never waits for a job that was
 * never sent. Asking again while the same batch is queued or running returns that batch (a double
 * click makes one file, not two).
 */
export async function requestReportCardBatch(
  db: Queryable,
  actor: Actor,
  queue: JobQueue,
  input: z.input<typeof requestReportCardBatchInput>,
): Promise<RequestedBatch> {
  assertCan(actor, "reports.publish", "Only an administrator can print report cards in bulk.");
  const { termId, classId, classLevelId } = parseInput(requestReportCardBatchInput, input);
  return db.transaction(async (tx) => {
    // Serialises two clicks on the same button, so the second sees the first's batch.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('report-card-batch:' || ${termId} || ':' || ${classId ?? classLevelId!}))`);
    const [scope] = await selectRows<{ label: string; cards: number }>(
      tx,
      sql`select concat_ws(', ', ${classId ? sql`c.name` : sql`cl.name`}, t.name || ' ' || y.name) as label,
                 (select count(*)::int from report_cards rc join classes rc_class on rc_class.id = rc.class_id
                  where rc.term_id = t.id and rc.superseded_at is null
                    and ${classId ? sql`rc.class_id = ${classId}` : sql`rc_class.class_level_id = ${classLevelId!}`}) as cards
          from terms t join academic_years y on y.id = t.academic_year_id
          ${classId ? sql`join classes c on c.id = ${classId} and c.academic_year_id = t.academic_year_id` : sql`join class_levels cl on cl.id = ${classLevelId!}`}
          where t.id = ${termId}`,
    );
    if (!scope) throw new NotFoundError("That class, level or term was not found.");
    if (scope.cards === 0) {
      throw new ValidationError(`No report cards are published for ${scope.label} yet: publish the results first, then print them.`, {
        [classId ? "classId" : "classLevelId"]: ["No published report cards to print"],
      });
    }
    const [running] = await selectRows<{ id: string }>(
      tx,
      sql`select id from report_card_batches
          where term_id = ${termId} and ${classId ? sql`class_id = ${classId}` : sql`class_level_id = ${classLevelId!}`}
            and status in ('queued', 'running')
          order by created_at desc limit 1`,
    );
    if (running) return { batchId: running.id, alreadyRunning: true };
    const [batch] = await selectRows<{ id: string }>(
      tx,
      sql`insert into report_card_batches (term_id, class_id, class_level_id, label, total, requested_by)
          values (${termId}, ${classId ?? null}, ${classLevelId ?? null}, ${scope.label}, ${scope.cards}, ${actor.userId})
          returning id`,
    );
    const data: ReportCardBatchJobData = { batchId: batch!.id };
    await queue.send(reportCardBatchJob.name, data, { singletonKey: batch!.id, db: transactionExecutor(tx) });
    await writeAudit(tx, actor, { action: "report_cards.batch_requested", entityType: "report_card_batch", entityId: batch!.id, after: { termId, classId, classLevelId, cards: scope.cards } });
    return { batchId: batch!.id, alreadyRunning: false };
  });
}
