// How report cards look: only administrators change it, bad colours and too many signature lines
// are refused on their field, every change is audited, and what is saved is what cards render with.
// The school's logo: checked to the last byte, kept in the file store, and never left behind.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import zlib from "node:zlib";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { auditLog, reportCardSettings } from "@/lib/db/schema";
import { DEFAULT_REPORT_CARD_VIEW } from "@/lib/domain/report-card";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { getPreviewCard } from "@/lib/server/report-cards/get-preview-card";
import { getReportCardLogo } from "@/lib/server/report-cards/get-report-card-logo";
import { getReportCardView } from "@/lib/server/report-cards/get-report-card-view";
import { openReportCardLogo } from "@/lib/server/report-cards/open-report-card-logo";
import { removeReportCardLogo, saveReportCardLogo } from "@/lib/server/report-cards/save-report-card-logo";
import { saveReportCardSettings } from "@/lib/server/report-cards/save-report-card-settings";
import { LocalDiskStore } from "@/lib/storage/local-disk-store";
import { type TestDatabase, useTestDatabase } from "../support/database";

let t: TestDatabase;
let admin: Actor;
let store: LocalDiskStore;
let storeDir: string;

// The public logo route finds the database and the file store itself: these, here.
vi.mock("@/lib/db", () => ({ getDb: async () => t.db }));
vi.mock("@/lib/storage", () => ({ getFileStore: () => store }));

async function fetchLogo(key: string | null): Promise<Response> {
  const { GET } = await import("@/app/api/branding/logo/route");
  return GET(new Request(`http://localhost:3000/api/branding/logo${key ? `?v=${encodeURIComponent(key)}` : ""}`));
}

beforeAll(async () => {
  t = await useTestDatabase();
  admin = await t.actorFor(t.demo.adminUserId);
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "ams-logo-"));
  store = new LocalDiskStore(storeDir);
});

afterAll(() => {
  if (storeDir) fs.rmSync(storeDir, { recursive: true, force: true });
});

const settings = { showComponents: false, showPositions: false, showClassStatistics: true, accentColour: "#14532D", signatures: [{ label: "Head teacher" }] };

describe("report card settings", () => {
  it("shows the defaults until an administrator saves, then the saved settings, audited", async () => {
    expect(await getReportCardView(t.db)).toEqual(DEFAULT_REPORT_CARD_VIEW);
    const saved = await saveReportCardSettings(t.db, { ...admin, requestId: "req-card-settings" }, settings);
    expect(saved).toEqual({ ...settings, accentColour: "#14532d", logoKey: null });
    expect(await getReportCardView(t.db)).toEqual(saved);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-card-settings"));
    expect(audit).toMatchObject({ action: "report_cards.settings_changed", before: DEFAULT_REPORT_CARD_VIEW, after: saved });
  });

  it("refuses a colour too light for white headings, and a fifth signature line, each on its field", async () => {
    const light = await saveReportCardSettings(t.db, admin, { ...settings, accentColour: "#fde68a" }).catch((e: unknown) => e);
    expect(light).toBeInstanceOf(ValidationError);
    expect((light as ValidationError).fieldErrors.accentColour).toEqual(["This colour is too light for white headings; choose a darker one"]);
    const many = await saveReportCardSettings(t.db, admin, { ...settings, signatures: ["A", "B", "C", "D", "E"].map((label) => ({ label })) }).catch((e: unknown) => e);
    expect((many as ValidationError).fieldErrors.signatures).toEqual(["At most 4 signature lines fit on a page"]);
    const blank = await saveReportCardSettings(t.db, admin, { ...settings, signatures: [{ label: "  " }] }).catch((e: unknown) => e);
    expect((blank as ValidationError).fieldErrors["signatures.0.label"]).toEqual(["Write what is signed here, or remove the line"]);
  });

  it("is refused to teachers, office staff and parents, and previews a made-up card before anything is published", async () => {
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(saveReportCardSettings(t.db, actor, settings)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getPreviewCard(t.db, actor)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await getPreviewCard(t.db, admin)).sample).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Images made from their bytes, so each test says exactly what is in the file.

function pngChunk(type: string, data: Uint8Array, declaredLength = data.length): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An RGBA PNG of one colour: the header, the rows (filter byte 0, then the pixels) deflated, the end. */
function png(options: { width?: number; height?: number; colour?: number[]; interlaced?: boolean; imageData?: Uint8Array } = {}): Buffer {
  const { width = 1, height = 1, colour = [180, 20, 40, 255] } = options;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  header[12] = options.interlaced ? 1 : 0;
  const row = Buffer.from([0, ...Array.from({ length: width }, () => colour).flat()]);
  const imageData = options.imageData ?? zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", header), pngChunk("IDAT", imageData), pngChunk("IEND", new Uint8Array())]);
}

/** A 2 × 2 grey JPEG as an image library writes it (JFIF, baseline, 331 bytes). */
const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAACAAIBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==",
  "base64",
);

const hashStart = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 16);

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list("")) keys.push(key);
  return keys.sort();
}

async function savedLogoRow() {
  const [row] = await t.db.select({ logoKey: reportCardSettings.logoKey, mimeType: reportCardSettings.logoMimeType }).from(reportCardSettings).where(eq(reportCardSettings.id, 1));
  return row;
}

async function logoAudits(action: string) {
  return t.db
    .select({ before: auditLog.before, after: auditLog.after, requestId: auditLog.requestId })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityType, "report_card_settings")));
}

async function refusal(bytes: Uint8Array): Promise<string> {
  const error = await saveReportCardLogo(t.db, admin, store, { bytes }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  const message = (error as ValidationError).fieldErrors.logo?.[0];
  expect(message).toBe((error as ValidationError).message);
  return message!;
}

describe("the school logo", () => {
  const firstLogo = png();
  const firstKey = `branding/logo-${hashStart(firstLogo)}.png`;

  it("stores an administrator's PNG under its hash, audited, for every card to print", async () => {
    const view = await saveReportCardLogo(t.db, { ...admin, requestId: "req-logo" }, store, { bytes: new Uint8Array(firstLogo) });
    expect(view.logoKey).toBe(firstKey);
    expect((await getReportCardView(t.db)).logoKey).toBe(firstKey);
    expect(await savedLogoRow()).toEqual({ logoKey: firstKey, mimeType: "image/png" });
    expect(await storedKeys()).toEqual([firstKey]);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-logo"));
    expect(audit).toMatchObject({
      action: "report_cards.logo_changed",
      entityId: "1",
      before: { logoKey: null },
      after: { logoKey: firstKey, mimeType: "image/png", sizeBytes: firstLogo.length },
    });
    // What the PDFs print and what the web cards' <img> is served are the stored bytes.
    const forPrinting = await getReportCardLogo(store, firstKey);
    expect(forPrinting?.mimeType).toBe("image/png");
    expect(forPrinting?.bytes.equals(firstLogo)).toBe(true);
    const served = await openReportCardLogo(t.db, store);
    expect(served.mimeType).toBe("image/png");
    expect((await buffer(served.stream)).equals(firstLogo)).toBe(true);
  });

  it("is served to anyone at its public address, as an image that can't be sniffed into anything else", async () => {
    const response = await fetchLogo(firstKey);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": String(firstLogo.length),
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(firstLogo)).toBe(true);
  });

  it("refuses files that aren't a printable PNG or JPEG on the logo field, and keeps none of them", async () => {
    const garbage = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 37 + 11) % 251));
    expect(await refusal(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), garbage]))).toMatch(/^This image file is damaged or truncated/);
    expect(await refusal(Buffer.concat([Buffer.from("MZ"), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), garbage]))).toBe(
      "The logo must be a PNG or JPEG image; this file is neither, whatever its name says",
    );
    expect(await refusal(Buffer.concat([Buffer.from([0x7f]), Buffer.from("ELF"), garbage]))).toMatch(/must be a PNG or JPEG image/);
    expect(await refusal(Buffer.concat([Buffer.from("RIFF"), Buffer.from([40, 0, 0, 0]), Buffer.from("WEBPVP8 "), garbage]))).toBe(
      "The logo must be a PNG or JPEG image; this file is a WebP image",
    );
    expect(await refusal(Buffer.from("%PDF-1.7\n"))).toMatch(/this file is a PDF document$/);
    expect(await refusal(new Uint8Array())).toBe("The file is empty; choose the logo image again");
    expect(await refusal(Buffer.concat([firstLogo, Buffer.alloc(600 * 1024 - firstLogo.length)]))).toBe("The logo is 600 KB; the most is 512 KB");
    expect(await refusal(png({ width: 1001, height: 40 }))).toBe(
      "The logo is 1001 × 40 pixels; the most is 1000 on each side. Make it smaller and upload it again",
    );
    expect(await refusal(png({ interlaced: true }))).toMatch(/interlaced/);
    // Cut short, or changed on the way: every critical chunk's checksum is read.
    expect(await refusal(firstLogo.subarray(0, firstLogo.length - 10))).toMatch(/damaged or truncated/);
    const flipped = Buffer.from(firstLogo);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 20) ^ 0x10, flipped.length - 20);
    expect(await refusal(flipped)).toMatch(/damaged or truncated/);
    expect(await refusal(JPEG.subarray(0, 200))).toMatch(/damaged or truncated/);
    // pdfkit would open these two without complaint, and then crash the server while printing (pixels
    // that don't inflate, read in a callback) or loop forever (a chunk length with its top bit set).
    expect(await refusal(png({ imageData: new Uint8Array([1, 2, 3, 4, 5, 6, 7]) }))).toMatch(/damaged or truncated/);
    expect(await refusal(png({ imageData: zlib.deflateSync(Buffer.from([9, 1, 2, 3, 4])) }))).toMatch(/damaged or truncated/);
    const looping = Buffer.concat([firstLogo.subarray(0, 33), pngChunk("teXt", new Uint8Array(), 0xfffffff4), firstLogo.subarray(33)]);
    expect(await refusal(looping)).toMatch(/damaged or truncated/);

    expect(await storedKeys()).toEqual([firstKey]);
    expect(await savedLogoRow()).toEqual({ logoKey: firstKey, mimeType: "image/png" });
  });

  it("replaces the logo with a JPEG, deleting the file it replaced; the same file again changes nothing", async () => {
    const jpegKey = `branding/logo-${hashStart(JPEG)}.jpg`;
    const view = await saveReportCardLogo(t.db, admin, store, { bytes: new Uint8Array(JPEG) });
    expect(view.logoKey).toBe(jpegKey);
    expect(await savedLogoRow()).toEqual({ logoKey: jpegKey, mimeType: "image/jpeg" });
    expect(await storedKeys()).toEqual([jpegKey]);
    expect(await store.get(firstKey)).toBeNull();
    expect((await logoAudits("report_cards.logo_changed")).map((a) => [a.before, (a.after as { logoKey: string }).logoKey])).toEqual([
      [{ logoKey: null }, firstKey],
      [{ logoKey: firstKey }, jpegKey],
    ]);

    await saveReportCardLogo(t.db, admin, store, { bytes: new Uint8Array(JPEG) });
    expect(await logoAudits("report_cards.logo_changed")).toHaveLength(2);
    expect(await storedKeys()).toEqual([jpegKey]);
  });

  it("leaves no file behind when the change can't be saved", async () => {
    const before = await savedLogoRow();
    // An administrator whose account is gone mid-request: updated_by can't point at it, so the transaction fails.
    const vanished = { ...admin, userId: randomUUID() };
    await expect(saveReportCardLogo(t.db, vanished, store, { bytes: new Uint8Array(png({ colour: [0, 90, 0, 255] })) })).rejects.toThrow();
    expect(await savedLogoRow()).toEqual(before);
    expect(await storedKeys()).toEqual([before!.logoKey]);
  });

  it("is refused to teachers, office staff and parents, before anything is stored", async () => {
    const before = await storedKeys();
    for (const userId of [t.demo.teacher.userId, t.demo.staffUserId, t.demo.parent.userId]) {
      const actor = await t.actorFor(userId);
      await expect(saveReportCardLogo(t.db, actor, store, { bytes: new Uint8Array(png({ colour: [1, 2, 3, 255] })) })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(removeReportCardLogo(t.db, actor, store)).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await storedKeys()).toEqual(before);
    expect((await savedLogoRow())?.logoKey).toBe(before[0]);
  });

  it("removes the logo: the setting, the file and the public image go, audited; removing again changes nothing", async () => {
    const { logoKey } = (await savedLogoRow())!;
    const view = await removeReportCardLogo(t.db, { ...admin, requestId: "req-logo-removed" }, store);
    expect(view.logoKey).toBeNull();
    expect(await savedLogoRow()).toEqual({ logoKey: null, mimeType: null });
    expect(await storedKeys()).toEqual([]);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.requestId, "req-logo-removed"));
    expect(audit).toMatchObject({ action: "report_cards.logo_removed", before: { logoKey }, after: { logoKey: null } });
    await expect(openReportCardLogo(t.db, store)).rejects.toBeInstanceOf(NotFoundError);
    const gone = await fetchLogo(logoKey);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toBe("application/problem+json");
    expect(await gone.json()).toMatchObject({ status: 404, title: "Not found", instance: "/api/branding/logo" });

    await removeReportCardLogo(t.db, admin, store);
    expect(await logoAudits("report_cards.logo_removed")).toHaveLength(1);
    // The other settings were never touched by the logo.
    expect(await getReportCardView(t.db)).toMatchObject({ showComponents: false, accentColour: "#14532d", logoKey: null });
  });
});
