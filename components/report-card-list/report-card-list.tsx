// A child's published report cards, newest first, each with its web page and its PDF.
import Link from "next/link";
import { ordinal } from "@/lib/domain/report-card";
import type { ReportCardSummary } from "@/lib/server/report-cards/list-report-cards";

export function ReportCardList({ studentId, cards, basePath }: { studentId: string; cards: ReportCardSummary[]; basePath: string }) {
  if (cards.length === 0) return <p className="mt-2 text-slate-700">No report cards have been published yet.</p>;
  return (
    <ul className="mt-2 space-y-2" aria-label="Report cards">
      {cards.map((card) => (
        <li key={card.termId} className="rounded-lg border border-slate-200 bg-white p-3">
          <p className="font-medium">
            {card.termName}, {card.academicYearName} · {card.className}
          </p>
          <p className="text-sm text-slate-700">
            Average {card.average}
            {card.position ? ` · ${ordinal(card.position)} of ${card.outOf}` : ""}
            {card.version > 1 ? ` · version ${card.version}` : ""}
          </p>
          <p className="mt-1 flex flex-wrap gap-4 text-sm">
            <Link className="text-blue-700 underline" href={`${basePath}/report-cards/${card.termId}`}>
              View report card<span className="sr-only">: {card.termName}, {card.academicYearName}</span>
            </Link>
            <a className="text-blue-700 underline" href={`/api/report-cards/${studentId}/${card.termId}/pdf`}>
              Download PDF<span className="sr-only">: {card.termName}, {card.academicYearName}</span>
            </a>
          </p>
        </li>
      ))}
    </ul>
  );
}
