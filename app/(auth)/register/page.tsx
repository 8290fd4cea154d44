import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { AuthCard } from "../auth-card";
import { RegisterForm } from "./register-form";

export const metadata = { title: "Create a parent account" };

export default async function RegisterPage() {
  const actor = await getActor();
  if (actor) redirect(homePathFor(actor));
  return (
    <AuthCard
      title="Create a parent account"
      intro="For parents and guardians. After confirming your email, link to your child with the code the school gave you."
    >
      <RegisterForm />
    </AuthCard>
  );
}
