// The logo's bytes for printing, kept in memory once read: a key names one set of bytes forever (it
// is made from their hash), so a cached copy can never be out of date.
import "server-only";
import { createHash } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { LOGO_KEY_PATTERN } from "@/lib/domain/report-card";
import { logger } from "@/lib/logger";
import { countCacheRequest } from "@/lib/metrics";
import type { FileStore } from "@/lib/storage/file-store";

export type ReportCardLogo = { bytes: Buffer; mimeType: "image/png" | "image/jpeg" };

/** The logo in use and the one it replaced, while cards rendered before the change finish. */
const CACHE_SIZE = 2;
const cache = new Map<string, ReportCardLogo>();

/**
 * The logo stored under this key, or null when there is none to print (a file deleted by a newer
 * logo, or bytes that no longer match their name): a card prints without its logo rather than not at all.
 */
export async function getReportCardLogo(store: FileStore, logoKey: string): Promise<ReportCardLogo | null> {
  const cached = cache.get(logoKey);
  countCacheRequest("report_card_logo", cached !== undefined);
  if (cached) return cached;
  if (!LOGO_KEY_PATTERN.test(logoKey)) return null;
  const file = await store.get(logoKey);
  if (!file) {
    logger().warn({ key: logoKey }, "the report card logo's file is missing; cards print without it");
    return null;
  }
  const bytes = await buffer(file.stream);
  // The file was checked when it was uploaded; a file changed on disk since is not what was checked.
  const hashStart = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  if (!logoKey.includes(`logo-${hashStart}.`)) {
    logger().error({ key: logoKey }, "the report card logo's file does not match its name; cards print without it");
    return null;
  }
  const logo: ReportCardLogo = { bytes, mimeType: logoKey.endsWith(".png") ? "image/png" : "image/jpeg" };
  cache.set(logoKey, logo);
  for (const key of cache.keys()) if (cache.size > CACHE_SIZE) cache.delete(key);
  return logo;
}
