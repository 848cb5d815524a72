import { describe, expect, it } from "vitest";

import { GRACE_PRESET_NAMES, GRACE_PRESETS, isGracePreset } from "@/lib/keys/grace";
import { DAY_MS, HOUR_MS } from "@/lib/time";
import {
  DEFAULT_KEY_POLICY,
  isExpired,
  isExpiringSoon,
  resolveExpiry,
  resolveGraceEnd,
  validatePolicy,
  type ExpiryRequest,
  type KeyPolicy,
} from "@/lib/keys/policy";

const NOW = new Date("2025-03-10T12:00:00.000Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

const POLICY: KeyPolicy = {
  defaultLifetimeDays: 90,
  minLifetimeDays: 1,
  maxLifetimeDays: 730,
  allowCustomSecrets: false,
  retrievableSecrets: false,
  expiryWarningDays: [14, 7, 1],
  leakResponse: "disable",
};

describe("resolveExpiry", () => {
  it.each<[string, ExpiryRequest, Date]>([
    ["no date → now + default", undefined, at(90 * DAY_MS)],
    ["{ days: 30 }", { days: 30 }, at(30 * DAY_MS)],
    ["{ days: min }", { days: 1 }, at(DAY_MS)],
    ["{ days: max }", { days: 730 }, at(730 * DAY_MS)],
    ["a date exactly at the minimum", at(DAY_MS), at(DAY_MS)],
    ["a date exactly at the maximum", at(730 * DAY_MS), at(730 * DAY_MS)],
    ["a date in between", new Date("2025-06-01T00:00:00Z"), new Date("2025-06-01T00:00:00Z")],
  ])("accepts %s", (_label, requested, expected) => {
    expect(resolveExpiry(POLICY, requested, NOW)).toEqual({ ok: true, expiresAt: expected });
  });

  it.each<[string, ExpiryRequest, string]>([
    ["a date 1 ms short of the minimum", at(DAY_MS - 1), "Expiry must be at least 1 day from now"],
    ["a date in the past", at(-DAY_MS), "Expiry must be at least 1 day from now"],
    ["now", NOW, "Expiry must be at least 1 day from now"],
    ["{ days: 0 }", { days: 0 }, "Expiry must be at least 1 day from now"],
    ["{ days: -5 }", { days: -5 }, "Expiry must be at least 1 day from now"],
    ["a date 1 ms past the maximum", at(730 * DAY_MS + 1), "Expiry cannot be more than 730 days from now"],
    ["{ days: 731 }", { days: 731 }, "Expiry cannot be more than 730 days from now"],
    ["{ days: 1e9 }", { days: 1e9 }, "Expiry cannot be more than 730 days from now"],
    ["an invalid Date", new Date("not a date"), "Expiry must be a valid date"],
    ["{ days: 1.5 }", { days: 1.5 }, "Lifetime must be a whole number of days"],
    ["{ days: NaN }", { days: Number.NaN }, "Lifetime must be a whole number of days"],
    ["{ days: Infinity }", { days: Number.POSITIVE_INFINITY }, "Lifetime must be a whole number of days"],
  ])("refuses %s", (_label, requested, message) => {
    expect(resolveExpiry(POLICY, requested, NOW)).toEqual({ ok: false, message });
  });

  it("uses the policy's numbers in messages, pluralized", () => {
    const strict = { ...POLICY, minLifetimeDays: 7, maxLifetimeDays: 30, defaultLifetimeDays: 14 };
    expect(resolveExpiry(strict, { days: 2 }, NOW)).toEqual({
      ok: false,
      message: "Expiry must be at least 7 days from now",
    });
    expect(resolveExpiry({ ...strict, maxLifetimeDays: 1, minLifetimeDays: 1 }, { days: 2 }, NOW)).toEqual({
      ok: false,
      message: "Expiry cannot be more than 1 day from now",
    });
  });

  it("ships a default policy that validates", () => {
    expect(validatePolicy(DEFAULT_KEY_POLICY)).toEqual({ ok: true });
    expect(resolveExpiry(DEFAULT_KEY_POLICY, undefined, NOW).ok).toBe(true);
  });
});

describe("isExpiringSoon / isExpired", () => {
  it.each<[string, Date | null, boolean, boolean]>([
    ["no expiry", null, false, false],
    ["expires in 15 days", at(15 * DAY_MS), false, false],
    ["expires in exactly 14 days", at(14 * DAY_MS), true, false],
    ["expires in 1 hour", at(HOUR_MS), true, false],
    ["expires right now", NOW, false, true],
    ["expired yesterday", at(-DAY_MS), false, true],
  ])("%s → soon=%s expired=%s", (_label, expiresAt, soon, expired) => {
    expect(isExpiringSoon(expiresAt, NOW)).toBe(soon);
    expect(isExpired(expiresAt, NOW)).toBe(expired);
  });
});

describe("grace presets", () => {
  it("lists the presets shortest first", () => {
    expect(GRACE_PRESET_NAMES).toEqual(["now", "1h", "24h", "7d"]);
    expect(GRACE_PRESET_NAMES.map((name) => GRACE_PRESETS[name].ms)).toEqual([
      0,
      HOUR_MS,
      DAY_MS,
      7 * DAY_MS,
    ]);
  });

  it.each([
    ["now", true],
    ["7d", true],
    ["2h", false],
    ["toString", false],
    ["__proto__", false],
    [7, false],
  ])("isGracePreset(%j) = %s", (value, expected) => {
    expect(isGracePreset(value)).toBe(expected);
  });
});

describe("resolveGraceEnd", () => {
  const keyExpiresAt = at(30 * DAY_MS);

  it.each([
    ["now", NOW],
    ["1h", at(HOUR_MS)],
    ["24h", at(24 * HOUR_MS)],
    ["7d", at(7 * DAY_MS)],
  ] as const)("preset %s", (choice, expected) => {
    expect(resolveGraceEnd(choice, keyExpiresAt, NOW)).toEqual({
      ok: true,
      endsAt: expected,
      clampedToKeyExpiry: false,
    });
  });

  it("clamps a preset to the key's expiry", () => {
    const soon = at(2 * DAY_MS);
    expect(resolveGraceEnd("7d", soon, NOW)).toEqual({ ok: true, endsAt: soon, clampedToKeyExpiry: true });
  });

  it("ends grace now, not in the past, for an already-expired key", () => {
    expect(resolveGraceEnd("24h", at(-DAY_MS), NOW)).toEqual({
      ok: true,
      endsAt: NOW,
      clampedToKeyExpiry: true,
    });
  });

  it("does not clamp when the key never expires", () => {
    expect(resolveGraceEnd("7d", null, NOW)).toEqual({
      ok: true,
      endsAt: at(7 * DAY_MS),
      clampedToKeyExpiry: false,
    });
  });

  it.each([
    ["now", NOW],
    ["a date before the key's expiry", at(3 * DAY_MS)],
    ["exactly the key's expiry", keyExpiresAt],
  ])("accepts an explicit date: %s", (_label, until) => {
    expect(resolveGraceEnd({ until }, keyExpiresAt, NOW)).toEqual({
      ok: true,
      endsAt: until,
      clampedToKeyExpiry: false,
    });
  });

  it.each([
    ["in the past", at(-1), keyExpiresAt, "Grace period end cannot be in the past"],
    [
      "after the key expires",
      at(30 * DAY_MS + 1),
      keyExpiresAt,
      "Grace period cannot end after the key expires",
    ],
    ["an invalid date", new Date(Number.NaN), keyExpiresAt, "Grace period end must be a valid date"],
  ])("refuses an explicit date %s", (_label, until, expiry, message) => {
    expect(resolveGraceEnd({ until }, expiry, NOW)).toEqual({ ok: false, message });
  });

  it("refuses an unknown preset smuggled past the type system", () => {
    const choice = "30d" as unknown as "7d";
    expect(resolveGraceEnd(choice, keyExpiresAt, NOW)).toEqual({
      ok: false,
      message: "Unknown grace period choice",
    });
  });
});

describe("validatePolicy", () => {
  const base = {
    allowCustomSecrets: true,
    retrievableSecrets: false,
    expiryWarningDays: [14, 7, 1],
    leakResponse: "disable" as const,
  };
  const policy = (min: number, def: number, max: number): KeyPolicy => ({
    ...base,
    minLifetimeDays: min,
    defaultLifetimeDays: def,
    maxLifetimeDays: max,
  });

  it.each([
    [1, 90, 730],
    [1, 1, 1],
    [30, 30, 3650],
    [1, 3650, 3650],
  ])("accepts min=%i default=%i max=%i", (min, def, max) => {
    expect(validatePolicy(policy(min, def, max))).toEqual({ ok: true });
  });

  it.each<[string, KeyPolicy, { field: string; message: string }[]]>([
    [
      "min 0",
      policy(0, 30, 90),
      [{ field: "minLifetimeDays", message: "Minimum lifetime must be at least 1 day" }],
    ],
    [
      "max over 3650",
      policy(1, 30, 3651),
      [{ field: "maxLifetimeDays", message: "Maximum lifetime cannot be more than 3650 days" }],
    ],
    [
      "min above max",
      policy(100, 100, 90),
      [
        { field: "minLifetimeDays", message: "Minimum lifetime cannot be more than the maximum lifetime" },
        {
          field: "defaultLifetimeDays",
          message: "Default lifetime must be between the minimum and maximum lifetime",
        },
      ],
    ],
    [
      "default below min",
      policy(7, 1, 90),
      [
        {
          field: "defaultLifetimeDays",
          message: "Default lifetime must be between the minimum and maximum lifetime",
        },
      ],
    ],
    [
      "default above max",
      policy(1, 91, 90),
      [
        {
          field: "defaultLifetimeDays",
          message: "Default lifetime must be between the minimum and maximum lifetime",
        },
      ],
    ],
    [
      "fractional and NaN days",
      policy(1.5, Number.NaN, 90),
      [
        { field: "defaultLifetimeDays", message: "Default lifetime must be a whole number of days" },
        { field: "minLifetimeDays", message: "Minimum lifetime must be a whole number of days" },
      ],
    ],
    [
      "infinite max",
      policy(1, 30, Number.POSITIVE_INFINITY),
      [{ field: "maxLifetimeDays", message: "Maximum lifetime must be a whole number of days" }],
    ],
  ])("refuses %s", (_label, p, errors) => {
    expect(validatePolicy(p)).toEqual({ ok: false, errors });
  });
});
