import { describe, expect, it } from "vitest";
import { createMissLimiter } from "./rate-limit";

describe("miss limiter", () => {
  it("allows a burst of `capacity` failures per source, then refuses", () => {
    const limiter = createMissLimiter({ capacity: 3, windowMs: 3_000 });
    expect([1, 2, 3, 4].map(() => limiter.take("a", 0))).toEqual([true, true, true, false]);
    expect(limiter.take("b", 0)).toBe(true);
  });

  it("refills continuously and says when to retry", () => {
    const limiter = createMissLimiter({ capacity: 2, windowMs: 2_000 });
    limiter.take("a", 0);
    limiter.take("a", 0);
    expect(limiter.take("a", 0)).toBe(false);
    expect(limiter.retryAfterSeconds("a", 0)).toBe(1);
    expect(limiter.take("a", 999)).toBe(false);
    expect(limiter.take("a", 1_000)).toBe(true);
  });

  it("gives a token back for an attempt that found a key", () => {
    const limiter = createMissLimiter({ capacity: 1, windowMs: 10_000 });
    expect(limiter.take("a", 0)).toBe(true);
    limiter.refund("a");
    expect(limiter.take("a", 0)).toBe(true);
    expect(limiter.take("a", 0)).toBe(false);
  });

  it("keeps at most maxSources buckets, dropping full ones first", () => {
    const limiter = createMissLimiter({ capacity: 2, windowMs: 1_000, maxSources: 100 });
    limiter.take("drained", 0);
    limiter.take("drained", 0);
    for (let i = 0; i < 1_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
