// Removes what a photo says about where and how it was taken (GPS position, camera, date, editing
// history, comments) from an uploaded image, keeping everything needed to show it: a scanned birth
// certificate photographed on a phone should not carry the family's home coordinates.
// Expects a well-formed file (checked first by lib/domain/image-integrity); WebP is kept as it is.
import type { DetectedFileType } from "./file-type";

/** JPEG segments that are metadata only: APP1 (Exif, XMP), APP12–APP13 (Photoshop, IPTC) and comments. */
const JPEG_METADATA = new Set([0xe1, 0xec, 0xed, 0xfe]);
/** PNG chunks that are metadata only: text notes, Exif and the modification time. */
const PNG_METADATA = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

function stripJpeg(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let pos = 2;
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1]!;
    // From the start of scan on, the rest is image data: copied as it is.
    if (marker === 0xda || marker === 0xd9) break;
    const length = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length) break;
    if (!JPEG_METADATA.has(marker)) parts.push(bytes.subarray(pos, end));
    pos = end;
  }
  // Up to the end-of-image marker only: phones append more pictures after it (MPF previews, depth and
  // gain maps), each with its own Exif block and GPS position, and no reader shows what follows.
  parts.push(bytes.subarray(pos, endOfImage(bytes, pos)));
  return concat(parts);
}

/** Where the image that has a marker at `pos` ends: just after its EOI, or the file's end if it has none. */
function endOfImage(bytes: Uint8Array, pos: number): number {
  while (pos + 1 < bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1]!;
    if (marker === 0xd9) return pos + 2;
    if (marker === 0xff) {
      pos++; // a fill byte
      continue;
    }
    if (pos + 4 > bytes.length) break;
    pos += 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    if (marker !== 0xda) continue;
    // Compressed data runs to the next marker: FF 00 is an FF in the data, FF D0–D7 restart markers.
    while (pos + 1 < bytes.length && !(bytes[pos] === 0xff && bytes[pos + 1] !== 0x00 && (bytes[pos + 1]! < 0xd0 || bytes[pos + 1]! > 0xd7))) pos++;
  }
  return bytes.length;
}

function stripPng(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    const end = pos + 12 + length;
    if (end > bytes.length) break;
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (!PNG_METADATA.has(type)) parts.push(bytes.subarray(pos, end));
    pos = end;
    if (type === "IEND") break;
  }
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function stripImageMetadata(bytes: Uint8Array, type: DetectedFileType): Uint8Array {
  if (type === "image/jpeg") return stripJpeg(bytes);
  if (type === "image/png") return stripPng(bytes);
  return bytes;
}
