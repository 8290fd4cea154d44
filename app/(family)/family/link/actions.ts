"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { linkChildWithCode } from "@/lib/server/family/link-codes";
import { requestChildLink } from "@/lib/server/family/link-requests";
import type { LinkChildWithCodeInput, RequestChildLinkInput } from "@/lib/validation/auth";

export async function linkChildWithCodeAction(input: LinkChildWithCodeInput) {
  return runAction("linkChildWithCode", async ({ db, actor }) => {
    const linked = await linkChildWithCode(db, actor, input);
    revalidatePath("/family");
    return linked;
  });
}

export async function requestChildLinkAction(input: RequestChildLinkInput) {
  return runAction("requestChildLink", ({ db, actor }) => requestChildLink(db, actor, input));
}
