// The school's logo on every report card: checked to the last byte before it is kept, because a logo
// pdfkit can't draw would break every PDF the school prints, and some would crash the server with it.
import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import PDFDocument from "pdfkit";
import { z } from "zod";
import { assertCan, type Actor } from "@/lib/auth/policy";
import { invalidateCache } from "@/lib/cache";
import type { Queryable } from "@/lib/db/client";
import { reportCardSettings } from "@/lib/db/schema";
import { detectFileType } from "@/lib/domain/file-type";
import { DAMAGED, jpegProblem, pngProblem } from "@/lib/domain/image-integrity";
import { logoSizeProblem, type ReportCardView, reportCardLogoKey } from "@/lib/domain/report-card";
import { ValidationError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { writeAudit } from "@/lib/server/audit";
import type { FileStore } from "@/lib/storage/file-store";
import { parseInput } from "@/lib/validation/common";
import { getReportCardView, REPORT_CARD_SETTINGS_TAG } from "./get-report-card-view";

type LogoType = "image/png" | "image/jpeg";

const logoInput = z.object({ bytes: z.instanceof(Uint8Array, { error: "Choose an image file to upload" }) });

const FORBIDDEN_MESSAGE = "Only an administrator can change how report cards look.";

const refuse = (message: string) => new ValidationError(message, { logo: [message] });

/** Draws the logo into a throwaway PDF, as every card will (doc.image opens it, then embeds it). */
async function pdfkitDraws(bytes: Uint8Array): Promise<boolean> {
  try {
    const doc = new PDFDocument({ size: "A4", margin: 0 });
    const finished = new Promise<void>((resolve, reject) => {
      doc.on("data", () => {});
      doc.on("end", resolve);
      doc.on("error", reject);
    });
    doc.image(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 36, 36, { fit: [240, 48] });
    doc.end();
    await finished;
    return true;
  } catch {
    // pdfkit throws strings as well as errors ("SOI not found in JPEG").
    return false;
  }
}

/** The logo's type, or a ValidationError on the "logo" field saying what is wrong and what to do. */
async function checkLogo(bytes: Uint8Array): Promise<LogoType> {
  const sizeProblem = logoSizeProblem(bytes.length);
  if (sizeProblem) throw refuse(sizeProblem);
  const type = detectFileType(bytes);
  if (type !== "image/png" && type !== "image/jpeg") {
    const what = type === "image/webp" ? "a WebP image" : type === "application/pdf" ? "a PDF document" : "neither, whatever its name says";
    throw refuse(`The logo must be a PNG or JPEG image; this file is ${what}`);
  }
  const problem = type === "image/png" ? pngProblem(bytes) : jpegProblem(bytes);
  if (problem) throw refuse(problem);
  if (!(await pdfkitDraws(bytes))) throw refuse(DAMAGED);
  return type;
}

// ---------------------------------------------------------------------------------------------

/** Deleting a file no row points at any more: a failure is logged, never reported as the change failing. */
async function deleteQuietly(store: FileStore, key: string): Promise<void> {
  try {
    await store.delete(key);
  } catch (error) {
    logger().warn({ err: error, key }, "could not delete a report card logo file that is no longer used");
  }
}

async function currentLogoKey(db: Queryable, lock: boolean): Promise<string | null> {
  const query = db.select({ logoKey: reportCardSettings.logoKey }).from(reportCardSettings).where(eq(reportCardSettings.id, 1));
  // Locked inside a transaction, so two administrators changing the logo at once take turns and
  // each deletes the file the other replaced, never the one now in use.
  const [row] = lock ? await query.for("update") : await query;
  return row?.logoKey ?? null;
}

/**
 * An administrator uploads the school's logo (PNG or JPEG, at most 512 KB and 1000 pixels a side).
 * The file is stored before the settings point at it, so no card ever names a missing file; the
 * replaced file is deleted once the change is committed, and a change that fails leaves nothing behind.
 */
export async function saveReportCardLogo(db: Queryable, actor: Actor, store: FileStore, input: { bytes: Uint8Array }): Promise<ReportCardView> {
  assertCan(actor, "reports.publish", FORBIDDEN_MESSAGE);
  const { bytes } = parseInput(logoInput, input);
  const mimeType = await checkLogo(bytes);
  const key = reportCardLogoKey(createHash("sha256").update(bytes).digest("hex"), mimeType);
  await store.put(key, bytes);
  let previousKey: string | null;
  try {
    previousKey = await db.transaction(async (tx) => {
      const before = await currentLogoKey(tx, true);
      // The same logo again (a double submit): nothing changes, nothing to audit.
      if (before === key) return before;
      const values = { logoKey: key, logoMimeType: mimeType, updatedBy: actor.userId, updatedAt: new Date() };
      await tx.insert(reportCardSettings).values({ id: 1, ...values }).onConflictDoUpdate({ target: reportCardSettings.id, set: values });
      await writeAudit(tx, actor, {
        action: "report_cards.logo_changed",
        entityType: "report_card_settings",
        entityId: "1",
        before: { logoKey: before },
        after: { logoKey: key, mimeType, sizeBytes: bytes.length },
      });
      return before;
    });
  } catch (error) {
    // The same bytes may already be the logo in use (saved earlier under this very key): keep those.
    const inUse = await currentLogoKey(db, false).then((current) => current === key, () => true);
    if (!inUse) await deleteQuietly(store, key);
    throw error;
  }
  await invalidateCache(db, [REPORT_CARD_SETTINGS_TAG]);
  if (previousKey && previousKey !== key) await deleteQuietly(store, previousKey);
  return getReportCardView(db);
}

/** An administrator takes the logo off the cards; the file goes once the change is committed. */
export async function removeReportCardLogo(db: Queryable, actor: Actor, store: FileStore): Promise<ReportCardView> {
  assertCan(actor, "reports.publish", FORBIDDEN_MESSAGE);
  const removed = await db.transaction(async (tx) => {
    const before = await currentLogoKey(tx, true);
    // No logo: removing it again changes nothing (a double click, a retried request).
    if (before === null) return null;
    await tx
      .update(reportCardSettings)
      .set({ logoKey: null, logoMimeType: null, updatedBy: actor.userId, updatedAt: new Date() })
      .where(eq(reportCardSettings.id, 1));
    await writeAudit(tx, actor, { action: "report_cards.logo_removed", entityType: "report_card_settings", entityId: "1", before: { logoKey: before }, after: { logoKey: null } });
    return before;
  });
  await invalidateCache(db, [REPORT_CARD_SETTINGS_TAG]);
  if (removed) await deleteQuietly(store, removed);
  return getReportCardView(db);
}
