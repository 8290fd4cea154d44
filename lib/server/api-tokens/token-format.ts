// What a personal API token looks like: "ams_" and 32 random bytes in base64url (43 characters).
import "server-only";
import { generateToken, hashToken } from "@/lib/auth/tokens";

const MARK = "ams_";
/** Anything else in the Authorization header is refused before the database is asked. */
export const apiTokenShape = /^ams_[A-Za-z0-9_-]{43}$/;

export type NewSecret = { secret: string; prefix: string; hash: string };

export function newApiTokenSecret(): NewSecret {
  const secret = `${MARK}${generateToken()}`;
  // The first 8 characters after the mark: enough for the owner to tell tokens apart, useless to guess with.
  return { secret, prefix: secret.slice(MARK.length, MARK.length + 8), hash: hashToken(secret) };
}

export { hashToken as hashApiToken };
