import Link from "next/link";
import { redirect } from "next/navigation";
import { can, homePathFor } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { GuardianForm } from "../guardian-form";

export const metadata = { title: "Add a guardian" };

export default async function NewGuardianPage() {
  const actor = await requirePageActor("admin", "staff");
  if (!can(actor, "guardians.manage")) redirect(homePathFor(actor));
  return (
    <>
      <p className="text-sm">
        <Link href="/guardians" className="text-blue-700 underline">
          All guardians
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold">Add a guardian</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-700">After saving, link the guardian to their children on the next page.</p>
      <div className="max-w-2xl">
        <GuardianForm />
      </div>
    </>
  );
}
