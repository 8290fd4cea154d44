// A file name as a person uploaded it, made safe to show and to send back in Content-Disposition:
// only the last path segment, no control or bidirectional characters, no quotes or separators,
// at most 120 characters with the extension kept. It is shown, never used as a path.

const MAX_LENGTH = 120;

export function sanitiseFileName(raw: string, fallback = "document"): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = lastSegment
    .normalize("NFC")
    // Tabs and line breaks are control characters too, but they separate words: spaces first.
    .replace(/\s/g, " ")
    // Control characters, bidirectional overrides and zero-width marks hide what a name really says.
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/["*:<>?|]/g, "_")
    .replace(/ +/g, " ")
    .trim()
    .replace(/^\.+/, "");
  if (cleaned === "") return fallback;
  if (cleaned.length <= MAX_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, MAX_LENGTH - extension.length).trimEnd() + extension;
}

/** An ASCII-only fallback and the RFC 5987 form, for a Content-Disposition header. */
export function contentDisposition(kind: "attachment" | "inline", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
