// One published report card as a page, for a parent, the student or staff: the data layer decides,
// and a card the reader may not see is "not found", like one that doesn't exist.
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReportCard } from "@/components/report-card/report-card";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { getReportCard } from "@/lib/server/report-cards/get-report-card";
import { getReportCardView } from "@/lib/server/report-cards/get-report-card-view";

export async function ReportCardPage({ actor, studentId, termId, backHref }: { actor: Actor; studentId: string; termId: string; backHref: string }) {
  const db = await getDb();
  const card = await getReportCard(db, actor, { studentId, termId }).catch((error: unknown) => {
    if (error instanceof NotFoundError || error instanceof ValidationError) notFound();
    throw error;
  });
  const view = await getReportCardView(db);
  return (
    <>
      <p className="flex flex-wrap gap-4 text-sm print:hidden">
        <Link className="text-blue-700 underline" href={backHref}>
          Back to {card.content.student.firstName}
        </Link>
        <a className="text-blue-700 underline" href={`/api/report-cards/${studentId}/${termId}/pdf`}>
          Download PDF
        </a>
      </p>
      <div className="mt-3">
        <ReportCard content={card.content} view={view} verification={card.verification} />
      </div>
    </>
  );
}
