import { handleRoute } from "@/lib/auth/handlers";
import { getImportRun } from "@/lib/server/imports/list-import-runs";

/** An import run's progress and summary, polled by the imports page while the job runs. */
export async function GET(request: Request, { params }: { params: Promise<{ runId: string }> }) {
  return handleRoute(request, async ({ db, actor }) => {
    const { runId } = await params;
    return Response.json(await getImportRun(db, actor, { runId }), { headers: { "cache-control": "no-store" } });
  });
}
