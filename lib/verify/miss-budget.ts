import type { Redis } from "ioredis";
import type { Db } from "@/lib/db";
import { redisScript } from "@/lib/ops/redis";

// The budget of failed verification attempts per client, shared by every instance (README,
// "Several instances"). Each instance keeps its own token bucket (rate-limit.ts), which refuses a
// flood without any I/O; every attempt that bucket lets through is also counted here, in a fixed
// window in PostgreSQL's RateLimit table or, with KEYPLANE_REDIS_URL, in Redis. When the count
// passes the budget, the instance refuses the attempt and empties its own bucket, so N instances
// answer at most one budget of NOT_FOUND per client and window between them, not N budgets.
// Shared writes per client are bounded by the local buckets: at most capacity × instances per window.

export interface SharedMissBudget {
  /** Counts one failed attempt of `source`: 0 within the budget, else whole seconds until the window ends. */
  charge(source: string): Promise<number>;
}

export interface BudgetLimits {
  capacity: number;
  windowMs: number;
}

const KEY_PREFIX = "verify-miss:";

/** On PostgreSQL: one RateLimit row per source, counted in one statement on the database's clock. */
export function createPostgresMissBudget(db: () => Db, limits: BudgetLimits): SharedMissBudget {
  const seconds = limits.windowMs / 1000;
  return {
    async charge(source) {
      const rows = await db().$queryRaw<{ count: number; remaining: number }[]>`
        INSERT INTO "RateLimit" ("key", "count", "windowStart")
        VALUES (${KEY_PREFIX + source}, 1, CURRENT_TIMESTAMP)
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN "RateLimit"."windowStart" <= CURRENT_TIMESTAMP - make_interval(secs => ${seconds}::float8)
            THEN 1 ELSE "RateLimit"."count" + 1 END,
          "windowStart" = CASE WHEN "RateLimit"."windowStart" <= CURRENT_TIMESTAMP - make_interval(secs => ${seconds}::float8)
            THEN CURRENT_TIMESTAMP ELSE "RateLimit"."windowStart" END
        RETURNING "count",
          EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${seconds}::float8) - CURRENT_TIMESTAMP))::float8 AS "remaining"`;
      const row = rows[0];
      return row ? overBudget(Number(row.count), Number(row.remaining), limits) : 0;
    },
  };
}

/** INCR in a window that expires by itself; the script makes the count and its expiry one step. */
const REDIS_CHARGE = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** With KEYPLANE_REDIS_URL: one expiring counter per source. */
export function createRedisMissBudget(redis: Redis, limits: BudgetLimits): SharedMissBudget {
  const charge = redisScript<[number, number]>(redis, "keyplaneChargeMiss", REDIS_CHARGE);
  return {
    async charge(source) {
      const [count, ttlMs] = await charge(1, `keyplane:${KEY_PREFIX}${source}`, String(limits.windowMs));
      return overBudget(count, ttlMs / 1000, limits);
    },
  };
}

function overBudget(count: number, remainingSeconds: number, limits: BudgetLimits): number {
  return count <= limits.capacity ? 0 : Math.max(1, Math.ceil(remainingSeconds));
}
