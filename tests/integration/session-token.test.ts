// The JWT side of sessions: next-auth re-issues the token on use, so the absolute lifetime is
// enforced in the jwt callback from the sign-in time the token carries.
import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { SESSION_ABSOLUTE_SECONDS } from "@/lib/server/auth/sessions";

type JwtCallback = (params: { token: Record<string, unknown>; user?: Record<string, unknown> }) => unknown;
const jwt = authOptions().callbacks!.jwt as unknown as JwtCallback;
const now = () => Math.floor(Date.now() / 1000);

describe("session token", () => {
  it("carries the session id, version and sign-in time from sign-in", () => {
    const token = jwt({ token: { sub: "u1" }, user: { id: "u1", sessionId: "s1", sessionVersion: 3, authTime: now() } });
    expect(token).toMatchObject({ sub: "u1", sid: "s1", sv: 3 });
  });

  it("refuses a re-issued token once the absolute lifetime since sign-in has passed", () => {
    expect(() => jwt({ token: { sub: "u1", sid: "s1", sv: 1, authTime: now() - SESSION_ABSOLUTE_SECONDS + 60 } })).not.toThrow();
    expect(() => jwt({ token: { sub: "u1", sid: "s1", sv: 1, authTime: now() - SESSION_ABSOLUTE_SECONDS - 1 } })).toThrow();
  });

  it("refuses tokens issued before sessions were anchored to rows (no session id)", () => {
    expect(() => jwt({ token: { sub: "u1", sessionVersion: 1 } })).toThrow();
  });

  it("uses an HttpOnly, SameSite=Lax session cookie", () => {
    const cookie = authOptions().cookies!.sessionToken!;
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
  });
});
