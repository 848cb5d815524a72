import { describe, expect, it } from "vitest";
import {
  DEFAULT_EXPIRY_WARNING_DAYS,
  expiringSoonDays,
  expiryWarningDaysSchema,
  formatWarningDays,
  parseWarningDays,
} from "./expiry-warnings";

describe("expiry warnings", () => {
  it("reads the form's text or the API's numbers, largest first, without repeats", () => {
    expect(expiryWarningDaysSchema.parse("1, 14 7")).toEqual([14, 7, 1]);
    expect(expiryWarningDaysSchema.parse([7, 30, 7])).toEqual([30, 7]);
    expect(expiryWarningDaysSchema.parse("365")).toEqual([365]);
  });

  it.each([[""], [" , "], ["0"], ["366"], ["1.5"], ["-1"], ["7 days"], ["1,2,3,4,5,6"], [[0.5]], [{}]])(
    "refuses %j",
    (value) => {
      expect(expiryWarningDaysSchema.safeParse(value).success).toBe(false);
    },
  );

  it("stores and reads back as text; a damaged value reads as the default", () => {
    expect(formatWarningDays([1, 30, 7])).toBe("30,7,1");
    expect(parseWarningDays("30,7,1")).toEqual([30, 7, 1]);
    expect(parseWarningDays("garbage")).toEqual(DEFAULT_EXPIRY_WARNING_DAYS);
    expect(parseWarningDays("")).toEqual(DEFAULT_EXPIRY_WARNING_DAYS);
  });

  it("looks as far ahead as the earliest warning", () => {
    expect(expiringSoonDays([30, 7, 1])).toBe(30);
    expect(expiringSoonDays(DEFAULT_EXPIRY_WARNING_DAYS)).toBe(14);
  });
});
