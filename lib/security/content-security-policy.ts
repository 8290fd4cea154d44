// The Content-Security-Policy every page is served with: a pure builder, and the per-request nonce.

export type ContentSecurityPolicyOptions = {
  /** Fresh for every request; Next.js reads it back from the request's CSP header and puts it on its scripts. */
  nonce: string;
  /** `next dev` only: React rebuilds server error stacks with eval, and the dev overlay injects styles. */
  development: boolean;
  /** Only when the public URL is https: on a plain-http school network it would break every asset. */
  upgradeInsecureRequests: boolean;
};

const nonceShape = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** 128 random bits, base64: unguessable, and safe inside a CSP source expression. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function buildContentSecurityPolicy({ nonce, development, upgradeInsecureRequests }: ContentSecurityPolicyOptions): string {
  // A nonce with a quote, semicolon or space in it would let its author write their own policy.
  if (!nonceShape.test(nonce)) throw new Error("A CSP nonce must be at least 16 base64 characters.");
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    // 'strict-dynamic': scripts the nonced Next.js runtime loads (route chunks) are trusted without
    // listing them; host sources and 'self' are then ignored by CSP3 browsers, kept for older ones.
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // Production: Tailwind is an external stylesheet and React sets style props through the CSSOM,
    // which CSP does not govern, so inline <style> needs the nonce (Next.js adds it to its own).
    // Development: the dev overlay and hot reloading inject <style> without a nonce, and a nonce in
    // the list would make the browser ignore 'unsafe-inline', so dev allows inline styles instead.
    ["style-src", "'self'", ...(development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'"],
    // 'self' also covers the dev server's hot-reload websocket (same host) in CSP3 browsers.
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["frame-ancestors", "'none'"],
    ["form-action", "'self'"],
  ];
  if (upgradeInsecureRequests) directives.push(["upgrade-insecure-requests"]);
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/** The nonce a policy carries, as Next.js finds it; undefined when there is none. */
export function nonceOf(policy: string): string | undefined {
  return /'nonce-([^']+)'/.exec(policy)?.[1];
}
