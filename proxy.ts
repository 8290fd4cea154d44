// Runs before every request (but static files): gives it a request id that logs and audit records
// carry, refuses cross-site writes, and sets the per-request Content-Security-Policy.
// Headers that never vary (nosniff, HSTS, frame and referrer rules) are in next.config.mjs instead,
// so static files get them too.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { ForbiddenError, toProblem } from "@/lib/errors";
import { buildContentSecurityPolicy, createNonce } from "@/lib/security/content-security-policy";
import { checkSameOrigin, needsOriginCheck } from "@/lib/security/same-origin";

const validId = /^[A-Za-z0-9._-]{8,128}$/;
/** Routes that answer with their own Content-Security-Policy (uploaded files, shown or downloaded). */
const SETS_ITS_OWN_POLICY = /^\/api\/documents\/[^/]+\/file$/;

export function proxy(request: NextRequest) {
  const incoming = request.headers.get("x-request-id");
  const requestId = incoming && validId.test(incoming) ? incoming : crypto.randomUUID();
  const settings = env();
  const contentSecurityPolicy = buildContentSecurityPolicy({
    nonce: createNonce(),
    development: settings.NODE_ENV === "development",
    upgradeInsecureRequests: settings.NODE_ENV === "production" && settings.NEXTAUTH_URL?.startsWith("https:") === true,
  });

  const response = needsOriginCheck(request.method, request.nextUrl.pathname)
    ? refuseCrossOrigin(request, settings.NEXTAUTH_URL)
    : undefined;
  if (response) {
    response.headers.set("x-request-id", requestId);
    response.headers.set("content-security-policy", contentSecurityPolicy);
    return response;
  }

  const headers = new Headers(request.headers);
  headers.set("x-request-id", requestId);
  // Next.js takes the nonce from this request header and puts it on the scripts it renders; a
  // client-sent value is always replaced.
  headers.set("content-security-policy", contentSecurityPolicy);
  const next = NextResponse.next({ request: { headers } });
  next.headers.set("x-request-id", requestId);
  // Next.js keeps a header set here over the one a route sets itself; the document file route sends a
  // stricter policy of its own (nothing may run, a sandbox), which must be the one that arrives.
  if (!SETS_ITS_OWN_POLICY.test(request.nextUrl.pathname)) next.headers.set("content-security-policy", contentSecurityPolicy);
  return next;
}

/** A 403 problem for a write whose Origin (or Referer) is not this site; undefined when it is. */
function refuseCrossOrigin(request: NextRequest, publicUrl: string | undefined): NextResponse | undefined {
  const verdict = checkSameOrigin({
    origin: request.headers.get("origin"),
    referer: request.headers.get("referer"),
    host: request.headers.get("host"),
    publicUrl,
  });
  if (verdict.allowed) return undefined;
  const detail =
    verdict.reason === "missing-origin"
      ? "This request did not say which site sent it, so it was refused."
      : "Changes can only be made from AMS's own pages, so this request from another site was refused.";
  const problem = toProblem(new ForbiddenError(detail), request.nextUrl.pathname);
  return NextResponse.json(problem, {
    status: problem.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
