import { handleRoute } from "@/lib/auth/handlers";
import { getReportCard } from "@/lib/server/report-cards/get-report-card";
import { getReportCardLogo } from "@/lib/server/report-cards/get-report-card-logo";
import { renderReportCardPdf } from "@/lib/server/report-cards/render-report-card-pdf";
import { getReportCardView } from "@/lib/server/report-cards/get-report-card-view";
import { getFileStore } from "@/lib/storage";

/** A published report card as PDF, for the student's parents, the student and staff who read all results. */
export async function GET(request: Request, { params }: { params: Promise<{ studentId: string; termId: string }> }) {
  return handleRoute(request, async ({ db, actor }) => {
    const { studentId, termId } = await params;
    const card = await getReportCard(db, actor, { studentId, termId });
    const view = await getReportCardView(db);
    const logo = view.logoKey ? await getReportCardLogo(getFileStore(), view.logoKey) : null;
    const pdf = await renderReportCardPdf({ content: card.content, view, verification: card.verification }, { logo: logo?.bytes });
    const name = `${card.content.student.lastName}-${card.content.student.firstName}-${card.content.term.name}-${card.content.term.academicYearName}`
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    return new Response(new Uint8Array(pdf), {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="report-card-${name}.pdf"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  });
}
