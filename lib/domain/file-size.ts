// File sizes as people read them ("1.2 MB", "300 KB"), the same words in the browser's quick checks
// and in the server's refusals and pages.

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  // Nothing stored is "0 KB", not "1 KB": the quota message says what a student's documents already use.
  if (bytes === 0) return "0 KB";
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
