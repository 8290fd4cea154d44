import Link from "next/link";
import { resetPasswordAction } from "../actions";
import { AuthCard } from "../auth-card";
import { SetPasswordForm } from "../set-password-form";

export const metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  if (!token) {
    return (
      <AuthCard title="This link is incomplete" intro="Open the whole link from the email, or ask for a new one.">
        <Link href="/forgot-password" className="mt-4 text-blue-800 underline">
          Ask for a new reset link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" intro="After this, you'll be signed out on every device.">
      <SetPasswordForm token={token} action={resetPasswordAction} submitLabel="Save my new password" doneMessage="Your password has been changed." />
    </AuthCard>
  );
}
