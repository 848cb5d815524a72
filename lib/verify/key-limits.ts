import type { Redis } from "ioredis";
import { redisScript } from "@/lib/ops/redis";
import type { RatelimitState } from "./types";

// Per-key rate limits (README, "Rate limits, credits and metadata"): fixed windows of `durationMs`
// aligned to the epoch, one counter per key, limit name and window. A verification passes only if
// every limit it checks has room for its cost; then all of them are charged, else none is. Two
// stores: this process's memory (exact for one instance), or Redis, where one Lua script checks
// and charges atomically, so every instance shares one budget.

export interface LimitCheck {
  name: string;
  limit: number;
  durationMs: number;
  cost: number;
}

export interface LimitOutcome {
  ok: boolean;
  states: RatelimitState[];
}

export interface KeyLimitStore {
  take(keyId: string, checks: readonly LimitCheck[], now: number): LimitOutcome | Promise<LimitOutcome>;
}

function windowOf(check: LimitCheck, now: number): number {
  return Math.floor(now / check.durationMs);
}

function stateOf(check: LimitCheck, window: number, used: number): RatelimitState {
  return {
    name: check.name,
    limit: check.limit,
    remaining: Math.max(0, check.limit - used),
    reset: (window + 1) * check.durationMs,
  };
}

/** Past this many counters, a charge first drops the ones whose window has ended. */
const SWEEP_AT = 100_000;

export function createMemoryLimitStore(): KeyLimitStore {
  const counters = new Map<string, { window: number; used: number; resetAt: number }>();
  return {
    take(keyId, checks, now) {
      const slots = checks.map((check) => {
        const id = `${keyId}\u0000${check.name}\u0000${check.durationMs}`;
        const window = windowOf(check, now);
        const counter = counters.get(id);
        return { id, check, window, used: counter && counter.window === window ? counter.used : 0 };
      });
      const ok = slots.every((slot) => slot.used + slot.check.cost <= slot.check.limit);
      if (ok) {
        if (counters.size > SWEEP_AT) sweep(counters, now);
        for (const slot of slots) {
          slot.used += slot.check.cost;
          const resetAt = (slot.window + 1) * slot.check.durationMs;
          counters.set(slot.id, { window: slot.window, used: slot.used, resetAt });
        }
      }
      return { ok, states: slots.map((slot) => stateOf(slot.check, slot.window, slot.used)) };
    },
  };
}

function sweep(counters: Map<string, { resetAt: number }>, now: number): void {
  for (const [id, counter] of counters) if (counter.resetAt <= now) counters.delete(id);
}

/**
 * KEYS: one counter per limit. ARGV: per limit, its limit, cost and time to live (ms). Returns
 * {ok, used1, used2, …}: the counters after charging (ok = 1), or as they were (ok = 0).
 */
const TAKE_SCRIPT = `
local ok = 1
local used = {}
for i = 1, #KEYS do
  used[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used[i] + tonumber(ARGV[i * 3 - 1]) > tonumber(ARGV[i * 3 - 2]) then ok = 0 end
end
if ok == 1 then
  for i = 1, #KEYS do
    local cost = tonumber(ARGV[i * 3 - 1])
    used[i] = redis.call('INCRBY', KEYS[i], cost)
    if used[i] == cost then redis.call('PEXPIRE', KEYS[i], ARGV[i * 3]) end
  end
end
local answer = { ok }
for i = 1, #KEYS do answer[i + 1] = used[i] end
return answer
`;

export function createRedisLimitStore(redis: Redis, prefix = "keyplane:ratelimit:"): KeyLimitStore {
  const take = redisScript<number[]>(redis, "keyplaneTakeLimits", TAKE_SCRIPT);
  return {
    async take(keyId, checks, now) {
      const windows = checks.map((check) => windowOf(check, now));
      const keys = checks.map(
        (check, i) => `${prefix}${keyId}:${check.name}:${check.durationMs}:${windows[i]}`,
      );
      const args = checks.flatMap((check, i) => [
        check.limit,
        check.cost,
        // Kept a second past the window's end, so a slightly slow clock elsewhere still finds it.
        ((windows[i] as number) + 1) * check.durationMs - now + 1000,
      ]);
      const answer = await take(keys.length, ...keys, ...args);
      return {
        ok: answer[0] === 1,
        states: checks.map((check, i) => stateOf(check, windows[i] as number, Number(answer[i + 1]))),
      };
    },
  };
}
