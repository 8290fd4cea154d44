// next-auth configuration: email and password, sessions in a signed JWT cookie anchored to a
// session row, so a token can be revoked before it expires.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { RateLimitedError } from "@/lib/errors";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS, endSessionById } from "@/lib/server/auth/sessions";
import { signInWithPassword } from "@/lib/server/auth/sign-in";
import { signInThrottle } from "@/lib/server/auth/sign-in-throttle";
import { clientIp } from "@/lib/server/security/rate-limit";

declare module "next-auth" {
  interface User {
    sessionId?: string;
    sessionVersion?: number;
    authTime?: number;
  }
  interface Session {
    userId: string;
    sessionId: string;
    sessionVersion: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    sv?: number;
    /** Sign-in time (seconds): the absolute lifetime counts from here, however often the token is re-issued. */
    authTime?: number;
  }
}

/** The error a throttled sign-in reports to the form: "RateLimited:<seconds>". */
export const RATE_LIMITED_PREFIX = "RateLimited:";

export function authOptions(): NextAuthOptions {
  const secure = (env().NEXTAUTH_URL ?? "").startsWith("https://");
  return {
    secret: env().AUTH_SECRET,
    // next-auth's maxAge is re-armed on every use, so it is only an idle limit; the absolute one is
    // checked in the jwt callback and, with revocation, on the session row by every request.
    session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 5 * 60 },
    useSecureCookies: secure,
    cookies: {
      sessionToken: {
        // __Host- pins the cookie to this exact origin (no Domain, Path=/, Secure): it needs https.
        name: secure ? "__Host-ams.session" : "ams.session",
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const headers = new Headers(request?.headers as Record<string, string> | undefined);
          try {
            const user = await signInWithPassword(await getDb(), credentials, {
              ip: clientIp(headers),
              userAgent: headers.get("user-agent"),
              requestId: headers.get("x-request-id") ?? undefined,
              throttle: signInThrottle(),
            });
            return user ? { id: user.id, name: user.name, email: user.email, sessionId: user.sessionId, sessionVersion: user.sessionVersion, authTime: user.authTime } : null;
          } catch (error) {
            if (error instanceof RateLimitedError) throw new Error(`${RATE_LIMITED_PREFIX}${error.retryAfterSeconds}`);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sid = user.sessionId;
          token.sv = user.sessionVersion;
          token.authTime = user.authTime;
        }
        // Throwing makes next-auth drop the cookie and report no session.
        if (!token.sid || !token.authTime || Date.now() / 1000 > token.authTime + SESSION_ABSOLUTE_SECONDS) {
          throw new Error("Session expired");
        }
        return token;
      },
      session({ session, token }) {
        session.userId = token.sub ?? "";
        session.sessionId = token.sid ?? "";
        session.sessionVersion = token.sv ?? 0;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await endSessionById(await getDb(), token.sid);
      },
    },
  };
}
