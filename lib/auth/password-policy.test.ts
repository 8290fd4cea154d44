import { describe, expect, it } from "vitest";
import { newPasswordSchema, ratePassword } from "./password-policy";

describe("password policy", () => {
  it("refuses passwords shorter than 12 characters and longer than 128", () => {
    expect(ratePassword("Tr0ub4dor&3").problem).toMatch(/at least 12/);
    expect(ratePassword("x".repeat(129)).problem).toMatch(/at most 128/);
  });

  it("accepts long passphrases of any characters, including spaces and non-Latin letters, up to 128", () => {
    expect(ratePassword("correct horse battery staple").problem).toBeUndefined();
    expect(ratePassword("ọmọ ilé-ìwé wa dára púpọ̀").problem).toBeUndefined();
    expect(ratePassword(`${"walnut-orbit-canvas-".repeat(6)}12345678`).problem).toBeUndefined();
  });

  it("refuses common passwords from the bundled list, whatever their case", () => {
    expect(ratePassword("qwerty123456").problem).toMatch(/most common/);
    expect(ratePassword("QWERTY123456").problem).toMatch(/most common/);
  });

  it("refuses long but guessable passwords (repeats, sequences, the account's own name)", () => {
    expect(ratePassword("aaaaaaaaaaaaaaaa").problem).toMatch(/too easy/);
    expect(ratePassword("123456789012345").problem).toBeDefined();
    expect(ratePassword("adaezeokafor2026", ["adaeze.okafor@school.test", "Adaeze Okafor"]).problem).toMatch(/name or email/);
    expect(ratePassword("adaezeokafor2026").problem).toBeUndefined();
  });

  it("scores from 0 to 4 for the strength meter", () => {
    expect(ratePassword("password").score).toBe(0);
    expect(ratePassword("violet-tractor-47-mango-lagoon").score).toBe(4);
  });

  it("is a zod schema the form and the server share", () => {
    expect(newPasswordSchema.safeParse("violet-tractor-47-mango-lagoon").success).toBe(true);
    const refused = newPasswordSchema.safeParse("password1234");
    expect(refused.success).toBe(false);
  });
});
