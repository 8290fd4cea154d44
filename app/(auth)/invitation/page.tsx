import { acceptInvitationAction } from "../actions";
import { AuthCard } from "../auth-card";
import { SetPasswordForm } from "../set-password-form";

export const metadata = { title: "Accept your invitation" };

export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  if (!token) return <AuthCard title="This link is incomplete" intro="Open the whole link from the invitation email." >{null}</AuthCard>;
  return (
    <AuthCard title="Welcome to AMS" intro="Choose a password to finish setting up your account.">
      <SetPasswordForm token={token} action={acceptInvitationAction} submitLabel="Set my password" doneMessage="Your account is ready." />
    </AuthCard>
  );
}
