import "server-only";
import type { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/lib/db/client";
import { reportCardSettings } from "@/lib/db/schema";
import { LOGO_KEY_PATTERN } from "@/lib/domain/report-card";
import { NotFoundError } from "@/lib/errors";
import type { FileStore } from "@/lib/storage/file-store";

/**
 * The school's current logo as a stream, for the web cards' <img>. Open to anyone: the logo is on
 * every printed card and the public verification page names the school anyway.
 */
export async function openReportCardLogo(db: Queryable, store: FileStore): Promise<{ stream: Readable; size: number; mimeType: "image/png" | "image/jpeg" }> {
  const [row] = await db
    .select({ logoKey: reportCardSettings.logoKey, mimeType: reportCardSettings.logoMimeType })
    .from(reportCardSettings)
    .where(eq(reportCardSettings.id, 1));
  const mimeType = row?.mimeType;
  if (!row?.logoKey || !LOGO_KEY_PATTERN.test(row.logoKey) || (mimeType !== "image/png" && mimeType !== "image/jpeg")) {
    throw new NotFoundError("The school has no logo.");
  }
  const file = await store.get(row.logoKey);
  if (!file) throw new NotFoundError("The school has no logo.");
  return { ...file, mimeType };
}
