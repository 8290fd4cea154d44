import { Readable } from "node:stream";
import { problemResponse } from "@/lib/auth/handlers";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { openReportCardLogo } from "@/lib/server/report-cards/open-report-card-logo";
import { getFileStore } from "@/lib/storage";

export const dynamic = "force-dynamic";

/**
 * The school's logo for the web report cards. Public, like the logo on a printed card. The cards ask
 * for it with ?v=<its key>, so a new logo is a new address and a short cache is never stale for long.
 */
export async function GET(request: Request) {
  try {
    const logo = await openReportCardLogo(await getDb(), getFileStore());
    return new Response(Readable.toWeb(logo.stream) as ReadableStream, {
      headers: {
        "content-type": logo.mimeType,
        "content-length": String(logo.size),
        "cache-control": "public, max-age=300",
        "x-content-type-options": "nosniff",
        // An image opened on its own still runs nothing.
        "content-security-policy": "default-src 'none'",
      },
    });
  } catch (error) {
    if (!(error instanceof AppError)) logger().error({ err: error, requestId: request.headers.get("x-request-id") }, "could not serve the school logo");
    return problemResponse(error, new URL(request.url).pathname);
  }
}
