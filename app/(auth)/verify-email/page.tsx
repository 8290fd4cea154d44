import { AuthCard } from "../auth-card";
import { VerifyEmailButton } from "./verify-email-button";

export const metadata = { title: "Confirm your email address" };

// Confirming takes a click, not just a visit: mail scanners open links, and must not confirm for you.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Confirm your email address" intro={token ? "One click and you're done." : "Open the whole link from the email."}>
      {token ? <VerifyEmailButton token={token} /> : null}
    </AuthCard>
  );
}
