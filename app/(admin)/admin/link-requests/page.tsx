import Link from "next/link";
import { getDb } from "@/lib/db";
import { requirePageActor } from "@/lib/auth/session";
import { listPendingLinkRequests } from "@/lib/server/family/link-requests";
import { DecideLinkRequest } from "./decide-link-request";

export const metadata = { title: "Parent link requests" };

export default async function LinkRequestsPage() {
  const actor = await requirePageActor("admin");
  const requests = await listPendingLinkRequests(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Parent link requests</h1>
      <p className="mt-1 max-w-2xl text-slate-700">
        Parents who registered without a code ask to be linked to a child. Check who they are before approving: approval shows them the
        child’s records.
      </p>
      {requests.length === 0 ? <p className="mt-6">No requests are waiting.</p> : null}
      <ul className="mt-6 space-y-4">
        {requests.map((request) => (
          <li key={request.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">
              {request.parentName} <span className="font-normal text-slate-700">({request.parentEmail})</span>
            </h2>
            <p className="text-sm">
              Asks to be linked as <strong>{request.relationship}</strong> of “{request.childName}”, admission number{" "}
              <span className="font-mono">{request.admissionNumber}</span>, on {new Date(request.createdAt).toLocaleDateString("en-GB")}.
            </p>
            <p className="text-sm">
              {request.matchedStudent ? (
                <>
                  That admission number is{" "}
                  <Link href={`/students/${request.matchedStudent.id}`} className="text-blue-800 underline">
                    {request.matchedStudent.name}
                  </Link>
                  .
                </>
              ) : (
                <span className="text-amber-800">No student has that admission number: reject, or ask the parent.</span>
              )}
            </p>
            <DecideLinkRequest requestId={request.id} canApprove={request.matchedStudent !== null} />
          </li>
        ))}
      </ul>
    </>
  );
}
