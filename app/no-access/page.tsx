import { SignOutButton } from "@/components/sign-out-button";

export const metadata = { title: "No access" };

export default function NoAccess() {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Your account has no role yet</h1>
      <p className="mt-2 text-slate-700">Ask the school office to give your account a role, then sign in again.</p>
      <div className="mt-4">
        <SignOutButton />
      </div>
    </main>
  );
}
