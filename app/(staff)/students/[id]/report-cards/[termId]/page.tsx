import { ReportCardPage } from "@/components/report-card-list/report-card-page";
import { requirePageActor } from "@/lib/auth/session";

export const metadata = { title: "Report card" };

export default async function StaffReportCardPage({ params }: { params: Promise<{ id: string; termId: string }> }) {
  const actor = await requirePageActor();
  const { id, termId } = await params;
  return <ReportCardPage actor={actor} studentId={id} termId={termId} backHref={`/students/${id}`} />;
}
