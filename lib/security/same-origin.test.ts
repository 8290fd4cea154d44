import { describe, expect, it } from "vitest";
import { checkSameOrigin, needsOriginCheck } from "./same-origin";

const ours = { origin: "http://localhost:3000", referer: null, host: "localhost:3000" };

describe("which requests must prove they come from our own pages", () => {
  it("checks every write, to route handlers and to pages (server actions)", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(needsOriginCheck(method, "/api/students/1")).toBe(true);
      expect(needsOriginCheck(method, "/admin/departments")).toBe(true);
    }
  });

  it("leaves reads alone", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(needsOriginCheck(method, "/api/students/1")).toBe(false);
  });

  it("leaves next-auth's endpoints to next-auth's own CSRF token", () => {
    expect(needsOriginCheck("POST", "/api/auth/callback/credentials")).toBe(false);
    expect(needsOriginCheck("POST", "/api/auth/signout")).toBe(false);
    expect(needsOriginCheck("POST", "/api/authority")).toBe(true);
  });

  it("leaves the public API to its bearer tokens, and only it", () => {
    expect(needsOriginCheck("PUT", "/api/v1/scores")).toBe(false);
    expect(needsOriginCheck("PUT", "/api/v10/scores")).toBe(true);
    expect(needsOriginCheck("POST", "/api/v1")).toBe(true);
  });
});

describe("the same-origin check", () => {
  it("accepts a request from our own origin", () => {
    expect(checkSameOrigin(ours)).toEqual({ allowed: true });
  });

  it("refuses another site, a sibling subdomain, another port and a look-alike host", () => {
    for (const origin of ["https://evil.example", "http://evil.localhost:3000", "http://localhost:3001", "http://localhost:3000.evil.example"]) {
      expect(checkSameOrigin({ ...ours, origin })).toEqual({ allowed: false, reason: "cross-origin" });
    }
  });

  it("refuses an opaque origin and one that is not http(s)", () => {
    for (const origin of ["null", "file://", "chrome-extension://abc", "not a url"]) {
      expect(checkSameOrigin({ ...ours, origin }).allowed).toBe(false);
    }
  });

  it("refuses a request that says nothing about where it came from", () => {
    expect(checkSameOrigin({ ...ours, origin: null })).toEqual({ allowed: false, reason: "missing-origin" });
  });

  it("falls back to the Referer only when there is no Origin", () => {
    expect(checkSameOrigin({ ...ours, origin: null, referer: "http://localhost:3000/admin/departments?x=1" })).toEqual({ allowed: true });
    expect(checkSameOrigin({ ...ours, origin: null, referer: "https://evil.example/localhost:3000" }).allowed).toBe(false);
    expect(checkSameOrigin({ ...ours, origin: "https://evil.example", referer: "http://localhost:3000/" }).allowed).toBe(false);
  });

  it("treats default ports as the same origin", () => {
    expect(checkSameOrigin({ origin: "https://ams.school.example", referer: null, host: "ams.school.example:443" }).allowed).toBe(true);
    expect(checkSameOrigin({ origin: "http://ams.school.example", referer: null, host: "ams.school.example:80" }).allowed).toBe(true);
    expect(checkSameOrigin({ origin: "https://ams.school.example", referer: null, host: "AMS.School.Example" }).allowed).toBe(true);
  });

  it("accepts the configured public URL when a reverse proxy rewrites Host", () => {
    const behindProxy = { origin: "https://ams.school.example", referer: null, host: "127.0.0.1:3000" };
    expect(checkSameOrigin(behindProxy).allowed).toBe(false);
    expect(checkSameOrigin({ ...behindProxy, publicUrl: "https://ams.school.example/" }).allowed).toBe(true);
    // The public URL is an origin, scheme included: its http twin is not trusted.
    expect(checkSameOrigin({ ...behindProxy, origin: "http://ams.school.example", publicUrl: "https://ams.school.example" }).allowed).toBe(false);
  });

  it("cannot be talked round by a Host header carrying a user name or a path", () => {
    for (const host of ["evil.example@localhost:3000", "localhost:3000/evil", "evil.example#localhost", "", null]) {
      expect(checkSameOrigin({ origin: "https://evil.example", referer: null, host }).allowed).toBe(false);
    }
  });
});
