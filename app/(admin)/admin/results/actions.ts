"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { type PublishTermResultsInput, publishTermResults } from "@/lib/server/results/publish-term-results";

export async function publishTermResultsAction(input: PublishTermResultsInput) {
  return runAction("publishTermResults", async ({ db, actor }) => {
    const outcome = await publishTermResults(db, actor, input);
    revalidatePath("/admin/results");
    return outcome;
  });
}
