import { describe, expect, it } from "vitest";
import { creditsSchema, keyMetaSchema, nextRefillAt, ratelimitsSchema, refillPeriod } from "./limits";

const at = (iso: string) => Date.parse(iso);

describe("refill periods", () => {
  it("starts a daily period at UTC midnight", () => {
    const daily = { interval: "daily" as const, amount: 10 };
    expect(refillPeriod(daily, at("2027-03-01T23:59:59.999Z"))).toBe("2027-03-01");
    expect(refillPeriod(daily, at("2027-03-02T00:00:00Z"))).toBe("2027-03-02");
    expect(nextRefillAt(daily, at("2027-03-01T10:00:00Z"))).toBe(at("2027-03-02T00:00:00Z"));
  });

  it("starts a monthly period on the refill day, the month's last day when it is shorter", () => {
    const monthly = { interval: "monthly" as const, amount: 10, day: 31 };
    expect(refillPeriod(monthly, at("2027-03-30T12:00:00Z"))).toBe("2027-02-28");
    expect(refillPeriod(monthly, at("2027-03-31T00:00:00Z"))).toBe("2027-03-31");
    expect(refillPeriod(monthly, at("2028-02-29T00:00:00Z"))).toBe("2028-02-29");
    expect(refillPeriod({ interval: "monthly", amount: 1 }, at("2027-01-01T00:00:00Z"))).toBe("2027-01-01");
    expect(refillPeriod({ interval: "monthly", amount: 1, day: 15 }, at("2027-01-14T00:00:00Z"))).toBe(
      "2026-12-15",
    );
    expect(nextRefillAt(monthly, at("2027-01-31T10:00:00Z"))).toBe(at("2027-02-28T00:00:00Z"));
  });
});

describe("usage field schemas", () => {
  it("refuses duplicate limit names, metadata over 4 KB, and negative credits", () => {
    const limit = { name: "requests", limit: 1, durationMs: 1000 };
    expect(ratelimitsSchema.safeParse([limit, limit]).success).toBe(false);
    expect(ratelimitsSchema.parse([limit])).toEqual([{ ...limit, autoApply: true }]);
    expect(keyMetaSchema.safeParse({ blob: "x".repeat(4100) }).success).toBe(false);
    expect(keyMetaSchema.safeParse(["not", "an", "object"]).success).toBe(false);
    expect(creditsSchema.safeParse({ remaining: -1 }).success).toBe(false);
  });
});
