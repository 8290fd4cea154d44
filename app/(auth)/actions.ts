"use server";

import { runPublicAction } from "@/lib/auth/handlers";
import { acceptInvitation } from "@/lib/server/accounts/accept-invitation";
import { registerParent } from "@/lib/server/accounts/register-parent";
import { requestPasswordReset } from "@/lib/server/accounts/request-password-reset";
import { resetPassword } from "@/lib/server/accounts/reset-password";
import { verifyEmail } from "@/lib/server/accounts/verify-email";
import type { RegisterParentInput, RequestPasswordResetInput, SetPasswordWithTokenInput } from "@/lib/validation/auth";

// Actions for signed-out visitors. Each use case validates its input and applies its own limits.

export async function requestPasswordResetAction(input: RequestPasswordResetInput) {
  return runPublicAction("requestPasswordReset", ({ db, ip }) => requestPasswordReset(db, input, { ip }));
}

export async function resetPasswordAction(input: SetPasswordWithTokenInput) {
  return runPublicAction("resetPassword", ({ db }) => resetPassword(db, input));
}

export async function acceptInvitationAction(input: SetPasswordWithTokenInput) {
  return runPublicAction("acceptInvitation", ({ db }) => acceptInvitation(db, input));
}

export async function registerParentAction(input: RegisterParentInput) {
  return runPublicAction("registerParent", ({ db, ip }) => registerParent(db, input, { ip }));
}

export async function verifyEmailAction(input: { token: string }) {
  return runPublicAction("verifyEmail", ({ db }) => verifyEmail(db, input));
}
