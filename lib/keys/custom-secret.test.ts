import { describe, expect, it } from "vitest";

import {
  CUSTOM_SECRET_MESSAGES as M,
  estimateSecretBits,
  validateCustomSecret,
} from "@/lib/keys/custom-secret";
import { generateSecret, looksLikeSecret } from "@/lib/keys/format";

describe("validateCustomSecret", () => {
  it.each([
    ["20 random characters of all four classes", "Zq7!mV2#rT9@wK4$pL8%"],
    ["22 random letters and digits", "q7mV2rT9wK4pL8xN3hG6sD"],
    ["a generated key's random part", generateSecret().slice(3)],
    ["upper-case KP_ is not the reserved prefix", "KP_q7mV2rT9wK4pL8xN3hG6sD"],
  ])("accepts %s", (_label, value) => {
    expect(validateCustomSecret(value)).toEqual({ ok: true });
  });

  it.each<[string, unknown, string]>([
    ["a number", 123456789012, M.notString],
    ["null", null, M.notString],
    ["undefined", undefined, M.notString],
    ["empty", "", M.tooShort],
    ["11 chars", "Abcdefghij1", M.tooShort],
    ["257 chars", "Aa1" + "x".repeat(254), M.tooLong],
    ["10 KB junk", "Aa1!".repeat(2560), M.tooLong],
    ["a space", "Abcdef ghij1!", M.charset],
    ["leading space", " Abcdefghij1!", M.charset],
    ["a tab", "Abcdef\tghij1!", M.charset],
    ["a newline", "Abcdefghij1!\n", M.charset],
    ["NUL", "Abcdefghij1!\0", M.charset],
    ["DEL", "Abcdefghij1!\x7f", M.charset],
    ["accented letter", "Ábcdefghij1!", M.charset],
    ["emoji", "Abcdefghij1!\u{1F511}", M.charset],
    ["full-width digits", "Abcdefghij\uFF11\uFF12", M.charset],
    ["the reserved kp_ prefix", "kp_Abcdefghij1", M.reservedPrefix],
    ["a generated key", generateSecret(), M.reservedPrefix],
    ["12 characters of all four classes", "Tr0ub4dor&3x!", M.weak],
    ["a 16-character phrase", "Correct-Horse-42", M.weak],
    ["only lower case, 16", "abcdefghijklmnop", M.weak],
    ["a long run of one character", "Aa1!" + "x".repeat(252), M.weak],
    ["a sequence", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", M.weak],
    ["every printable ASCII symbol in order", "Aa1!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", M.weak],
    ["a repeated block", "Zq7!mV2#".repeat(8), M.weak],
  ])("refuses %s", (_label, value, message) => {
    expect(validateCustomSecret(value)).toEqual({ ok: false, message });
  });

  it("estimates conservatively", () => {
    expect(estimateSecretBits("Zq7!mV2#rT9@wK4$pL8%")).toBeCloseTo(20 * Math.log2(94), 5);
    expect(estimateSecretBits("aaaaaaaaaa")).toBeCloseTo(Math.log2(26), 5);
    expect(estimateSecretBits("abcabcabc")).toBeLessThanOrEqual(2 * Math.log2(26));
  });

  it("has a readable message for every refusal", () => {
    expect(M).toEqual({
      notString: "Custom secret must be a string",
      tooShort: "Custom secret must be at least 12 characters",
      tooLong: "Custom secret must be at most 256 characters",
      charset: "Custom secret may only contain printable ASCII characters, without spaces",
      reservedPrefix: 'Custom secret cannot start with "kp_"; that prefix is reserved for generated keys',
      weak: "Custom secret is too easy to guess: it needs at least 128 bits, e.g. 20 random characters mixing lower and upper case letters, digits and symbols, or 22 random letters and digits",
    });
  });

  it("every accepted custom secret passes the verify pre-filter", () => {
    for (const value of ["Zq7!mV2#rT9@wK4$pL8%", "q7mV2rT9wK4pL8xN3hG6sD" + "x".repeat(234)]) {
      expect(validateCustomSecret(value).ok).toBe(true);
      expect(looksLikeSecret(value)).toBe(true);
    }
  });
});
