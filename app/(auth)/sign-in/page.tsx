import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/policy";
import { getActor } from "@/lib/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  const actor = await getActor();
  if (actor) redirect(homePathFor(actor));
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4">
      <h1 className="text-2xl font-semibold">Sign in to AMS</h1>
      <p className="mt-1 text-slate-700">Use the email address the school has for you.</p>
      <SignInForm />
    </main>
  );
}
