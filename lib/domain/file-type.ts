// What an uploaded file really is, read from its first bytes: the name and the type the browser sends
// are whatever the sender chose, so an upload is judged by its contents alone.

export type DetectedFileType = "application/pdf" | "image/jpeg" | "image/png" | "image/webp";

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));

/** The bytes at offset are exactly these (false when the file is too short to hold them). */
function hasAt(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  if (bytes.length < offset + expected.length) return false;
  return expected.every((byte, i) => bytes[offset + i] === byte);
}

const PDF = ascii("%PDF-");
// Start of image, then the first marker's FF: every JPEG (JFIF, Exif, raw) begins this way.
const JPEG = [0xff, 0xd8, 0xff];
// All eight bytes: the CR LF, Ctrl-Z and LF catch a PNG mangled by a text-mode transfer.
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = ascii("RIFF");
const WEBP_VP8 = ascii("WEBPVP8");
/** WebP's three kinds of first chunk: "VP8 " (lossy), "VP8L" (lossless), "VP8X" (extended). */
const VP8_KINDS = ascii(" LX");

const SIGNATURES: ReadonlyArray<readonly [DetectedFileType, (bytes: Uint8Array) => boolean]> = [
  ["application/pdf", (b) => hasAt(b, 0, PDF)],
  ["image/jpeg", (b) => hasAt(b, 0, JPEG)],
  ["image/png", (b) => hasAt(b, 0, PNG)],
  // WAV and AVI are RIFF files too: the form type and the first chunk's kind make it WebP.
  ["image/webp", (b) => hasAt(b, 0, RIFF) && hasAt(b, 8, WEBP_VP8) && b.length >= 16 && VP8_KINDS.includes(b[15]!)],
];

/**
 * The file's type from its magic bytes, or null when it is none of these (an executable renamed
 * logo.png, an empty file, or too few bytes to tell). Pure: any Uint8Array, Node's Buffer included.
 */
export function detectFileType(bytes: Uint8Array): DetectedFileType | null {
  return SIGNATURES.find(([, matches]) => matches(bytes))?.[0] ?? null;
}
