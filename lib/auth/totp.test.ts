import { describe, expect, it } from "vitest";

import {
  checkTotpCode,
  currentTotpCode,
  generateTotpSecret,
  totpStep,
  totpUri,
  type TotpCheckResult,
} from "@/lib/auth/totp";

// RFC 6238 appendix B: SHA-1 key "12345678901234567890" (ASCII), base32-encoded.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const SECRET = generateTotpSecret();
const NOW = new Date("2025-03-10T12:00:10.000Z"); // 10 s into a step
const STEP = totpStep(NOW);
const atStep = (offset: number) => new Date(NOW.getTime() + offset * 30_000);
const codeAt = (offset: number) => currentTotpCode(SECRET, atStep(offset));

function differentCode(code: string): string {
  return ((Number(code) + 1) % 1_000_000).toString().padStart(6, "0");
}

describe("generateTotpSecret / totpUri", () => {
  it("makes a 160-bit base32 secret, different every time", () => {
    expect(SECRET).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(SECRET);
  });

  it("builds an authenticator URI with the Keyplane issuer", () => {
    const uri = totpUri({ secret: SECRET, accountName: "ada@example.com" });
    expect(uri).toBe(`otpauth://totp/Keyplane:ada%40example.com?secret=${SECRET}&issuer=Keyplane`);
  });

  it("keeps a ':' in the account name from corrupting the label", () => {
    const uri = totpUri({ secret: SECRET, accountName: "evil:Other Issuer", issuer: "Keyplane" });
    expect(uri.startsWith("otpauth://totp/Keyplane:evil%20Other%20Issuer?")).toBe(true);
  });
});

describe("currentTotpCode", () => {
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1234567890, "005924"],
    [2000000000, "279037"],
  ])("matches the RFC 6238 SHA-1 vector at t=%i", (seconds, code) => {
    expect(currentTotpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it("is 6 digits and changes every 30 s step", () => {
    expect(codeAt(0)).toMatch(/^\d{6}$/);
    expect(currentTotpCode(SECRET, new Date(NOW.getTime() + 19_000))).toBe(codeAt(0));
    expect(totpStep(new Date(NOW.getTime() + 20_000))).toBe(STEP + 1);
  });
});

describe("checkTotpCode", () => {
  const check = (code: string, lastAcceptedStep: number | null, now: Date = NOW): TotpCheckResult =>
    checkTotpCode({ secret: SECRET, code, lastAcceptedStep, now });

  it("accepts the current code and returns its step", () => {
    expect(check(codeAt(0), null)).toEqual({ ok: true, step: STEP });
  });

  it.each([-1, 1])("accepts one step of drift (%i)", (offset) => {
    expect(check(codeAt(offset), null)).toEqual({ ok: true, step: STEP + offset });
  });

  it.each([-3, -2, 2, 3])("refuses a code %i steps away as invalid", (offset) => {
    expect(check(codeAt(offset), null)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a wrong code", () => {
    const window = new Set([codeAt(-1), codeAt(0), codeAt(1)]);
    const wrong = [differentCode(codeAt(0)), "000000", "999999"].filter((code) => !window.has(code));
    expect(wrong.length).toBeGreaterThan(0);
    for (const code of wrong) expect(check(code, null)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a code from the step already accepted as replayed", () => {
    const first = check(codeAt(0), null);
    expect(first).toEqual({ ok: true, step: STEP });
    expect(check(codeAt(0), STEP)).toEqual({ ok: false, reason: "replayed" });
    // Still replayed a few seconds later, while the code is in the window.
    expect(check(codeAt(0), STEP, new Date(NOW.getTime() + 25_000))).toEqual({
      ok: false,
      reason: "replayed",
    });
  });

  it("refuses an older code once a newer step was accepted", () => {
    expect(check(codeAt(-1), STEP)).toEqual({ ok: false, reason: "replayed" });
  });

  it("accepts the next step after the last accepted one", () => {
    expect(check(codeAt(1), STEP)).toEqual({ ok: true, step: STEP + 1 });
  });

  it("treats every code as replayed when the last accepted step is ahead of the window", () => {
    expect(check(codeAt(0), STEP + 5)).toEqual({ ok: false, reason: "replayed" });
  });

  it("reports a wrong code as invalid even with a last accepted step", () => {
    const used = new Set([codeAt(-1), codeAt(0), codeAt(1)]);
    const wrong = ["000000", "123456", "999999"].find((c) => !used.has(c))!;
    expect(check(wrong, STEP - 10)).toEqual({ ok: false, reason: "invalid" });
  });

  it.each([
    ["inner space", (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`],
    ["surrounding spaces", (c: string) => `  ${c} `],
    ["tab", (c: string) => `\t${c}`],
  ])("ignores spaces (%s)", (_label, format) => {
    expect(check(format(codeAt(0)), null)).toEqual({ ok: true, step: STEP });
  });

  it.each([
    ["empty", ""],
    ["5 digits", "12345"],
    ["7 digits", "1234567"],
    ["letters", "12a456"],
    ["sign", "+12345"],
    ["newline", "123456\n"],
    ["NUL", "123456\0"],
    ["Arabic-Indic digits", "\u0661\u0662\u0663\u0664\u0665\u0666"],
    ["full-width digits", "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16"],
    ["10 KB of digits", "1".repeat(10_240)],
    ["10 KB of spaces then a code", `${" ".repeat(10_240)}123456`],
    ["not a string", 123456 as unknown as string],
  ])("refuses %s as malformed", (_label, code) => {
    expect(check(code, null)).toEqual({ ok: false, reason: "malformed" });
  });

  it.each([-1, 1.5, Number.NaN])("throws on a corrupt lastAcceptedStep (%s)", (last) => {
    expect(() => check(codeAt(0), last)).toThrow(TypeError);
  });

  it("returns a plain object, never a Promise (no forgotten-await bugs)", () => {
    const result = check("000000", null);
    expect(result).not.toBeInstanceOf(Promise);
    expect(typeof result.ok).toBe("boolean");
  });
});
