import { describe, expect, it } from "vitest";
import { parseCredits, parseMeta, parseRatelimit } from "./limits";

describe("CLI usage flags", () => {
  it("reads --ratelimit name=limit/duration, auto-applied unless :named", () => {
    expect(parseRatelimit("requests=100/60s")).toEqual({
      name: "requests",
      limit: 100,
      durationMs: 60_000,
      autoApply: true,
    });
    expect(parseRatelimit("burst=10/1m:named")).toMatchObject({ durationMs: 60_000, autoApply: false });
    expect(() => parseRatelimit("requests=100")).toThrow(/name=limit\/duration/);
  });

  it("reads --credits with --refill, and refuses a refill without a balance", () => {
    expect(parseCredits("1000", "monthly:1000")).toEqual({
      remaining: 1000,
      refill: { interval: "monthly", amount: 1000 },
    });
    expect(parseCredits("5", "monthly:50:15")?.refill).toEqual({ interval: "monthly", amount: 50, day: 15 });
    expect(parseCredits(undefined, undefined)).toBeUndefined();
    expect(() => parseCredits(undefined, "daily:5")).toThrow(/needs --credits/);
    expect(() => parseCredits("5", "daily:5:3")).toThrow(/--refill takes/);
  });

  it("reads --meta key=value pairs", () => {
    expect(parseMeta(["plan=pro", "tier=a=b"])).toEqual({ plan: "pro", tier: "a=b" });
    expect(() => parseMeta(["=x"])).toThrow(/key=value/);
  });
});
