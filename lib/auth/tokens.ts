// Secrets sent by email (invitation, verification, reset links) and one-time link codes.
import { createHash, randomBytes, randomInt } from "node:crypto";

/** 256 random bits, URL-safe: long enough that guessing is hopeless, so no lockout is needed. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores: a leaked table cannot be replayed as links. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

// No 0/O, 1/I/L: the code is read off paper and typed by a parent.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/**
 * A link code a school prints for a family, e.g. "K7QP-M2XD-9HTA-3WRB": 16 characters from 31,
 * about 79 bits. Hashed like tokens; single use, expiring, and attempts are rate-limited.
 */
export function generateLinkCode(): string {
  let code = "";
  for (let i = 0; i < 16; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code.match(/.{4}/g)!.join("-");
}

/** Accepts the code as typed: any case, with or without dashes and spaces. */
export function normaliseLinkCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  return compact.match(/.{1,4}/g)?.join("-") ?? "";
}
