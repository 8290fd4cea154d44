import { describe, expect, it } from "vitest";
import { detectFileType } from "./file-type";

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));
const bytes = (...parts: Array<number[] | string>) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? ascii(p) : p)));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_START = [0xff, 0xd8, 0xff, 0xe0];
const SIZE = [0x24, 0x00, 0x00, 0x00];

// The first bytes of real files of each kind, with something after them as a real file has.
const samples = {
  "application/pdf": bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
  "image/jpeg": bytes(JPEG_START, [0x00, 0x10], "JFIF", [0x00, 0x01, 0x01]),
  "image/png": bytes(PNG_SIGNATURE, [0x00, 0x00, 0x00, 0x0d], "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  "image/webp": bytes("RIFF", SIZE, "WEBPVP8 ", [0x18, 0x00, 0x00, 0x00]),
} as const;
/** How many bytes each kind needs before it can be told. */
const SHORTEST = { "application/pdf": 5, "image/jpeg": 3, "image/png": 8, "image/webp": 16 } as const;

describe("detectFileType", () => {
  it("recognises PDF, JPEG, PNG and WebP by their first bytes", () => {
    for (const [type, sample] of Object.entries(samples)) expect(detectFileType(sample)).toBe(type);
    expect(detectFileType(bytes([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x18], "Exif"))).toBe("image/jpeg");
    expect(detectFileType(bytes("RIFF", SIZE, "WEBPVP8L", [0, 0, 0, 0]))).toBe("image/webp");
    expect(detectFileType(bytes("RIFF", SIZE, "WEBPVP8X", [0, 0, 0, 0]))).toBe("image/webp");
  });

  it("answers null for programs renamed .png, whatever their name says", () => {
    // A Windows program ("MZ") and a Linux one (ELF), as they would arrive from a renamed logo.png.
    expect(detectFileType(bytes("MZ", [0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00], "This program cannot be run in DOS mode"))).toBeNull();
    expect(detectFileType(bytes([0x7f], "ELF", [0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(detectFileType(bytes("#!/bin/sh\nrm -rf /\n"))).toBeNull();
    expect(detectFileType(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(detectFileType(bytes("GIF89a", [1, 0, 1, 0]))).toBeNull();
    expect(detectFileType(bytes("PK", [0x03, 0x04, 0x14, 0x00]))).toBeNull();
  });

  it("answers null for an empty file and for every prefix too short to tell", () => {
    expect(detectFileType(new Uint8Array())).toBeNull();
    for (const [type, sample] of Object.entries(samples)) {
      const needed = SHORTEST[type as keyof typeof SHORTEST];
      for (let length = 0; length < needed; length++) expect(detectFileType(sample.subarray(0, length)), `${type}, ${length} bytes`).toBeNull();
      expect(detectFileType(sample.subarray(0, needed))).toBe(type);
    }
  });

  it("answers null when any one byte of a signature is wrong", () => {
    for (const [type, sample] of Object.entries(samples)) {
      const signatureBytes = type === "image/webp" ? [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15] : [...Array(SHORTEST[type as keyof typeof SHORTEST]).keys()];
      for (const index of signatureBytes) {
        const damaged = sample.slice();
        damaged[index] = damaged[index]! ^ 0x20;
        expect(detectFileType(damaged), `${type}, byte ${index} changed`).toBeNull();
      }
    }
    // A PNG whose line endings a text-mode transfer rewrote is no longer a PNG.
    expect(detectFileType(bytes([0x89], "PNG\n", [0x1a, 0x0a], [0, 0, 0, 0]))).toBeNull();
  });

  it("tells WebP apart from other RIFF files such as WAV and AVI", () => {
    expect(detectFileType(bytes("RIFF", SIZE, "WAVEfmt ", [0x10, 0, 0, 0]))).toBeNull();
    expect(detectFileType(bytes("RIFF", SIZE, "AVI LIST", [0, 0, 0, 0]))).toBeNull();
    expect(detectFileType(bytes("RIFF", SIZE, "WEBPVP8Q", [0, 0, 0, 0]))).toBeNull();
  });

  it("reads a view into a larger buffer from the view's own start", () => {
    const buffer = bytes("junk", PNG_SIGNATURE, [0, 0, 0, 0]);
    expect(detectFileType(buffer)).toBeNull();
    expect(detectFileType(buffer.subarray(4))).toBe("image/png");
    expect(detectFileType(new Uint8Array(buffer.buffer, 4))).toBe("image/png");
  });
});
