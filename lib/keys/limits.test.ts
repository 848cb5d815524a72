import { describe, expect, it } from "vitest";
import {
  creditsFormSchema,
  creditsJsonSchema,
  keyMetaFormSchema,
  keyMetaJsonSchema,
  nextRefillAt,
  ratelimitsFormSchema,
  ratelimitsJsonSchema,
  refillPeriod,
} from "./limits";

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
    expect(ratelimitsJsonSchema.safeParse([limit, limit]).success).toBe(false);
    expect(ratelimitsJsonSchema.parse([limit])).toEqual([{ ...limit, autoApply: true }]);
    expect(keyMetaJsonSchema.safeParse({ blob: "x".repeat(4100) }).success).toBe(false);
    expect(keyMetaJsonSchema.safeParse(["not", "an", "object"]).success).toBe(false);
    expect(creditsJsonSchema.safeParse({ remaining: -1 }).success).toBe(false);
  });

  it("JSON shapes take JSON values only, never a form's text", () => {
    expect(
      ratelimitsJsonSchema.safeParse([{ name: "requests", limit: "1", durationMs: "1000" }]).success,
    ).toBe(false);
    expect(creditsJsonSchema.safeParse({ remaining: "10" }).success).toBe(false);
    expect(keyMetaJsonSchema.safeParse('{"plan":"pro"}').success).toBe(false);
  });
});

describe("usage form schemas: what a form holds, to the JSON shape's value", () => {
  const noRefill = { interval: "", amount: "", day: "" } as const;

  it("reads rate limit rows of text", () => {
    const rows = [
      { name: "requests", limit: " 100 ", durationMs: "60000", autoApply: true },
      { name: "burst", limit: "10", durationMs: "1000", autoApply: false },
    ];
    expect(ratelimitsFormSchema.parse(rows)).toEqual([
      { name: "burst", limit: 10, durationMs: 1000, autoApply: false },
      { name: "requests", limit: 100, durationMs: 60_000, autoApply: true },
    ]);
    const bad = ratelimitsFormSchema.safeParse([
      { name: "requests", limit: "many", durationMs: "10", autoApply: true },
    ]);
    expect(bad.error?.issues.map((issue) => issue.path.join("."))).toEqual(["0.limit", "0.durationMs"]);
    expect(ratelimitsFormSchema.safeParse([rows[0], rows[0]]).success).toBe(false);
    expect(
      ratelimitsFormSchema.safeParse([{ name: "requests", limit: 1, durationMs: 1000, autoApply: true }])
        .success,
    ).toBe(false);
  });

  it("reads credits: blank is none, a refill of '' is never, a blank monthly day is day 1", () => {
    expect(creditsFormSchema.parse({ remaining: " ", refill: noRefill })).toBeNull();
    expect(creditsFormSchema.parse({ remaining: "50", refill: noRefill })).toEqual({
      remaining: 50,
      refill: null,
    });
    expect(
      creditsFormSchema.parse({ remaining: "50", refill: { interval: "monthly", amount: "1000", day: "" } }),
    ).toEqual({ remaining: 50, refill: { interval: "monthly", amount: 1000 } });
    expect(
      creditsFormSchema.parse({ remaining: "0", refill: { interval: "monthly", amount: "5", day: "15" } }),
    ).toEqual({ remaining: 0, refill: { interval: "monthly", amount: 5, day: 15 } });
    const paths = (value: unknown) =>
      creditsFormSchema.safeParse(value).error?.issues.map((issue) => issue.path.join("."));
    expect(paths({ remaining: "", refill: { interval: "daily", amount: "5", day: "" } })).toEqual([
      "remaining",
    ]);
    expect(paths({ remaining: "-1", refill: { interval: "monthly", amount: "0", day: "32" } })).toEqual([
      "remaining",
      "refill.amount",
      "refill.day",
    ]);
    expect(creditsFormSchema.safeParse({ remaining: 50, refill: null }).success).toBe(false);
  });

  it("reads metadata as JSON text of an object at most 4 KB; blank is none", () => {
    expect(keyMetaFormSchema.parse("")).toBeNull();
    expect(keyMetaFormSchema.parse('{"plan":"pro"}')).toEqual({ plan: "pro" });
    expect(keyMetaFormSchema.safeParse("not json").error?.issues[0]?.message).toBe(
      "Metadata is a JSON object.",
    );
    expect(keyMetaFormSchema.safeParse("[1]").success).toBe(false);
    expect(keyMetaFormSchema.safeParse(JSON.stringify({ blob: "x".repeat(4100) })).success).toBe(false);
    expect(keyMetaFormSchema.safeParse({ plan: "pro" }).success).toBe(false);
  });
});
