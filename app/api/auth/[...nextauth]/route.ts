import NextAuth from "next-auth";
import { type NextRequest, NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { RateLimitedError } from "@/lib/errors";
import { signInThrottle } from "@/lib/server/auth/sign-in-throttle";
import { clientIp } from "@/lib/server/security/rate-limit";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  if (request.method === "POST" && nextauth.join("/") === "callback/credentials") {
    const throttled = await refuseIfThrottled(request);
    if (throttled) return throttled;
  }
  return NextAuth(request, context, authOptions());
}

/**
 * A throttled sign-in is answered here with 429 and Retry-After, before next-auth (which can only
 * answer 401). The body keeps next-auth's shape ({ url }) so its client reports the error.
 */
async function refuseIfThrottled(request: NextRequest): Promise<Response | null> {
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "").trim().toLowerCase().slice(0, 320);
  try {
    await signInThrottle().assertAllowed(email, clientIp(request.headers));
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    const url = new URL("/sign-in", request.nextUrl.origin);
    url.searchParams.set("error", `RateLimited:${error.retryAfterSeconds}`);
    return NextResponse.json(
      { url: url.toString(), detail: error.message },
      { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } },
    );
  }
}

export { handler as GET, handler as POST };
