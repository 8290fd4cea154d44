// Whether a PNG or JPEG can really be drawn, read to the last byte: the report card logo (and later,
// uploaded documents) must never reach pdfkit damaged. Pure computation on the bytes, no I/O.
import { inflateSync } from "node:zlib";
import { MAX_LOGO_SIDE } from "./report-card";

export const DAMAGED = "This image file is damaged or truncated; save it again from the program that made it and upload the new file";

// ---------------------------------------------------------------------------------------------
// Checking the bytes. pdfkit reads only a PNG's chunk list when it opens one; the pixels are
// inflated later, in a callback, whenever the image has transparency. A bad stream or filter byte
// then throws where nothing can catch it and takes the whole process down, and a chunk length with
// its top bit set sends pdfkit's reader round in a loop forever. So everything pdfkit will read is
// read here first, with bounds checked, before pdfkit is trusted with the file.

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Channels per pixel and the bit depths the PNG specification allows, by colour type. */
const PNG_COLOUR_TYPES: Record<number, { channels: number; depths: readonly number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] }, // grey
  2: { channels: 3, depths: [8, 16] }, // RGB
  3: { channels: 1, depths: [1, 2, 4, 8] }, // palette
  4: { channels: 2, depths: [8, 16] }, // grey and alpha
  6: { channels: 4, depths: [8, 16] }, // RGB and alpha
};

type Dimensions = { width: number; height: number };

/**
 * "logo": the image will be drawn by pdfkit on every card, so what pdfkit gets wrong is refused too and
 * the size is capped. "document": the file is only kept and shown, so it need only be well formed.
 */
export type ImagePurpose = "logo" | "document";

function tooManyPixels({ width, height }: Dimensions, purpose: ImagePurpose): string | null {
  if (purpose === "document" || (width <= MAX_LOGO_SIDE && height <= MAX_LOGO_SIDE)) return null;
  return `The logo is ${width} × ${height} pixels; the most is ${MAX_LOGO_SIDE} on each side. Make it smaller and upload it again`;
}

/** Why this PNG can't be used for `purpose`, or null when every pixel of it can be read. */
export function pngProblem(bytes: Uint8Array, purpose: ImagePurpose = "logo"): string | null {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: (Dimensions & { depth: number; colourType: number; interlaced: boolean }) | null = null;
  const imageData: Uint8Array[] = [];
  let hasPalette = false;
  let hasTransparency = false;
  let pos = 8;
  for (let ended = false; !ended; ) {
    if (pos + 12 > bytes.length) return DAMAGED;
    const length = data.getUint32(pos);
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) return DAMAGED;
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    // Critical chunks (upper-case first letter) must be intact; a damaged note or colour profile is harmless.
    const critical = (bytes[pos + 4]! & 0x20) === 0;
    if (critical && crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== data.getUint32(pos + 8 + length)) return DAMAGED;
    if (header === null && type !== "IHDR") return DAMAGED;
    if (type === "IHDR") {
      if (header !== null || length !== 13) return DAMAGED;
      const colourType = body[9]!;
      const kind = PNG_COLOUR_TYPES[colourType];
      const depth = body[8]!;
      // Compression and filter method are always 0; interlacing is 0 (none) or 1 (Adam7).
      if (!kind || !kind.depths.includes(depth) || body[10] !== 0 || body[11] !== 0 || body[12]! > 1) return DAMAGED;
      header = { width: data.getUint32(pos + 8), height: data.getUint32(pos + 12), depth, colourType, interlaced: body[12] === 1 };
      if (header.width === 0 || header.height === 0 || header.width > 0x7fffffff || header.height > 0x7fffffff) return DAMAGED;
    } else if (type === "PLTE") {
      hasPalette = true;
    } else if (type === "tRNS") {
      hasTransparency = true;
    } else if (type === "IDAT") {
      imageData.push(body);
    } else if (type === "IEND") {
      ended = true;
    }
    pos += 12 + length;
  }
  if (header === null || imageData.length === 0 || (header.colourType === 3 && !hasPalette)) return DAMAGED;
  const size = tooManyPixels(header, purpose);
  if (size) return size;
  // pdfkit unpacks the pixels of these itself, and gets interlaced and small-palette images wrong
  // (a garbled logo at best): refused with what to do rather than printed wrongly.
  if (header.interlaced && purpose === "document") {
    // Adam7 rows come in seven passes of different widths, which the row check below doesn't walk:
    // for a document, whole chunks with good checksums (proved above) are enough.
    return null;
  }
  if (header.interlaced) return "This PNG is interlaced, which report cards can't print; save it again without interlacing and upload it again";
  if (purpose === "logo" && header.colourType === 3 && hasTransparency && header.depth < 8) {
    return "This PNG's transparency is stored in a way report cards can't print; save it again as an 8-bit PNG and upload it again";
  }

  // The pixels: each row is a filter byte (0 to 4) and the row's bytes, and nothing more or less.
  const rowBytes = Math.ceil((header.width * PNG_COLOUR_TYPES[header.colourType]!.channels * header.depth) / 8);
  const expected = header.height * (1 + rowBytes);
  let pixels: Buffer;
  try {
    // At most the size the header promises, so a small file can't inflate into gigabytes.
    pixels = inflateSync(Buffer.concat(imageData), { maxOutputLength: expected });
  } catch {
    return DAMAGED;
  }
  if (pixels.length !== expected) return DAMAGED;
  for (let row = 0; row < header.height; row++) if (pixels[row * (1 + rowBytes)]! > 4) return DAMAGED;
  return null;
}

/** Baseline, extended and progressive: the JPEGs a PDF's DCT decoder reads everywhere. */
const PRINTABLE_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const OTHER_FRAMES = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
export const UNPRINTABLE_JPEG = "Report cards can't print this kind of JPEG; save it again as an ordinary JPEG or as a PNG and upload it again";

/**
 * Why this JPEG can't be printed, or null. pdfkit only reads the frame header and copies the rest into
 * the PDF, so a file cut short would print as a grey smear: the segments are walked to the end-of-image marker.
 */
export function jpegProblem(bytes: Uint8Array, purpose: ImagePurpose = "logo"): string | null {
  let frame: (Dimensions & { precision: number; channels: number }) | null = null;
  let pos = 2;
  for (;;) {
    if (pos >= bytes.length || bytes[pos] !== 0xff) return DAMAGED;
    while (pos < bytes.length && bytes[pos] === 0xff) pos++; // fill bytes
    if (pos >= bytes.length) return DAMAGED;
    const marker = bytes[pos++]!;
    if (marker === 0xd9) break; // end of image; anything after it is ignored by every reader
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // markers without a length
    if (marker === 0x00 || marker === 0xd8 || pos + 2 > bytes.length) return DAMAGED;
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (length < 2 || pos + length > bytes.length) return DAMAGED;
    if (PRINTABLE_FRAMES.has(marker) || OTHER_FRAMES.has(marker)) {
      if (length < 8 || frame) return DAMAGED;
      if (!PRINTABLE_FRAMES.has(marker) && purpose === "logo") return UNPRINTABLE_JPEG;
      frame = {
        precision: bytes[pos + 2]!,
        height: (bytes[pos + 3]! << 8) | bytes[pos + 4]!,
        width: (bytes[pos + 5]! << 8) | bytes[pos + 6]!,
        channels: bytes[pos + 7]!,
      };
    }
    pos += length;
    if (marker === 0xda) {
      if (!frame) return DAMAGED;
      // The compressed data runs to the next marker: FF 00 is an FF in the data, FF D0–D7 restart markers.
      while (pos < bytes.length) {
        if (bytes[pos] === 0xff && pos + 1 < bytes.length && bytes[pos + 1] !== 0x00 && (bytes[pos + 1]! < 0xd0 || bytes[pos + 1]! > 0xd7)) break;
        pos += bytes[pos] === 0xff ? 2 : 1;
      }
    }
  }
  if (!frame || frame.width === 0 || frame.height === 0) return DAMAGED;
  // pdfkit knows grey, RGB and CMYK; PDF's DCT decoder reads 8 bits per sample only.
  if (purpose === "logo" && (frame.precision !== 8 || ![1, 3, 4].includes(frame.channels))) return UNPRINTABLE_JPEG;
  return tooManyPixels(frame, purpose);
}


/**
 * Why this WebP can't be shown, or null. WebP is only accepted as a document (never printed), so the
 * container is walked chunk by chunk to its declared end and the image chunk's own header checked
 * (the VP8 start code, the VP8L signature): a file cut short, or a WebP header in front of anything
 * else, is refused. The compressed pixels themselves are not decoded.
 */
export function webpProblem(bytes: Uint8Array): string | null {
  if (bytes.length < 20) return DAMAGED;
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = 8 + data.getUint32(4, true);
  if (end > bytes.length || end < 20) return DAMAGED;
  const chunks: Array<{ type: string; body: Uint8Array }> = [];
  let pos = 12;
  while (pos < end) {
    if (pos + 8 > end) return DAMAGED;
    const length = data.getUint32(pos + 4, true);
    // Chunk bodies are padded to an even length; the padding is inside the RIFF size.
    if (pos + 8 + length > end) return DAMAGED;
    chunks.push({ type: String.fromCharCode(...bytes.subarray(pos, pos + 4)), body: bytes.subarray(pos + 8, pos + 8 + length) });
    pos += 8 + length + (length % 2);
  }
  const first = chunks[0];
  if (!first) return DAMAGED;
  const image = first.type === "VP8X" ? chunks.find((c) => c.type === "VP8 " || c.type === "VP8L" || c.type === "ANMF") : first;
  if (!image || (first.type === "VP8X" && first.body.length < 10)) return DAMAGED;
  const b = image.body;
  if (image.type === "VP8 ") {
    // A key frame (bit 0 clear), the start code 9D 01 2A, and a width and height.
    const ok = b.length >= 10 && (b[0]! & 1) === 0 && b[3] === 0x9d && b[4] === 0x01 && b[5] === 0x2a && ((b[6]! | (b[7]! << 8)) & 0x3fff) > 0 && ((b[8]! | (b[9]! << 8)) & 0x3fff) > 0;
    return ok ? null : DAMAGED;
  }
  if (image.type === "VP8L") return b.length >= 5 && b[0] === 0x2f && b[4]! >> 5 === 0 ? null : DAMAGED; // signature, version 0
  return image.type === "ANMF" && b.length >= 16 ? null : DAMAGED;
}
