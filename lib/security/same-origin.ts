// Refuses cross-site writes (CSRF): a state-changing request must come from one of our own pages.

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** A bare host, optionally with a port: `school.example`, `localhost:3000`, `[::1]:3000`. */
const hostShape = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Which requests the proxy checks: every write except next-auth's own endpoints, which carry a
 * double-submit CSRF token (signin, signout, credentials callback and session update refuse a POST
 * without it) and must accept an identity provider's cross-site form_post callback.
 * Server actions are pages' POSTs, so they are included: Next.js's own check trusts x-forwarded-host.
 */
export function needsOriginCheck(method: string, pathname: string): boolean {
  if (safeMethods.has(method.toUpperCase())) return false;
  // The public API is called by programs, which send no Origin. It reads a bearer token, never a cookie
  // (every /api/v1 handler goes through lib/api/handler.ts; lib/api/openapi.test.ts checks), so a
  // request forged by another site carries no credential.
  if (pathname.startsWith("/api/v1/")) return false;
  return !(pathname === "/api/auth" || pathname.startsWith("/api/auth/"));
}

export type OriginCheckInput = {
  /** The Origin header, or null when the browser sent none. */
  origin: string | null;
  /** The Referer header, consulted only when Origin is absent (older browsers, some same-origin POSTs). */
  referer: string | null;
  /** The Host header: the authority the browser connected to (x-forwarded-host is deliberately ignored). */
  host: string | null;
  /** The configured public URL (NEXTAUTH_URL), for a reverse proxy that rewrites Host. */
  publicUrl?: string | undefined;
};

export type OriginCheckResult = { allowed: true } | { allowed: false; reason: "missing-origin" | "cross-origin" };

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Whether the request's Origin (or Referer) names this server.
 *
 * x-forwarded-host is never consulted: any client can send it, and a value copied from a forged
 * Origin would make the two agree. Host is set by the browser itself (it cannot be changed from
 * script), and the public URL comes from configuration, so neither can be steered by the attacker.
 */
export function checkSameOrigin({ origin, referer, host, publicUrl }: OriginCheckInput): OriginCheckResult {
  // "null" is what sandboxed frames, file: pages and privacy-sensitive redirects send: never ours.
  const claimed = origin !== null ? (origin === "null" ? undefined : parseUrl(origin)) : referer ? parseUrl(referer) : undefined;
  if (origin === null && !referer) return { allowed: false, reason: "missing-origin" };
  if (!claimed || (claimed.protocol !== "http:" && claimed.protocol !== "https:")) return { allowed: false, reason: "cross-origin" };

  if (host && hostShape.test(host)) {
    // Normalise Host with the claimed scheme so a default port (":443" on https) compares equal.
    const ownHost = parseUrl(`${claimed.protocol}//${host}`)?.host;
    if (ownHost !== undefined && ownHost === claimed.host) return { allowed: true };
  }
  const configured = publicUrl ? parseUrl(publicUrl) : undefined;
  if (configured && configured.origin === claimed.origin) return { allowed: true };
  return { allowed: false, reason: "cross-origin" };
}
