"use server";

import { runAction } from "@/lib/auth/handlers";
import { issueLinkCode } from "@/lib/server/family/link-codes";

export async function issueLinkCodeAction(input: Parameters<typeof issueLinkCode>[2]) {
  return runAction("issueLinkCode", ({ db, actor }) => issueLinkCode(db, actor, input));
}
