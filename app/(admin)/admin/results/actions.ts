"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { getJobQueue } from "@/lib/jobs";
import { requestReportCardBatch } from "@/lib/server/report-cards/batches/request-report-card-batch";
import { type PublishTermResultsInput, publishTermResults } from "@/lib/server/results/publish-term-results";

export async function publishTermResultsAction(input: PublishTermResultsInput) {
  return runAction("publishTermResults", async ({ db, actor }) => {
    const outcome = await publishTermResults(db, actor, input);
    revalidatePath("/admin/results");
    return outcome;
  });
}

export async function requestReportCardBatchAction(input: { termId: string; classId?: string; classLevelId?: string }) {
  return runAction("requestReportCardBatch", async ({ db, actor }) => {
    const requested = await requestReportCardBatch(db, actor, await getJobQueue(), input);
    revalidatePath("/admin/results");
    return requested;
  });
}
