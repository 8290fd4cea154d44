import { handleRoute } from "@/lib/auth/handlers";
import { getReportCardBatch } from "@/lib/server/report-cards/batches/list-report-card-batches";

/** A print batch's progress, polled by the results page while the job runs. */
export async function GET(request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  return handleRoute(request, async ({ db, actor }) => {
    const { batchId } = await params;
    return Response.json(await getReportCardBatch(db, actor, { batchId }), { headers: { "cache-control": "no-store" } });
  });
}
