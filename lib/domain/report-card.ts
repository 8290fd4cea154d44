// What a published report card says: the snapshot stored at publishing (report_cards.content), which
// the HTML page, the PDF and the verification page all render, and whose hash the card carries.

export type ReportCardSubject = {
  code: string;
  name: string;
  creditUnits: string;
  /** The scheme's components with the student's mark as the grid shows it ("12.5", "ABS", "EX", "" when missing). */
  components: Array<{ code: string; name: string; maxScore: string; weight: string; score: string }>;
  /** Rounded total out of 100; null when the student is exempt from every component. */
  total: string | null;
  grade: string | null;
  points: string | null;
  remark: string | null;
  /** Standard competition rank in the class for this subject (1, 2, 2, 4); null when exempt. */
  classPosition: number | null;
  /** Another student has the same total: shown as "2nd=". */
  classPositionShared: boolean;
  /** How many students in the class have a total in this subject (the "out of"). */
  classSize: number;
  classAverage: string | null;
  classHighest: string | null;
  classLowest: string | null;
};

export type ReportCardContent = {
  /** Bumped when the shape changes, so old snapshots still render. */
  format: 1;
  school: { name: string; motto: string | null; address: string | null; phone: string | null; email: string | null };
  term: { id: string; name: string; academicYearName: string; startsOn: string; endsOn: string; nextTermStartsOn: string | null };
  student: {
    id: string;
    admissionNumber: string;
    firstName: string;
    middleName: string | null;
    lastName: string;
    gender: string | null;
    className: string;
    classLevelName: string;
  };
  subjects: ReportCardSubject[];
  summary: {
    /** Sum of the counted subjects' rounded totals. */
    total: string;
    average: string;
    subjectCount: number;
    gpa: string | null;
    classPosition: number | null;
    classPositionShared: boolean;
    classSize: number;
    levelPosition: number | null;
    levelPositionShared: boolean;
    levelSize: number;
  };
  comments: { classTeacher: string | null; principal: string | null };
  grading: {
    passMark: string;
    bands: Array<{ letter: string; minScore: string; maxScore: string; points: string; remark: string }>;
    /** Plain words for the key: how absent and exempt count, how totals are rounded. */
    notes: string[];
  };
};

/** "1st", "2nd", "3rd", "4th", "11th", "21st"…, with "=" for a shared place: "2nd=". */
export function ordinal(position: number, tied = false): string {
  const tens = position % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : position % 10 === 1 ? "st" : position % 10 === 2 ? "nd" : position % 10 === 3 ? "rd" : "th";
  return `${position}${suffix}${tied ? "=" : ""}`;
}

/**
 * Canonical JSON for hashing: keys sorted at every level, no whitespace, so the same content always
 * gives the same bytes whatever order it was built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** How a school wants its cards to look: which optional columns, its colour, who signs. Stored per school. */
export type ReportCardView = {
  /** One column per assessment (with its maximum), or the subject totals only. */
  showComponents: boolean;
  /** Subject positions and the overall positions in the class and the level. */
  showPositions: boolean;
  /** Each subject's class average, highest and lowest total. */
  showClassStatistics: boolean;
  /** "#1e3a8a" style; anything else, or a colour too light to read white text on, falls back to the default. */
  accentColour: string;
  /** A line to sign on for each, in order ("Class teacher", "Principal"). */
  signatures: Array<{ label: string }>;
  /** The school's logo in the file store, printed above its name; null for none. */
  logoKey: string | null;
};

export const DEFAULT_ACCENT_COLOUR = "#1e3a8a";

export const DEFAULT_REPORT_CARD_VIEW: ReportCardView = {
  showComponents: true,
  showPositions: true,
  showClassStatistics: true,
  accentColour: DEFAULT_ACCENT_COLOUR,
  signatures: [{ label: "Class teacher" }, { label: "Principal" }],
  logoKey: null,
};

/**
 * Where a logo is kept: named by the start of its SHA-256, so a new logo always gets a new name (and
 * a new address for browsers to fetch) and a name never points at different bytes.
 */
export const LOGO_KEY_PATTERN = /^branding\/logo-[a-f0-9]{16}\.(png|jpg)$/;

export function reportCardLogoKey(sha256Hex: string, mimeType: "image/png" | "image/jpeg"): string {
  return `branding/logo-${sha256Hex.slice(0, 16)}.${mimeType === "image/png" ? "png" : "jpg"}`;
}

/** Every card page and every PDF carries the logo, so it stays small. */
export const MAX_LOGO_BYTES = 512 * 1024;
/** Printed at most 48 pt tall (about 200 pixels at 300 dpi): more pixels only cost time on every PDF. */
export const MAX_LOGO_SIDE = 1000;

/** "600 KB", "1.2 MB": how big a file is, in the words of the logo limits. */
export function formatFileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why a file of this many bytes can't be the logo, or null when its size is fine. */
export function logoSizeProblem(bytes: number): string | null {
  if (bytes === 0) return "The file is empty; choose the logo image again";
  if (bytes > MAX_LOGO_BYTES) return `The logo is ${formatFileSize(bytes)}; the most is ${formatFileSize(MAX_LOGO_BYTES)}`;
  return null;
}

/** More signature lines than this no longer fit side by side on the printed page. */
export const MAX_SIGNATURES = 4;

/** WCAG contrast ratio of a "#rrggbb" colour against white (1 to 21). */
export function contrastAgainstWhite(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/**
 * The accent colour as lowercase "#rrggbb". The card prints white headings on it, so a colour that
 * isn't a hex colour, or is too light for that (contrast below 4.5:1), gives the default instead.
 */
export function accentColourOrDefault(value: string | null | undefined): string {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value?.trim() ?? "");
  if (!match) return DEFAULT_ACCENT_COLOUR;
  const digits = match[1]!.toLowerCase();
  const hex = `#${digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits}`;
  return contrastAgainstWhite(hex) >= 4.5 ? hex : DEFAULT_ACCENT_COLOUR;
}

/**
 * A stored or partly filled view made safe to render: defaults for what is missing, a readable
 * accent colour, only the signature labels that have words in them (at most MAX_SIGNATURES), and a
 * logo key only when it has the shape AMS gives logo keys (it ends up in a URL and a store path).
 */
export function resolveReportCardView(view: Partial<ReportCardView> | null | undefined): ReportCardView {
  const signatures = (view?.signatures ?? DEFAULT_REPORT_CARD_VIEW.signatures)
    .map((s) => ({ label: s.label.trim() }))
    .filter((s) => s.label.length > 0)
    .slice(0, MAX_SIGNATURES);
  return {
    showComponents: view?.showComponents ?? DEFAULT_REPORT_CARD_VIEW.showComponents,
    showPositions: view?.showPositions ?? DEFAULT_REPORT_CARD_VIEW.showPositions,
    showClassStatistics: view?.showClassStatistics ?? DEFAULT_REPORT_CARD_VIEW.showClassStatistics,
    accentColour: accentColourOrDefault(view?.accentColour),
    signatures,
    logoKey: typeof view?.logoKey === "string" && LOGO_KEY_PATTERN.test(view.logoKey) ? view.logoKey : null,
  };
}
