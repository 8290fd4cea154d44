"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { changePassword } from "@/lib/server/accounts/change-password";
import { resendVerificationEmail } from "@/lib/server/accounts/verify-email";
import { revokeSession, signOutEverywhere } from "@/lib/server/auth/sessions";
import type { ChangePasswordInput } from "@/lib/validation/auth";

export async function changePasswordAction(input: ChangePasswordInput) {
  return runAction("changePassword", async ({ db, actor }) => {
    await changePassword(db, actor, input);
    revalidatePath("/account");
  });
}

export async function revokeSessionAction(input: { sessionId: string }) {
  return runAction("revokeSession", async ({ db, actor }) => {
    await revokeSession(db, actor, input);
    revalidatePath("/account");
  });
}

export async function signOutEverywhereAction() {
  return runAction("signOutEverywhere", ({ db, actor }) => signOutEverywhere(db, actor));
}

export async function resendVerificationAction() {
  return runAction("resendVerification", ({ db, actor }) => resendVerificationEmail(db, actor));
}
