import { getDb } from "@/lib/db";
import { MINUTE_MS } from "@/lib/time";

// Fixed-window failure counters in the database, so every instance behind a load balancer
// sees the same count. A key that reaches its limit is locked until the lock ends.
export type ThrottleRule = { limit: number; windowMs: number; lockMs: number };

export const SIGN_IN_PER_ACCOUNT: ThrottleRule = {
  limit: 5,
  windowMs: 15 * MINUTE_MS,
  lockMs: 15 * MINUTE_MS,
};
export const SIGN_IN_PER_IP: ThrottleRule = { limit: 30, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };
export const TOTP_PER_USER: ThrottleRule = { limit: 5, windowMs: 5 * MINUTE_MS, lockMs: 5 * MINUTE_MS };

/** Milliseconds until the key may try again, or 0 when it is not locked. */
export async function lockedFor(key: string, now = new Date()): Promise<number> {
  const row = await getDb().rateLimit.findUnique({ where: { key } });
  if (!row?.lockedUntil) return 0;
  return Math.max(0, row.lockedUntil.getTime() - now.getTime());
}

/** Counts one failure; returns true when this failure locked the key. */
export async function recordFailure(key: string, rule: ThrottleRule, now = new Date()): Promise<boolean> {
  const db = getDb();
  const row = await db.rateLimit.findUnique({ where: { key } });
  const windowOpen = row && now.getTime() - row.windowStart.getTime() < rule.windowMs;
  const count = windowOpen ? row.count + 1 : 1;
  const lockedUntil = count >= rule.limit ? new Date(now.getTime() + rule.lockMs) : null;
  await db.rateLimit.upsert({
    where: { key },
    create: { key, count, windowStart: now, lockedUntil },
    update: { count, windowStart: windowOpen ? row.windowStart : now, lockedUntil },
  });
  return lockedUntil !== null;
}

export async function clearFailures(key: string): Promise<void> {
  await getDb().rateLimit.deleteMany({ where: { key } });
}
