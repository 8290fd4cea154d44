import { handleRoute } from "@/lib/auth/handlers";
import { exportGradeSheet } from "@/lib/server/gradebook/export-grade-sheet";

/** An offering's grade sheet as a CSV download, for whoever may open it; everyone else gets a 404 problem. */
export async function GET(request: Request, { params }: { params: Promise<{ offeringId: string }> }) {
  const { offeringId } = await params;
  return handleRoute(request, async ({ db, actor }) => {
    const file = await exportGradeSheet(db, actor, { offeringId });
    return new Response(file.csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.fileName}"`,
        // Scores are personal data and change while the term runs: never kept by a browser or proxy.
        "cache-control": "no-store",
      },
    });
  });
}
