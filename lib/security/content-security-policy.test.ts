import { describe, expect, it } from "vitest";
import { buildContentSecurityPolicy, createNonce, nonceOf } from "./content-security-policy";

const nonce = "q1w2e3r4t5y6u7i8o9p0aA==";
const production = { nonce, development: false, upgradeInsecureRequests: false };

/** The policy as directive name → its sources, so tests read like the policy. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split("; ").map((directive) => {
      const [name, ...sources] = directive.split(" ");
      return [name!, sources];
    }),
  );
}

describe("the Content-Security-Policy", () => {
  it("lets only scripts carrying this request's nonce run, and what they load", () => {
    const policy = directives(buildContentSecurityPolicy(production));
    expect(policy.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("allows styles from our own files and nonced <style> in production", () => {
    expect(directives(buildContentSecurityPolicy(production)).get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
  });

  it("allows eval and inline styles only for the development server", () => {
    const policy = directives(buildContentSecurityPolicy({ ...production, development: true }));
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
    // A nonce beside 'unsafe-inline' would switch 'unsafe-inline' off, so development has none for styles.
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("refuses plugins, framing, foreign forms and <base> rewrites", () => {
    const policy = directives(buildContentSecurityPolicy(production));
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("font-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
  });

  it("upgrades insecure requests only when asked (production behind https)", () => {
    expect(directives(buildContentSecurityPolicy(production)).has("upgrade-insecure-requests")).toBe(false);
    const upgraded = buildContentSecurityPolicy({ ...production, upgradeInsecureRequests: true });
    expect(directives(upgraded).get("upgrade-insecure-requests")).toEqual([]);
  });

  it("refuses a nonce that could smuggle in its own directives", () => {
    expect(() => buildContentSecurityPolicy({ ...production, nonce: "abc' 'unsafe-inline" })).toThrow();
    expect(() => buildContentSecurityPolicy({ ...production, nonce: "abcdefghijklmnop; script-src *" })).toThrow();
    expect(() => buildContentSecurityPolicy({ ...production, nonce: "short" })).toThrow();
  });

  it("gets a fresh, well-formed nonce every time, which Next.js can read back", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const value of nonces) {
      expect(value).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(nonceOf(buildContentSecurityPolicy({ ...production, nonce: value }))).toBe(value);
    }
  });
});
