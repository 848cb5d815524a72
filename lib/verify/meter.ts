import { redisClient } from "@/lib/ops/redis";
import type { CreditSpender } from "./credits";
import {
  createMemoryLimitStore,
  createRedisLimitStore,
  type KeyLimitStore,
  type LimitCheck,
  type LimitOutcome,
} from "./key-limits";
import type { KeyEntry, RatelimitState, Verification, VerifyCode, VerifyInput, VerifyRequest } from "./types";
import type { UsageRecorder } from "./usage";

// Metering for the verify runtime (runtime.ts): a VALID key with rate limits or credits
// (KeyEntry.metered) checks its limits (key-limits.ts), then spends its credits (credits.ts), and
// records the verification's usage with the outcome. Keys without either never come here.

export class KeyMeter {
  private limits: KeyLimitStore | undefined;
  private readonly usage: UsageRecorder;
  private readonly spend: CreditSpender;

  /** `limits`: the rate limit counters; by default chosen on first use (defaultLimitStore). */
  constructor(usage: UsageRecorder, spend: CreditSpender, limits: KeyLimitStore | undefined) {
    this.usage = usage;
    this.spend = spend;
    this.limits = limits;
  }

  /** A VALID key with limits or credits: its rate limits first, then its credits. */
  check(input: VerifyInput, entry: KeyEntry, now: number): Verification | Promise<Verification> {
    const checks = limitChecks(entry, input.ratelimits);
    if (checks.length === 0) return this.spendCredits(input, entry, now, undefined);
    this.limits ??= defaultLimitStore();
    const taken = this.limits.take(entry.keyId, checks, now);
    if (taken instanceof Promise)
      return taken.then((outcome) => this.afterLimits(input, entry, now, checks, outcome));
    return this.afterLimits(input, entry, now, checks, taken);
  }

  private afterLimits(
    input: VerifyInput,
    entry: KeyEntry,
    now: number,
    checks: readonly LimitCheck[],
    outcome: LimitOutcome,
  ): Verification | Promise<Verification> {
    if (outcome.ok) return this.spendCredits(input, entry, now, outcome.states);
    this.usage.record(entry.keyId, false, input.ip ?? null, now);
    // Retry when every limit that refused has a new window.
    let reset = now;
    outcome.states.forEach((state, i) => {
      if ((checks[i] as LimitCheck).cost > state.remaining) reset = Math.max(reset, state.reset);
    });
    return {
      code: "RATE_LIMITED",
      entry,
      retryAfter: Math.max(1, Math.ceil((reset - now) / 1000)),
      ratelimits: outcome.states,
    };
  }

  private spendCredits(
    input: VerifyInput,
    entry: KeyEntry,
    now: number,
    ratelimits: RatelimitState[] | undefined,
  ): Verification | Promise<Verification> {
    if (entry.credits === null) {
      this.usage.record(entry.keyId, true, input.ip ?? null, now, entry.hash);
      return { code: "VALID", entry, retryAfter: 0, ratelimits };
    }
    return this.spend(entry.keyId, input.cost ?? 1, entry.credits.refill, now).then((spent) => {
      this.usage.record(entry.keyId, spent.ok, input.ip ?? null, now, entry.hash);
      const code: VerifyCode = spent.ok ? "VALID" : "USAGE_EXCEEDED";
      return spent.remaining === null
        ? { code, entry, retryAfter: 0, ratelimits }
        : { code, entry, retryAfter: 0, ratelimits, credits: spent.remaining };
    });
  }
}

/** The key's auto-applied limits, and those the request names, each at the request's cost (default 1). */
function limitChecks(entry: KeyEntry, named: VerifyRequest["ratelimits"]): LimitCheck[] {
  const checks: LimitCheck[] = [];
  for (const limit of entry.ratelimits) {
    const asked = named?.find((item) => item.name === limit.name);
    if (!limit.autoApply && asked === undefined) continue;
    checks.push({
      name: limit.name,
      limit: limit.limit,
      durationMs: limit.durationMs,
      cost: asked?.cost ?? 1,
    });
  }
  return checks;
}

/** One budget for every instance with Redis; otherwise this process counts alone (README states the bound). */
function defaultLimitStore(): KeyLimitStore {
  const redis = redisClient();
  return redis ? createRedisLimitStore(redis) : createMemoryLimitStore();
}
