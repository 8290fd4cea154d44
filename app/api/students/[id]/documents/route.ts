import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { handleRoute } from "@/lib/auth/handlers";
import { env } from "@/lib/env";
import { uploadDocument } from "@/lib/server/documents/upload-document";
import { getFileStore } from "@/lib/storage";

/**
 * Uploads one document for a student: the file is the request body (PUT, streamed, never buffered
 * whole), the kind of document and the file's name are query parameters, its size the Content-Length.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleRoute(request, async ({ db, actor }) => {
    const { id: studentId } = await params;
    const url = new URL(request.url);
    const length = request.headers.get("content-length");
    const outcome = await uploadDocument(
      db,
      actor,
      getFileStore(),
      {
        studentId,
        documentTypeId: url.searchParams.get("type") ?? "",
        fileName: url.searchParams.get("name") ?? "",
        declaredSize: length !== null && /^\d+$/.test(length) ? Number(length) : null,
        // No body at all is an empty file, judged after the access check like any other (another family's child stays "not found").
        body: request.body ? Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>) : Readable.from([]),
      },
      { quotaBytes: env().DOCUMENT_QUOTA_MB * 1024 * 1024 },
    );
    return Response.json(outcome, { status: outcome.duplicate ? 200 : 201 });
  });
}
