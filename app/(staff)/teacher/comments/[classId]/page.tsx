import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportCommentForm } from "@/components/comments/report-comment-form";
import { can, hasRole } from "@/lib/auth/policy";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { ordinal } from "@/lib/domain/report-card";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getClassComments } from "@/lib/server/comments/get-class-comments";
import { getCurrentTerm } from "@/lib/server/school/get-current-term";

export const metadata = { title: "Report comments" };

export default async function ClassCommentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ classId: string }>;
  searchParams: Promise<{ term?: string | string[] }>;
}) {
  const actor = await requirePageActor("admin", "teacher", "head_of_department");
  const [{ classId }, query] = await Promise.all([params, searchParams]);
  const db = await getDb();
  const termId = (typeof query.term === "string" && query.term) || (await getCurrentTerm(db))?.termId;
  const backLinks = (
    <p className="flex flex-wrap gap-4 text-sm">
      {hasRole(actor, "teacher", "head_of_department") ? (
        <Link href="/teacher" className="text-blue-700 underline">
          My teaching
        </Link>
      ) : null}
      {can(actor, "reports.publish") ? (
        <Link href="/admin/comment-bank" className="text-blue-700 underline">
          Comment bank
        </Link>
      ) : null}
    </p>
  );
  if (!termId) {
    return (
      <>
        {backLinks}
        <h1 className="mt-1 text-2xl font-semibold">Report comments</h1>
        <p role="status" className="mt-4">
          No current term is set, so there is no term to write comments for. Ask an administrator to set the current term.
        </p>
      </>
    );
  }
  // A class or term out of reach, or a mistyped id, is "not found", as the data layer decides.
  const data = await getClassComments(db, actor, { classId, termId }).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });

  return (
    <>
      {backLinks}
      <h1 className="mt-1 text-2xl font-semibold">
        Report comments: {data.className}, {data.term.name}
      </h1>
      {data.terms.length > 1 ? (
        <nav aria-label="Terms" className="mt-2">
          <ul className="flex flex-wrap gap-2 text-sm">
            {data.terms.map((term) => (
              <li key={term.id}>
                <Link
                  href={`/teacher/comments/${data.classId}?term=${term.id}`}
                  aria-current={term.id === data.term.id ? "page" : undefined}
                  className="inline-block rounded border border-slate-300 px-3 py-1 aria-[current=page]:border-blue-700 aria-[current=page]:bg-blue-50 aria-[current=page]:font-semibold"
                >
                  {term.name}
                  {term.isCurrent ? <span className="text-slate-600"> (current)</span> : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      {data.anyPublished ? (
        <p role="note" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Already published: saving changes the next publish. Report cards published for {data.term.name} keep the comments they were published with
          until an administrator publishes again, which makes a new version of each changed card with a reason.
        </p>
      ) : null}
      {!data.resultsComputed ? (
        <p className="mt-4 text-sm text-slate-700">
          Averages and positions show here once the term&apos;s results are computed; until then, only suggestions meant for any average are offered.
        </p>
      ) : null}

      {data.students.length === 0 ? (
        <p className="mt-6 text-slate-700">No students are enrolled in this class.</p>
      ) : (
        <ol className="mt-6 space-y-6">
          {data.students.map((student) => {
            const headingId = `student-${student.id}`;
            return (
              <li key={student.id}>
                <section aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-4">
                  <h2 id={headingId} className="text-lg font-semibold">
                    {student.name} <span className="font-mono text-sm font-normal text-slate-600">{student.admissionNumber}</span>
                  </h2>
                  <p className="mt-1 text-sm text-slate-700">
                    Average: <span className="font-medium tabular-nums">{student.average ?? "not computed"}</span>
                    {student.classPosition ? (
                      <>
                        {" · "}Position:{" "}
                        <span className="font-medium">
                          {ordinal(student.classPosition, student.positionShared)}
                          {student.classSize ? ` of ${student.classSize}` : ""}
                        </span>
                      </>
                    ) : null}
                    {student.published ? " · Report card published" : null}
                  </p>
                  <div className="mt-3 grid gap-6 md:grid-cols-2">
                    {data.columns.map((column) =>
                      column.writable ? (
                        <ReportCommentForm
                          key={column.kind}
                          studentId={student.id}
                          studentName={student.name}
                          termId={data.term.id}
                          kind={column.kind}
                          label={column.label}
                          initialBody={student.comments[column.kind]?.body ?? ""}
                          suggestions={student.suggestions[column.kind] ?? []}
                          published={student.published}
                        />
                      ) : (
                        <div key={column.kind}>
                          <h3 className="text-sm font-medium text-slate-800">{column.label}</h3>
                          <p className="mt-1 whitespace-pre-line text-sm text-slate-800">
                            {student.comments[column.kind]?.body ?? <span className="text-slate-600">No comment yet.</span>}
                          </p>
                        </div>
                      ),
                    )}
                  </div>
                </section>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
