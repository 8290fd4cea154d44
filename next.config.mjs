import { PHASE_DEVELOPMENT_SERVER } from "next/constants.js";

/**
 * Security headers that are the same on every response, static files included (proxy.ts does not run
 * for _next/static). The Content-Security-Policy differs per request (its nonce), so proxy.ts sets it.
 * See docs/security.md for why each one is here.
 */
function securityHeaders(phase) {
  const headers = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // For browsers without CSP frame-ancestors; the CSP says the same.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
  // Production builds only: a developer's http://localhost must not be pinned to https. Browsers
  // ignore HSTS received over plain http, so a school serving AMS without TLS is not affected.
  if (phase !== PHASE_DEVELOPMENT_SERVER) {
    headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  }
  return headers;
}

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WebAssembly packages must be loaded by Node at run time, not bundled; pdfkit too,
  // because it reads its built-in font metrics from its own package folder.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pino", "pg", "ioredis", "pdfkit", "pg-boss", "prom-client"],
  // Type checking and linting run in `npm test`; the production build should not repeat them.
  typescript: { ignoreBuildErrors: true },
  // CSV imports post the file's text (up to 5 MB, more once escaped) to a server action.
  // Document uploads stream through proxy.ts, which would cut bodies off at 10 MB; types allow up to 20 MB.
  experimental: { serverActions: { bodySizeLimit: "12mb" }, proxyClientMaxBodySize: "21mb" },
  // Browser-side settings the CSP needs, loaded before hydration (see the file).
  instrumentationClientInject: ["./lib/security/client-instrumentation.ts"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(phase) }];
  },
});

export default nextConfig;
