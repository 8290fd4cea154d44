import "server-only";
import type { OutgoingEmail } from "@/lib/server/email/enqueue-email";
import { appUrl } from "@/lib/server/auth/account-tokens";

// The text of every account email, in one place so wording stays consistent.

export function invitationEmail(to: string, name: string, invitedBy: string, token: string): OutgoingEmail {
  const link = appUrl(`/invitation?token=${encodeURIComponent(token)}`);
  return {
    to,
    subject: "You're invited to AMS",
    text: `Hello ${name},\n\n${invitedBy} has invited you to the school's AMS account.\n\nChoose your password here (the link works once and expires in 72 hours):\n${link}\n\nIf you weren't expecting this, you can ignore this email.\n`,
  };
}

export function passwordResetEmail(to: string, name: string, token: string): OutgoingEmail {
  const link = appUrl(`/reset-password?token=${encodeURIComponent(token)}`);
  return {
    to,
    subject: "Reset your AMS password",
    text: `Hello ${name},\n\nSomeone (hopefully you) asked to reset your AMS password. Choose a new one here (the link works once and expires in 1 hour):\n${link}\n\nResetting signs you out everywhere. If you didn't ask, ignore this email: your password stays the same.\n`,
  };
}

export function verificationEmail(to: string, name: string, token: string): OutgoingEmail {
  const link = appUrl(`/verify-email?token=${encodeURIComponent(token)}`);
  return {
    to,
    subject: "Confirm your email address for AMS",
    text: `Hello ${name},\n\nConfirm this is your email address (the link works once and expires in 48 hours):\n${link}\n\nThen you can link your account to your children with the code the school gave you.\n`,
  };
}

export function alreadyRegisteredEmail(to: string): OutgoingEmail {
  return {
    to,
    subject: "Someone tried to register with your email address",
    text: `Hello,\n\nSomeone tried to create an AMS account with this email address, but you already have one. If it was you, sign in instead, or reset your password here:\n${appUrl("/forgot-password")}\n\nIf it wasn't you, no action is needed.\n`,
  };
}
