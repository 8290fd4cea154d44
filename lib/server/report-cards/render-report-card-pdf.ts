// Report cards as A4 PDF, drawn with pdfkit's built-in Helvetica (nothing to download or embed) and a
// vector QR code. What the card says comes from report-card-layout.ts, shared with the web card.
import "server-only";
import PDFDocument from "pdfkit";
import { logger } from "@/lib/logger";
import {
  QR_QUIET_ZONE,
  type ReportCardLayout,
  type ReportCardToRender,
  SUPERSEDED_BANNER,
  gradingBandLine,
  reportCardLayout,
  studentFullName,
} from "./report-card-layout";

type Doc = PDFKit.PDFDocument;

export type RenderOptions = {
  /** For tests: uncompressed streams can be read as text. */
  compress?: boolean;
  /** Called after each card with how many are done, for a progress bar. */
  onCardRendered?: (rendered: number) => Promise<void> | void;
  /** The school's logo (PNG or JPEG, checked when it was uploaded), printed above its name on cards whose view names one, as the web card does. */
  logo?: Buffer;
};

/** An image pdfkit has opened: embedded once, however many cards draw it. */
type OpenedImage = { readonly width: number; readonly height: number; readonly orientation?: number };
// pdfkit's openImage, and drawing what it returns, are part of its API that @types/pdfkit leaves out.
type DocWithOpenedImages = Doc & {
  openImage(src: Buffer): OpenedImage;
  image(src: OpenedImage, x: number, y: number, options: PDFKit.Mixins.ImageOption): Doc;
};

const PAGE_WIDTH = 595.28; // A4 portrait, in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 36;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** One inch, whatever the content: smaller QR codes stop scanning reliably once printed. */
const QR_SIZE = 72;
const FOOTER_TOP = PAGE_HEIGHT - MARGIN - QR_SIZE;
const FLOW_BOTTOM = FOOTER_TOP - 10;
/** Type sizes shrink in these steps until the card fits one page; below 0.7 (about 5.6 pt in the table) print stops being readable. */
const SCALES = [1, 0.94, 0.88, 0.82, 0.76, 0.7];
/** The logo's box above the school's name; it keeps its proportions inside, and shrinks with the type. */
const LOGO_HEIGHT = 48;
const LOGO_WIDTH = 240;

const INK = "#0f172a";
const MUTED = "#334155";
const RULE = "#94a3b8";
const ZEBRA = "#f1f5f9";
const ALERT = "#991b1b";
const REGULAR = "Helvetica";
const BOLD = "Helvetica-Bold";

// The standard fonts only have the WinAnsi characters. Anything else would print as wrong glyphs,
// so a letter with marks outside it keeps what it can: "Ọ́" prints as "Ó", "ṣ" as "s".
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
const isWinAnsi = (text: string) =>
  [...text].every((ch) => {
    const code = ch.codePointAt(0)!;
    return ch === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
  });
const substitutes: Record<string, string> = { "≤": "<=", "≥": ">=", "−": "-", "\u2009": " ", "\u202f": " ", "\t": " " };

/** Text as the built-in fonts can print it (exported for tests). */
export function toWinAnsi(text: string): string {
  if (isWinAnsi(text)) return text;
  return text
    .normalize("NFC")
    .replace(/^\p{M}+/u, "")
    .replace(/\P{M}\p{M}*/gu, (cluster) => {
      if (isWinAnsi(cluster)) return cluster;
      const [base = "", ...marks] = [...cluster.normalize("NFD")];
      for (const mark of marks) {
        const composed = (base + mark).normalize("NFC");
        if (isWinAnsi(composed)) return composed;
      }
      if (isWinAnsi(base)) return base;
      return substitutes[cluster] ?? "?";
    });
}

type TextStyle = { font?: string; size: number; width: number; align?: "left" | "center" | "right"; colour?: string; link?: string };

function measure(doc: Doc, text: string, style: TextStyle): number {
  return doc
    .font(style.font ?? REGULAR)
    .fontSize(style.size)
    .heightOfString(toWinAnsi(text), { width: style.width });
}

function write(doc: Doc, text: string, x: number, y: number, style: TextStyle): void {
  doc
    .font(style.font ?? REGULAR)
    .fontSize(style.size)
    .fillColor(style.colour ?? INK)
    .text(toWinAnsi(text), x, y, { width: style.width, align: style.align ?? "left", link: style.link });
}

// Colours and line widths are set before a path is built: PDF allows no state changes inside one.
function fillRect(doc: Doc, x: number, y: number, width: number, height: number, colour: string): void {
  doc.fillColor(colour).rect(x, y, width, height).fill();
}

function strokeLine(doc: Doc, x1: number, y1: number, x2: number, y2: number, width: number, colour: string): void {
  doc.lineWidth(width).strokeColor(colour).moveTo(x1, y1).lineTo(x2, y2).stroke();
}

function widest(doc: Doc, texts: string[], font: string, size: number): number {
  doc.font(font).fontSize(size);
  return texts.reduce((max, text) => Math.max(max, doc.widthOfString(toWinAnsi(text))), 0);
}

/** A piece of the card with a known height; table rows carry their table's heading to repeat on a new page. */
type Block = { height: number; gapAfter: number; draw: (y: number) => void; repeatHeading?: Block; keepWithNext?: boolean };

type Sizes = ReturnType<typeof sizesAt>;
const sizesAt = (scale: number) => ({
  school: 16 * scale,
  motto: 9 * scale,
  contact: 8 * scale,
  title: 13 * scale,
  label: 7 * scale,
  body: 8.5 * scale,
  table: 8 * scale,
  small: 7 * scale,
  pad: 3 * scale,
  gap: 8 * scale,
});

function row(doc: Doc, items: Array<{ label: string; value: string }>, s: Sizes, columns = items.length): Block {
  const columnWidth = WIDTH / columns;
  const inner = columnWidth - 6;
  const heights = items.map(
    (item) => measure(doc, item.label, { size: s.label, width: inner }) + 1 + measure(doc, item.value, { font: BOLD, size: s.body, width: inner }),
  );
  const lines = Math.ceil(items.length / columns);
  const lineHeights = Array.from({ length: lines }, (_, line) => Math.max(...heights.slice(line * columns, line * columns + columns)));
  return {
    height: lineHeights.reduce((a, b) => a + b + s.pad, 0),
    gapAfter: s.gap,
    draw: (y) => {
      let top = y;
      lineHeights.forEach((lineHeight, line) => {
        items.slice(line * columns, line * columns + columns).forEach((item, i) => {
          const x = MARGIN + i * columnWidth;
          const labelHeight = measure(doc, item.label, { size: s.label, width: inner });
          write(doc, item.label, x, top, { size: s.label, width: inner, colour: MUTED });
          write(doc, item.value, x, top + labelHeight + 1, { font: BOLD, size: s.body, width: inner });
        });
        top += lineHeight + s.pad;
      });
    },
  };
}

function tableBlocks(doc: Doc, layout: ReportCardLayout, accent: string, s: Sizes): { blocks: Block[]; fits: boolean } {
  const { columns, rows } = layout.table;
  const pad = s.pad;
  const size = s.table;
  const flexible = (kind: string) => kind === "subject" || kind === "remark";
  // A fixed column is as wide as its widest word of heading (headings wrap between words) or cell.
  const natural = columns.map((column) => {
    // A word is measured with the space after it: pdfkit moves a space that doesn't fit onto a line of its own.
    const words = column.label.split(" ");
    const headingWords = widest(doc, words.map((word, i) => (i < words.length - 1 ? `${word} ` : word)), BOLD, size);
    const cells = rows.flatMap((r) => r.cells.filter((c) => c.columnKey === column.key && c.span === 1).map((c) => c.text));
    return Math.max(headingWords, widest(doc, cells, REGULAR, size)) + 2 * pad + 0.5;
  });
  const fixedTotal = columns.reduce((sum, column, i) => sum + (flexible(column.kind) ? 0 : natural[i]!), 0);
  const subjectIndex = columns.findIndex((c) => c.kind === "subject");
  const remarkIndex = columns.findIndex((c) => c.kind === "remark");
  const remaining = WIDTH - fixedTotal;
  const widths = [...natural];
  let fits = true;
  if (remaining >= natural[subjectIndex]! + natural[remarkIndex]!) {
    // Room to spare: every column grows in proportion, so the table fills the width evenly.
    const factor = WIDTH / natural.reduce((a, b) => a + b, 0);
    widths.forEach((w, i) => (widths[i] = w * factor));
  } else {
    // Subject names and remarks wrap; the remark gets at most 40% of what is left.
    const remark = Math.min(natural[remarkIndex]!, remaining * 0.4);
    widths[remarkIndex] = remark;
    widths[subjectIndex] = remaining - remark;
    if (widths[subjectIndex]! < 70 * (s.table / 8)) fits = false;
  }
  const xs = widths.reduce<number[]>((acc, _w, i) => [...acc, i === 0 ? MARGIN : acc[i - 1]! + widths[i - 1]!], []);
  const alignOf = (index: number): "left" | "center" => (flexible(columns[index]!.kind) ? "left" : "center");

  const headingHeight = Math.max(...columns.map((c, i) => measure(doc, c.label, { font: BOLD, size, width: widths[i]! - 2 * pad }))) + 2 * pad;
  const heading: Block = {
    height: headingHeight,
    gapAfter: 0,
    keepWithNext: true,
    draw: (y) => {
      fillRect(doc, MARGIN, y, WIDTH, headingHeight, accent);
      columns.forEach((c, i) => write(doc, c.label, xs[i]! + pad, y + pad, { font: BOLD, size, width: widths[i]! - 2 * pad, align: alignOf(i), colour: "#ffffff" }));
    },
  };
  const bodyRows = rows.map((r, rowIndex): Block => {
    const placed = r.cells.map((cell) => {
      const start = columns.findIndex((c) => c.key === cell.columnKey);
      const width = widths.slice(start, start + cell.span).reduce((a, b) => a + b, 0);
      return { cell, x: xs[start]!, width, align: cell.span > 1 ? ("center" as const) : alignOf(start) };
    });
    const height = Math.max(...placed.map((p) => measure(doc, p.cell.text, { size, width: p.width - 2 * pad }))) + 2 * pad;
    return {
      height,
      gapAfter: 0,
      repeatHeading: heading,
      draw: (y) => {
        if (rowIndex % 2 === 1) fillRect(doc, MARGIN, y, WIDTH, height, ZEBRA);
        for (const p of placed) write(doc, p.cell.text, p.x + pad, y + pad, { size, width: p.width - 2 * pad, align: p.align });
        doc.lineWidth(0.5).strokeColor(RULE);
        for (const p of placed) doc.rect(p.x, y, p.width, height);
        doc.stroke();
      },
    };
  });
  const notes = layout.table.notes.map(
    (note): Block => ({
      height: measure(doc, note, { size: s.small, width: WIDTH }),
      gapAfter: 1,
      draw: (y) => write(doc, note, MARGIN, y, { size: s.small, width: WIDTH, colour: MUTED }),
    }),
  );
  if (bodyRows.length > 0) bodyRows[bodyRows.length - 1]!.gapAfter = 4 * (s.table / 8);
  return { blocks: [heading, ...bodyRows, ...notes], fits };
}

/** The logo's printed size: as large as fits the box, proportions kept (pdfkit turns images by their EXIF orientation). */
function logoSize(logo: OpenedImage, scale: number): { width: number; height: number } {
  const [width, height] = (logo.orientation ?? 1) > 4 ? [logo.height, logo.width] : [logo.width, logo.height];
  const factor = Math.min((LOGO_WIDTH * scale) / width, (LOGO_HEIGHT * scale) / height);
  return { width: width * factor, height: height * factor };
}

function cardBlocks(doc: Doc, layout: ReportCardLayout, scale: number, logo: OpenedImage | null): { blocks: Block[]; fits: boolean } {
  const s = sizesAt(scale);
  const accent = layout.view.accentColour;
  const blocks: Block[] = [];

  if (logo) {
    const size = logoSize(logo, scale);
    blocks.push({
      height: size.height,
      gapAfter: s.gap / 2,
      draw: (y) => (doc as DocWithOpenedImages).image(logo, MARGIN + (WIDTH - size.width) / 2, y, size),
    });
  }

  const { school } = layout;
  const schoolLines = [
    { text: school.name, font: BOLD, size: s.school, colour: INK },
    ...(school.motto ? [{ text: school.motto, font: REGULAR, size: s.motto, colour: MUTED }] : []),
    ...(school.contact ? [{ text: school.contact, font: REGULAR, size: s.contact, colour: MUTED }] : []),
  ].map((line) => ({ ...line, height: measure(doc, line.text, { font: line.font, size: line.size, width: WIDTH }) }));
  blocks.push({
    height: schoolLines.reduce((sum, line) => sum + line.height + 1, 0),
    gapAfter: s.gap / 2,
    draw: (y) => {
      let top = y;
      for (const line of schoolLines) {
        write(doc, line.text, MARGIN, top, { font: line.font, size: line.size, width: WIDTH, align: "center", colour: line.colour });
        top += line.height + 1;
      }
    },
  });

  const titleHeight = measure(doc, layout.title, { font: BOLD, size: s.title, width: WIDTH });
  blocks.push({
    height: titleHeight + 4,
    gapAfter: s.gap,
    draw: (y) => {
      write(doc, layout.title, MARGIN, y, { font: BOLD, size: s.title, width: WIDTH, align: "center", colour: accent });
      strokeLine(doc, MARGIN, y + titleHeight + 3, MARGIN + WIDTH, y + titleHeight + 3, 1, accent);
    },
  });

  if (layout.footer.superseded) {
    const text = `${SUPERSEDED_BANNER.title.toUpperCase()}: ${SUPERSEDED_BANNER.text}`;
    const height = measure(doc, text, { font: BOLD, size: s.body, width: WIDTH - 12 }) + 10;
    blocks.push({
      height,
      gapAfter: s.gap,
      draw: (y) => {
        doc.lineWidth(1.5).strokeColor(ALERT).rect(MARGIN, y, WIDTH, height).stroke();
        write(doc, text, MARGIN + 6, y + 5, { font: BOLD, size: s.body, width: WIDTH - 12, colour: ALERT });
      },
    });
  }

  blocks.push(row(doc, layout.student, s));
  const table = tableBlocks(doc, layout, accent, s);
  blocks.push(...table.blocks);
  blocks[blocks.length - 1]!.gapAfter = s.gap;
  blocks.push(row(doc, layout.summary, s));

  const half = WIDTH / 2 - 8;
  const commentHeights = layout.comments.map(
    (c) => measure(doc, c.label, { font: BOLD, size: s.label, width: half }) + 1 + measure(doc, c.value, { size: s.body, width: half }),
  );
  blocks.push({
    height: Math.max(...commentHeights),
    gapAfter: s.gap,
    draw: (y) =>
      layout.comments.forEach((c, i) => {
        const x = MARGIN + i * (WIDTH / 2);
        const labelHeight = measure(doc, c.label, { font: BOLD, size: s.label, width: half });
        write(doc, c.label, x, y, { font: BOLD, size: s.label, width: half, colour: MUTED });
        write(doc, c.value, x, y + labelHeight + 1, { size: s.body, width: half });
      }),
  });

  const nextTerm = `${layout.nextTerm.label}: ${layout.nextTerm.value}`;
  blocks.push({
    height: measure(doc, nextTerm, { font: BOLD, size: s.body, width: WIDTH }),
    gapAfter: s.gap,
    draw: (y) => write(doc, nextTerm, MARGIN, y, { font: BOLD, size: s.body, width: WIDTH }),
  });

  // The grading key, kept in one piece: a heading, the bands three to a line, then its sentences.
  const bandColumns = 3;
  const bandWidth = WIDTH / bandColumns - 6;
  const bandLines = layout.grading.bands.map(gradingBandLine);
  const bandRows = Array.from({ length: Math.ceil(bandLines.length / bandColumns) }, (_, r) => bandLines.slice(r * bandColumns, r * bandColumns + bandColumns));
  const bandRowHeights = bandRows.map((line) => Math.max(...line.map((text) => measure(doc, text, { size: s.small, width: bandWidth }))));
  const sentenceHeights = layout.grading.sentences.map((sentence) => measure(doc, sentence, { size: s.small, width: WIDTH }));
  const keyHeadingHeight = measure(doc, "Grading key", { font: BOLD, size: s.label, width: WIDTH });
  blocks.push({
    height: keyHeadingHeight + 1 + bandRowHeights.reduce((a, b) => a + b + 1, 0) + 2 + sentenceHeights.reduce((a, b) => a + b + 1, 0),
    gapAfter: s.gap,
    draw: (y) => {
      write(doc, "Grading key", MARGIN, y, { font: BOLD, size: s.label, width: WIDTH, colour: MUTED });
      let top = y + keyHeadingHeight + 1;
      bandRows.forEach((line, r) => {
        line.forEach((text, i) => write(doc, text, MARGIN + i * (WIDTH / bandColumns), top, { size: s.small, width: bandWidth }));
        top += bandRowHeights[r]! + 1;
      });
      top += 2;
      layout.grading.sentences.forEach((sentence, i) => {
        write(doc, sentence, MARGIN, top, { size: s.small, width: WIDTH, colour: MUTED });
        top += sentenceHeights[i]! + 1;
      });
    },
  });

  if (layout.signatures.length > 0) {
    const space = 20 * scale;
    const slot = WIDTH / layout.signatures.length;
    const lineWidth = Math.min(slot - 18, 180);
    const labelHeight = Math.max(...layout.signatures.map((label) => measure(doc, label, { size: s.label, width: lineWidth })));
    blocks.push({
      height: space + 2 + labelHeight,
      gapAfter: 0,
      draw: (y) =>
        layout.signatures.forEach((label, i) => {
          const x = MARGIN + i * slot;
          strokeLine(doc, x, y + space, x + lineWidth, y + space, 0.75, INK);
          write(doc, label, x, y + space + 2, { size: s.label, width: lineWidth, colour: MUTED });
        }),
    });
  }
  return { blocks, fits: table.fits };
}

function drawPageFrame(doc: Doc, layout: ReportCardLayout, continuedFor: string | null): number {
  const accent = layout.view.accentColour;
  fillRect(doc, MARGIN, MARGIN - 12, WIDTH, 4, accent);
  drawFooter(doc, layout);
  if (continuedFor === null) return MARGIN;
  const line = `${continuedFor} · ${layout.title} (continued)`;
  write(doc, line, MARGIN, MARGIN, { font: BOLD, size: 8, width: WIDTH, colour: MUTED });
  return MARGIN + measure(doc, line, { font: BOLD, size: 8, width: WIDTH }) + 8;
}

function drawFooter(doc: Doc, layout: ReportCardLayout): void {
  const { footer, qr } = layout;
  strokeLine(doc, MARGIN, FOOTER_TOP - 5, MARGIN + WIDTH, FOOTER_TOP - 5, 0.5, RULE);

  // One unit square per dark module, scaled into place: vector, so it prints sharp at any size.
  const moduleSize = QR_SIZE / (qr.size + 2 * QR_QUIET_ZONE);
  doc.save().fillColor("#000000");
  doc.translate(MARGIN + QR_QUIET_ZONE * moduleSize, FOOTER_TOP + QR_QUIET_ZONE * moduleSize).scale(moduleSize);
  for (const [column, row] of qr.dark) doc.rect(column, row, 1, 1);
  doc.fill();
  doc.restore();

  const x = MARGIN + QR_SIZE + 8;
  const width = WIDTH - QR_SIZE - 8;
  const lines: Array<{ text: string; font: string; size: number; colour: string; link?: string }> = [
    ...(footer.superseded ? [{ text: SUPERSEDED_BANNER.title.toUpperCase(), font: BOLD, size: 9, colour: ALERT }] : []),
    { text: footer.heading, font: BOLD, size: 9, colour: INK },
    { text: footer.instruction, font: REGULAR, size: 7.5, colour: MUTED },
    { text: footer.url, font: REGULAR, size: 8, colour: INK, link: footer.url },
    { text: `Check code: ${footer.checkCode}`, font: BOLD, size: 8, colour: INK },
    { text: footer.issued, font: REGULAR, size: 8, colour: INK },
  ];
  let y = FOOTER_TOP + 4;
  for (const line of lines) {
    write(doc, line.text, x, y, { font: line.font, size: line.size, width, colour: line.colour, link: line.link });
    y += measure(doc, line.text, { font: line.font, size: line.size, width }) + 1;
  }
}

/**
 * Lays one card out from a new page, in the largest type that fits one page. A card that cannot fit
 * even at the smallest size keeps the largest type whose table fits the width, and runs onto more pages.
 */
function drawCard(doc: Doc, card: ReportCardToRender, schoolLogo: OpenedImage | null): void {
  const layout = reportCardLayout(card);
  const logo = layout.view.logoKey ? schoolLogo : null;
  doc.addPage({ size: "A4", layout: "portrait", margin: 0 });
  let top = drawPageFrame(doc, layout, null);
  let chosen: Block[] | null = null;
  let widestThatFits: Block[] | null = null;
  let last: Block[] = [];
  for (const scale of SCALES) {
    const { blocks, fits } = cardBlocks(doc, layout, scale, logo);
    last = blocks;
    if (!fits) continue;
    widestThatFits ??= blocks;
    const height = blocks.reduce((sum, b) => sum + b.height + b.gapAfter, 0) - (blocks.at(-1)?.gapAfter ?? 0);
    if (top + height <= FLOW_BOTTOM) {
      chosen = blocks;
      break;
    }
  }
  const blocks = chosen ?? widestThatFits ?? last;

  let y = top;
  blocks.forEach((block, index) => {
    // A heading stays with what follows it; a table row that starts a page brings the table heading.
    const next = blocks[index + 1];
    const needed = block.height + (block.keepWithNext && next ? next.height : 0);
    if (y + needed > FLOW_BOTTOM && y > top) {
      doc.addPage({ size: "A4", layout: "portrait", margin: 0 });
      top = drawPageFrame(doc, layout, studentFullName(card.content.student));
      y = top;
      if (block.repeatHeading) {
        block.repeatHeading.draw(y);
        y += block.repeatHeading.height;
      }
    }
    block.draw(y);
    y += block.height + block.gapAfter;
  });
}

function documentInfo(cards: ReportCardToRender[]): PDFKit.DocumentInfo {
  const first = cards[0]!;
  const published = new Date(first.verification.publishedAt);
  const term = `${first.content.term.name} ${first.content.term.academicYearName}`;
  return {
    Title:
      cards.length === 1
        ? toWinAnsi(`Report card · ${studentFullName(first.content.student)} · ${term}`)
        : toWinAnsi(`Report cards · ${first.content.student.className} · ${term}`),
    Author: toWinAnsi(first.content.school.name),
    Subject: toWinAnsi(`Report card · ${term}`),
    // The issue date, not the moment of rendering: the same card renders the same document.
    ...(Number.isNaN(published.getTime()) ? {} : { CreationDate: published }),
  };
}

/**
 * The logo, opened once for the whole document. It was checked when it was uploaded; should it still
 * not open, the cards print without it rather than not at all.
 */
function openLogo(doc: Doc, logo: Buffer): OpenedImage | null {
  try {
    return (doc as DocWithOpenedImages).openImage(logo);
  } catch (error) {
    logger().error({ err: error }, "the school logo could not be opened; report cards print without it");
    return null;
  }
}

/** Every card in one PDF, each starting on a new page: a whole class to print in one go. */
export async function renderReportCardsPdf(cards: ReportCardToRender[], options: RenderOptions = {}): Promise<Buffer> {
  if (cards.length === 0) throw new RangeError("There are no report cards to render.");
  const doc = new PDFDocument({ autoFirstPage: false, size: "A4", margin: 0, compress: options.compress ?? true, info: documentInfo(cards), lang: "en", displayTitle: true });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const logo = options.logo ? openLogo(doc, options.logo) : null;
  for (const [index, card] of cards.entries()) {
    drawCard(doc, card, logo);
    await options.onCardRendered?.(index + 1);
    // A class takes about half a second of CPU: let other requests in between cards.
    await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  return finished;
}

export async function renderReportCardPdf(card: ReportCardToRender, options: RenderOptions = {}): Promise<Buffer> {
  return renderReportCardsPdf([card], options);
}
