// The password rules (ASVS 2.1): length 12–128, any characters, no composition rules, and not a
// common or easily guessed password (checked offline against zxcvbn's bundled list). Shared by the
// forms (strength meter, instant feedback) and the server (the real check).
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

let checker: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: true });
  return checker;
}

let common: Set<string> | undefined;
function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"]);
  return common.has(password.toLowerCase());
}

export type PasswordStrength = {
  /** 0 (guessable in seconds) to 4 (very strong), from zxcvbn. */
  score: 0 | 1 | 2 | 3 | 4;
  label: "Very weak" | "Weak" | "Fair" | "Strong" | "Very strong";
  /** Why the password was refused, or nothing when it is acceptable. */
  problem?: string;
};

const labels = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;

/** True when little is left of the password once the person's own words, digits and symbols go. */
function isBuiltFrom(password: string, personalWords: string[]): boolean {
  if (personalWords.length === 0) return false;
  let rest = password.toLowerCase();
  for (const word of personalWords) rest = rest.split(word).join("");
  return rest.replace(/[^\p{L}]/gu, "").length < 4;
}

/**
 * Rates a password. `personal` holds words an attacker would try first for this account (email,
 * name); a password built from them is refused.
 */
export function ratePassword(password: string, personal: string[] = []): PasswordStrength {
  const inputs = personal.flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3);
  // zxcvbn's cost grows with length; anything past the maximum is refused before scoring.
  const result = password.length <= PASSWORD_MAX_LENGTH ? zxcvbn().check(password, inputs) : undefined;
  const score = (result?.score ?? 0) as PasswordStrength["score"];
  const strength: PasswordStrength = { score, label: labels[score] };
  if (password.length < PASSWORD_MIN_LENGTH) strength.problem = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  else if (password.length > PASSWORD_MAX_LENGTH) strength.problem = `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  else if (isCommonPassword(password)) strength.problem = "This is one of the most common passwords. Choose another.";
  else if (score < 2) {
    strength.problem = "This password is too easy to guess. Try a few unrelated words together.";
  } else if (isBuiltFrom(password, inputs)) {
    strength.problem = "This password is too close to your name or email address.";
  }
  if (strength.problem && strength.score > 1) strength.score = 1;
  strength.label = labels[strength.score];
  return strength;
}

/** A new password, checked the same way in the browser and on the server. */
export const newPasswordSchema = z.string().superRefine((password, context) => {
  const problem = ratePassword(password).problem;
  if (problem) context.addIssue({ code: "custom", message: problem });
});
