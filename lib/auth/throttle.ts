import { dbProvider, getDb, type Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { DAY_MS, MINUTE_MS } from "@/lib/time";

// Failure counters in the database (RateLimit rows), so every instance behind a load balancer sees
// the same count. A counter counts consecutive failures: a success clears it, and a counter whose
// last failure (`windowStart`) is older than `forgetAfterMs` starts again from one. From the
// `limit`-th failure on, each failure makes the key wait a growing delay (base, 2×base, 4×base …
// up to `maxDelayMs`): attempts slow down, nobody is locked out for long. Only `hardCap` locks for
// good, until clearFailures (README, "Security model": sign-in under attack).
export type ThrottleRule = {
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
  /** Consecutive failures after which the key stays locked until cleared. */
  hardCap?: number;
};

/** The sign-in rules' shared backoff: 30 s doubling up to 15 minutes, forgotten after a day. */
const SIGN_IN_BACKOFF = { baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE_MS, forgetAfterMs: DAY_MS };

/** Per account and source (an address, or a known device of that account). */
export const SIGN_IN_PER_SOURCE: ThrottleRule = { ...SIGN_IN_BACKOFF, limit: 5 };
/** Per account, counting only sources that are not a known device of it. */
export const SIGN_IN_PER_ACCOUNT: ThrottleRule = { ...SIGN_IN_BACKOFF, limit: 10 };
/** Per address across accounts (credential stuffing), not counting known devices. */
export const SIGN_IN_PER_IP: ThrottleRule = { ...SIGN_IN_BACKOFF, limit: 30, baseDelayMs: 10_000 };
/** Authenticator codes per user; NIST SP 800-63B: at most 100 consecutive failures. */
export const TOTP_PER_USER: ThrottleRule = {
  ...SIGN_IN_BACKOFF,
  limit: 5,
  forgetAfterMs: Number.POSITIVE_INFINITY,
  hardCap: 100,
};

/** lockedUntil of a counter at its hard cap: kept by housekeeping, cleared only by clearFailures. */
const LOCKED_FOR_GOOD = new Date("9999-12-31T00:00:00Z");

export type ThrottleState = { failures: number; waitMs: number; capped: boolean };

/** The delay a key waits after its `count`-th consecutive failure. */
export function delayAfter(rule: ThrottleRule, count: number): number {
  if (count < rule.limit) return 0;
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(30, count - rule.limit));
}

export async function throttleState(key: string, now = new Date()): Promise<ThrottleState> {
  const row = await getDb().rateLimit.findUnique({ where: { key } });
  if (!row) return { failures: 0, waitMs: 0, capped: false };
  const capped = row.lockedUntil?.getTime() === LOCKED_FOR_GOOD.getTime();
  const waitMs = row.lockedUntil ? Math.max(0, row.lockedUntil.getTime() - now.getTime()) : 0;
  return { failures: row.count, waitMs, capped };
}

/** Milliseconds until the key may try again, or 0 when it need not wait. */
export async function lockedFor(key: string, now = new Date()): Promise<number> {
  return (await throttleState(key, now)).waitMs;
}

/**
 * Counts one failure and returns the new state. Atomic on both databases: the row is created if
 * missing and locked (PostgreSQL FOR UPDATE; SQLite runs write transactions one at a time) before
 * it is read, so concurrent failures each count.
 */
export async function recordFailure(
  key: string,
  rule: ThrottleRule,
  now = new Date(),
): Promise<ThrottleState> {
  return transact(async (tx) => {
    if (dbProvider() === "postgresql") {
      // A row of count 0 counts nothing (see `remembered`): it only gives FOR UPDATE a row to lock.
      await tx.$executeRaw`INSERT INTO "RateLimit" ("key", "count", "windowStart") VALUES (${key}, 0, CURRENT_TIMESTAMP) ON CONFLICT ("key") DO NOTHING`;
      await tx.$queryRaw`SELECT "key" FROM "RateLimit" WHERE "key" = ${key} FOR UPDATE`;
    }
    const row = await tx.rateLimit.findUnique({ where: { key } });
    const remembered = row && row.count > 0 && now.getTime() - row.windowStart.getTime() < rule.forgetAfterMs;
    const count = remembered ? row.count + 1 : 1;
    const capped = rule.hardCap !== undefined && count >= rule.hardCap;
    const delay = delayAfter(rule, count);
    const lockedUntil = capped ? LOCKED_FOR_GOOD : delay > 0 ? new Date(now.getTime() + delay) : null;
    await tx.rateLimit.upsert({
      where: { key },
      create: { key, count, windowStart: now, lockedUntil },
      update: { count, windowStart: now, lockedUntil },
    });
    return { failures: count, waitMs: capped ? Number.POSITIVE_INFINITY : delay, capped };
  });
}

export async function clearFailures(key: string): Promise<void> {
  await getDb().rateLimit.deleteMany({ where: { key } });
}

export function totpThrottleKey(userId: string): string {
  return `totp:user:${userId}`;
}

/**
 * Clears the user's authenticator-code failures, including a lock at the hard cap: after a
 * recovery-code sign-in, an owner's unlock (lib/members/members.ts) or `keyplane admin unlock`.
 * Pass the transaction when called inside one. Returns how many consecutive failures it cleared.
 */
export async function clearTotpFailures(
  userId: string,
  db: Pick<Tx, "rateLimit"> = getDb(),
): Promise<number> {
  const key = totpThrottleKey(userId);
  const row = await db.rateLimit.findUnique({ where: { key } });
  await db.rateLimit.deleteMany({ where: { key } });
  return row?.count ?? 0;
}
