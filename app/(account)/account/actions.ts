"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/auth/handlers";
import { changePassword } from "@/lib/server/accounts/change-password";
import { resendVerificationEmail } from "@/lib/server/accounts/verify-email";
import { createApiToken } from "@/lib/server/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/server/api-tokens/revoke-api-token";
import { revokeSession, signOutEverywhere } from "@/lib/server/auth/sessions";
import type { CreateApiTokenInput, RevokeApiTokenInput } from "@/lib/validation/api-tokens";
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

/** The new token's secret is in this answer only; the page keeps it in the browser until it is copied. */
export async function createApiTokenAction(input: CreateApiTokenInput) {
  return runAction("createApiToken", async ({ db, actor }) => {
    const created = await createApiToken(db, actor, input);
    revalidatePath("/account");
    return created;
  });
}

export async function revokeApiTokenAction(input: RevokeApiTokenInput) {
  return runAction("revokeApiToken", async ({ db, actor }) => {
    const outcome = await revokeApiToken(db, actor, input);
    revalidatePath("/account");
    return outcome;
  });
}
