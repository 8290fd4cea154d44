import { Readable } from "node:stream";
import { handleRoute } from "@/lib/auth/handlers";
import { openReportCardBatchFile } from "@/lib/server/report-cards/batches/open-report-card-batch-file";
import { getFileStore } from "@/lib/storage";

/** A finished print batch: every card of a class or level in one PDF, streamed from the file store. */
export async function GET(request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  return handleRoute(request, async ({ db, actor }) => {
    const { batchId } = await params;
    const file = await openReportCardBatchFile(db, actor, getFileStore(), { batchId });
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      headers: {
        "content-type": "application/pdf",
        "content-length": String(file.size),
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  });
}
