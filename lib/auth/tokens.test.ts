import { describe, expect, it } from "vitest";
import { generateLinkCode, generateToken, hashToken, normaliseLinkCode } from "./tokens";

describe("tokens and link codes", () => {
  it("makes 256-bit URL-safe tokens that never repeat, stored as a SHA-256 hex digest", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    const [token] = tokens;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(token!)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token!)).not.toContain(token!);
  });

  it("makes link codes of 16 unambiguous characters in groups of four", () => {
    for (let i = 0; i < 200; i++) expect(generateLinkCode()).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
  });

  it("accepts a code typed in any case, with spaces or without dashes", () => {
    const code = generateLinkCode();
    expect(normaliseLinkCode(code.toLowerCase())).toBe(code);
    expect(normaliseLinkCode(code.replace(/-/g, " "))).toBe(code);
    expect(normaliseLinkCode(code.replace(/-/g, ""))).toBe(code);
  });
});
