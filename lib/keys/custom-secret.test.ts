import { describe, expect, it } from "vitest";

import { CUSTOM_SECRET_MESSAGES as M, validateCustomSecret } from "@/lib/keys/custom-secret";
import { generateSecret, looksLikeSecret } from "@/lib/keys/format";

describe("validateCustomSecret", () => {
  it.each([
    ["lower + upper + digit", "Abcdefghijk1"],
    ["lower + upper + symbol", "Abcdefghijk!"],
    ["lower + digit + symbol", "abcdefghij1!"],
    ["upper + digit + symbol", "ABCDEFGHIJ1!"],
    ["all four", "Tr0ub4dor&3x!"],
    ["exactly 256 chars", "Aa1" + "x".repeat(253)],
    ["every printable ASCII symbol", "Aa1!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"],
    ["upper-case KP_ is not the reserved prefix", "KP_abcdefgh12"],
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
    ["only lower case", "abcdefghijklmnop", M.variety],
    ["lower + upper only", "AbcdefghijklMNOP", M.variety],
    ["digits + symbols only", "1234567890!@#$", M.variety],
  ])("refuses %s", (_label, value, message) => {
    expect(validateCustomSecret(value)).toEqual({ ok: false, message });
  });

  it("has a readable message for every refusal", () => {
    expect(M).toEqual({
      notString: "Custom secret must be a string",
      tooShort: "Custom secret must be at least 12 characters",
      tooLong: "Custom secret must be at most 256 characters",
      charset: "Custom secret may only contain printable ASCII characters, without spaces",
      reservedPrefix: 'Custom secret cannot start with "kp_"; that prefix is reserved for generated keys',
      variety:
        "Custom secret must use at least three of: lower case letters, upper case letters, digits, symbols",
    });
  });

  it("every accepted custom secret passes the verify pre-filter", () => {
    for (const value of ["Tr0ub4dor&3x!", "Aa1" + "x".repeat(253), "KP_abcdefgh12"]) {
      expect(validateCustomSecret(value).ok).toBe(true);
      expect(looksLikeSecret(value)).toBe(true);
    }
  });
});
