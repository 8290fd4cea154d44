import Link from "next/link";
import { notFound } from "next/navigation";
import { GradeGrid } from "@/components/grade-grid/grade-grid";
import { ChangeRequestForm } from "@/components/gradebook/change-request-form";
import { ReviewControls } from "@/components/gradebook/review-controls";
import { requirePageActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getGradeSheet } from "@/lib/server/gradebook/get-grade-sheet";
import { getScoreHistoryAction, saveScoresAction } from "../../actions";

export const metadata = { title: "Scores" };

const statusLabels = { open: "Open for entry", submitted: "Submitted for approval", returned: "Returned to the teacher", approved: "Approved and locked" } as const;

export default async function GradeSheetPage({ params }: { params: Promise<{ offeringId: string }> }) {
  const actor = await requirePageActor("admin", "teacher", "head_of_department");
  const { offeringId } = await params;
  const sheet = await getGradeSheet(await getDb(), actor, { offeringId }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const { offering } = sheet;
  const title = `${offering.subjectName} · ${offering.className} · ${offering.termName}`;
  const locked = offering.termLocked || offering.status === "approved";
  return (
    <>
      <p className="text-sm">
        <Link href="/teacher" className="text-blue-700 underline">
          My teaching
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
      <p className="mt-1 text-sm text-slate-700">
        <span className="font-medium">{offering.termLocked ? "Term locked" : statusLabels[offering.status]}</span> · scheme: {sheet.schemeName} ·{" "}
        <a className="text-blue-700 underline" href={`/api/offerings/${offering.id}/scores.csv`}>
          Download as CSV
        </a>
        {sheet.editable ? (
          <>
            {" · "}
            <Link className="text-blue-700 underline" href={`/teacher/offerings/${offering.id}/import`}>
              Import from CSV
            </Link>
          </>
        ) : null}
      </p>
      {offering.reviewComment && offering.status === "returned" ? (
        <p role="status" className="mt-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          Returned with this comment: {offering.reviewComment}
        </p>
      ) : null}
      {sheet.pendingChangeRequests > 0 ? (
        <p className="mt-3 text-sm text-slate-700">
          {sheet.pendingChangeRequests === 1 ? "One change request is" : `${sheet.pendingChangeRequests} change requests are`} waiting for a decision.
        </p>
      ) : null}
      <div className="mt-4">
        <ReviewControls offeringId={offering.id} status={offering.status} termLocked={offering.termLocked} isTeacher={sheet.isTeacher} canReview={sheet.canReview} />
      </div>
      <div className="mt-4">
        {sheet.students.length === 0 ? (
          <p className="text-slate-700">No students are enrolled in this class for this subject.</p>
        ) : (
          <GradeGrid
            offeringId={offering.id}
            title={title}
            editable={sheet.editable}
            readOnlyReason={sheet.readOnlyReason ?? undefined}
            components={sheet.components}
            students={sheet.students}
            cells={sheet.cells}
            bands={sheet.bands}
            rounding={sheet.rounding}
            passMark={sheet.passMark}
            saveAction={saveScoresAction}
            historyAction={getScoreHistoryAction}
          />
        )}
      </div>
      {locked && (sheet.isTeacher || sheet.canReview) && sheet.students.length > 0 ? (
        <section aria-labelledby="change-request-heading" className="mt-8">
          <h2 id="change-request-heading" className="text-lg font-semibold">
            Ask for a change to a locked score
          </h2>
          <ChangeRequestForm
            offeringId={offering.id}
            students={sheet.students.map((s) => ({ id: s.id, name: s.name }))}
            components={sheet.components.map((c) => ({ id: c.id, code: c.code, name: c.name }))}
          />
        </section>
      ) : null}
    </>
  );
}
