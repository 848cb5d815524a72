import { describe, expect, it } from "vitest";
import {
  delayAfter,
  SIGN_IN_PER_ACCOUNT,
  SIGN_IN_PER_IP,
  SIGN_IN_PER_SOURCE,
  TOTP_PER_USER,
} from "./throttle";

describe("delayAfter", () => {
  it.each([SIGN_IN_PER_SOURCE, SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP, TOTP_PER_USER])(
    "no delay before the limit, then growing delays up to the longest",
    (rule) => {
      expect(delayAfter(rule, rule.limit - 1)).toBe(0);
      const delays = Array.from({ length: 12 }, (_, i) => delayAfter(rule, rule.limit + i));
      expect(delays[0]).toBe(rule.baseDelayMs);
      for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0);
      expect(delays.at(-1)).toBe(rule.maxDelayMs);
      expect(delayAfter(rule, 10_000)).toBe(rule.maxDelayMs);
    },
  );

  it("authenticator codes stop for good at 100 consecutive failures at most (NIST SP 800-63B)", () => {
    expect(TOTP_PER_USER.hardCap).toBeLessThanOrEqual(100);
  });
});
