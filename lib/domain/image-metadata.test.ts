import { describe, expect, it } from "vitest";
import {
  FAKE_GPS_MARKER,
  JPEG,
  WEBP,
  jpegMarkers,
  jpegWithExifGps,
  png,
  pngChunkTypes,
  pngWithMetadata,
} from "../../tests/support/document-corpus";
import { jpegProblem, pngProblem } from "./image-integrity";
import { stripImageMetadata } from "./image-metadata";

const has = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(text);

describe("stripImageMetadata, PNG", () => {
  it("removes text notes, Exif and the modification time, leaving the image chunks byte for byte", () => {
    const original = pngWithMetadata();
    expect(pngChunkTypes(original)).toEqual(["IHDR", "tEXt", "eXIf", "tIME", "IDAT", "IEND"]);
    const stripped = stripImageMetadata(original, "image/png");
    expect(pngChunkTypes(stripped)).toEqual(["IHDR", "IDAT", "IEND"]);
    // Exactly the PNG without those chunks: the same header and pixels, nothing re-encoded.
    expect(Buffer.from(stripped).equals(png())).toBe(true);
    expect(has(stripped, FAKE_GPS_MARKER)).toBe(false);
    expect(has(stripped, "Adeola Street")).toBe(false);
    expect(pngProblem(stripped, "document")).toBeNull();
  });

  it("keeps a PNG without metadata as it is, and ignores anything after the end chunk", () => {
    expect(Buffer.from(stripImageMetadata(png(), "image/png")).equals(png())).toBe(true);
    const withTrailer = Buffer.concat([png(), Buffer.from("<script>alert(1)</script>")]);
    expect(Buffer.from(stripImageMetadata(withTrailer, "image/png")).equals(png())).toBe(true);
  });
});

describe("stripImageMetadata, JPEG", () => {
  it("removes the APP1 Exif block with its GPS position and the comment, keeping the rest byte for byte", () => {
    const original = jpegWithExifGps();
    expect(jpegMarkers(original)).toEqual([0xe1, 0xe0, 0xfe, 0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
    const stripped = stripImageMetadata(original, "image/jpeg");
    expect(jpegMarkers(stripped)).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
    expect(Buffer.from(stripped).equals(JPEG)).toBe(true);
    expect(has(stripped, "Exif")).toBe(false);
    expect(has(stripped, FAKE_GPS_MARKER)).toBe(false);
    expect(jpegProblem(stripped, "document")).toBeNull();
  });

  it("drops a second picture appended after the end of image, with the Exif it carries", () => {
    const original = jpegWithExifGps({ withTrailer: true });
    expect(jpegProblem(original, "document")).toBeNull();
    const stripped = stripImageMetadata(original, "image/jpeg");
    expect(Buffer.from(stripped).equals(JPEG)).toBe(true);
    expect(has(stripped, FAKE_GPS_MARKER)).toBe(false);
  });

  it("keeps a JPEG without metadata as it is", () => {
    expect(Buffer.from(stripImageMetadata(JPEG, "image/jpeg")).equals(JPEG)).toBe(true);
  });
});

describe("stripImageMetadata, other types", () => {
  it("returns a WebP and a PDF unchanged", () => {
    expect(stripImageMetadata(WEBP, "image/webp")).toBe(WEBP);
    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    expect(stripImageMetadata(pdf, "application/pdf")).toBe(pdf);
  });
});
