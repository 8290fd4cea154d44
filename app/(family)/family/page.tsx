import Link from "next/link";
import { getDb } from "@/lib/db";
import { hasRole } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getMyChildren } from "@/lib/server/family/get-my-children";

export const metadata = { title: "My family" };

export default async function FamilyHome() {
  const actor = await requirePageActor("parent", "student");
  const children = await getMyChildren(await getDb(), actor);
  const isParent = hasRole(actor, "parent");
  return (
    <>
      <h1 className="text-2xl font-semibold">{isParent ? "My children" : "My page"}</h1>
      <p className="mt-1 text-slate-700">Results and report cards appear here when the school publishes them.</p>
      <ul className="mt-6 grid gap-4 sm:grid-cols-2" aria-label={isParent ? "My children" : "My record"}>
        {children.map((child) => (
          <li key={child.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="text-lg font-semibold">
              <Link className="text-blue-700 underline" href={`/family/children/${child.id}`}>
                {child.name}
              </Link>
            </h2>
            <p className="text-sm text-slate-700">
              {child.className ?? "Not enrolled this year"} · <span className="font-mono">{child.admissionNumber}</span>
            </p>
          </li>
        ))}
      </ul>
      {isParent ? (
        <p className="mt-6 text-sm">
          {children.length === 0 ? "No children are linked to your account yet. " : "Another child at this school? "}
          <Link className="text-blue-700 underline" href="/family/link">
            Link to a child
          </Link>
        </p>
      ) : null}
    </>
  );
}
