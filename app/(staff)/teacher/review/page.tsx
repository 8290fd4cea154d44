import Link from "next/link";
import { ChangeRequestDecision } from "@/components/gradebook/change-request-decision";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getReviewQueue } from "@/lib/server/gradebook/get-review-queue";

export const metadata = { title: "Scores to review" };

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function ReviewQueuePage() {
  const actor = await requirePageActor("admin", "head_of_department");
  const { submitted, changeRequests } = await getReviewQueue(await getDb(), actor);
  return (
    <>
      <h1 className="text-2xl font-semibold">Scores to review</h1>
      <h2 className="mt-6 text-lg font-semibold">Submitted for approval</h2>
      {submitted.length === 0 ? (
        <p className="mt-2 text-slate-700">Nothing is waiting for approval.</p>
      ) : (
        <ul className="mt-2 space-y-1">
          {submitted.map((s) => (
            <li key={s.offeringId}>
              <Link className="text-blue-700 underline" href={`/teacher/offerings/${s.offeringId}`}>
                {s.subjectName}, {s.className}
              </Link>{" "}
              <span className="text-sm text-slate-700">
                ({s.termName}) submitted by {s.submittedBy ?? "a former user"} on {when(s.submittedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2 className="mt-8 text-lg font-semibold">Change requests</h2>
      {changeRequests.length === 0 ? (
        <p className="mt-2 text-slate-700">No change requests are waiting.</p>
      ) : (
        <ul className="mt-2 space-y-4">
          {changeRequests.map((r) => (
            <li key={r.requestId} className="rounded-lg border border-slate-200 bg-white p-3">
              <p>
                <span className="font-medium">{r.studentName}</span>, {r.componentCode} in{" "}
                <Link className="text-blue-700 underline" href={`/teacher/offerings/${r.offeringId}`}>
                  {r.subjectName}, {r.className}
                </Link>
                : change to <span className="font-mono">{r.requested === "" ? "(empty)" : r.requested}</span>
              </p>
              <p className="text-sm text-slate-700">
                “{r.reason}” asked by {r.requestedBy ?? "a former user"} on {when(r.requestedAt)}
              </p>
              <ChangeRequestDecision requestId={r.requestId} label={`${r.studentName}, ${r.componentCode}`} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
