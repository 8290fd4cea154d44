import "server-only";
import type { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { type Queryable, selectRows } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { FileStore } from "@/lib/storage/file-store";
import { idSchema, parseInput } from "@/lib/validation/common";

/** A finished batch's PDF as a stream, with a file name made from what it covers. */
export async function openReportCardBatchFile(
  db: Queryable,
  actor: Actor,
  store: FileStore,
  input: { batchId: string },
): Promise<{ stream: Readable; size: number; fileName: string }> {
  assertCan(actor, "reports.publish", "Only an administrator can print report cards in bulk.");
  const { batchId } = parseInput(z.object({ batchId: idSchema }), input);
  const [batch] = await selectRows<{ label: string; storageKey: string | null }>(
    db,
    sql`select label, storage_key as "storageKey" from report_card_batches where id = ${batchId} and status = 'done'`,
  );
  if (!batch?.storageKey) throw new NotFoundError("That print batch isn't ready.");
  const file = await store.get(batch.storageKey);
  if (!file) throw new NotFoundError("That print batch's file is gone; ask for the batch again.");
  const slug = batch.label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return { ...file, fileName: `report-cards-${slug}.pdf` };
}
