import { AuthCard } from "../auth-card";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Forgot your password?" intro="Enter your email address and we'll send you a link to choose a new password.">
      <ForgotPasswordForm />
    </AuthCard>
  );
}
