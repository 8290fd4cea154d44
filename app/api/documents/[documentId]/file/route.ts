import { Readable } from "node:stream";
import { handleRoute } from "@/lib/auth/handlers";
import { contentDisposition } from "@/lib/domain/file-name";
import { openDocumentFile } from "@/lib/server/documents/open-document-file";
import { getFileStore } from "@/lib/storage";

/**
 * A document's file, streamed. `?preview=1` shows it inline for the in-page preview; either way the
 * response may not run anything: no sniffing, a CSP that allows nothing but showing the file, and a
 * sandbox, so a PDF or image crafted to carry script can't act as this site.
 *
 * One exception: a PDF previewed in the review page's <iframe>. Chrome refuses to run its PDF viewer in a
 * sandboxed document, so that response has no sandbox; it still allows no script, style, connection or
 * form (default-src 'none'), only the viewer's embed of this same URL (object-src 'self'), and only AMS's
 * own pages may frame it (frame-ancestors 'self', which browsers obey over X-Frame-Options: DENY).
 */
const SANDBOXED = "default-src 'none'; img-src 'self'; object-src 'self'; sandbox";
const PDF_PREVIEW = "default-src 'none'; object-src 'self'; frame-ancestors 'self'";

export async function GET(request: Request, { params }: { params: Promise<{ documentId: string }> }) {
  return handleRoute(request, async ({ db, actor }) => {
    const { documentId } = await params;
    const preview = new URL(request.url).searchParams.get("preview") === "1";
    const file = await openDocumentFile(db, actor, getFileStore(), { documentId, purpose: preview ? "preview" : "download" });
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      headers: {
        "content-type": file.mimeType,
        "content-length": String(file.size),
        "content-disposition": contentDisposition(preview ? "inline" : "attachment", file.fileName),
        "x-content-type-options": "nosniff",
        "content-security-policy": preview && file.mimeType === "application/pdf" ? PDF_PREVIEW : SANDBOXED,
        "cache-control": "private, no-store",
        "cross-origin-resource-policy": "same-origin",
      },
    });
  });
}
