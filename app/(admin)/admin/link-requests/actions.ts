"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { decideLinkRequest } from "@/lib/server/family/link-requests";

export async function decideLinkRequestAction(input: { requestId: string; approve: boolean; reason?: string }) {
  return runAction("decideLinkRequest", async ({ db, actor }) => {
    await decideLinkRequest(db, actor, input);
    revalidatePath("/admin/link-requests");
  });
}
