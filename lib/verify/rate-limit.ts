// Token buckets for failed verification attempts, one per source address. Every answer NOT_FOUND
// (unknown, malformed or rolled-out secret) takes a token; with the bucket empty, further
// attempts whose secret is not already known to the cache are refused RATE_LIMITED (HTTP 429)
// without touching the database. A key the cache knows still verifies from that address: a data
// plane that fronts one noisy client must not lose every other client's keys. (A known key whose
// entry was just dropped from the cache waits for the next token, at most one refill interval.)
//
// Memory is bounded: at most maxSources buckets; full buckets carry no information and are swept
// first, then the oldest. An attacker with more addresses than that can reset buckets by flooding
// — each of its attempts still costs it a request and costs us at most one indexed lookup.

export interface MissLimiterOptions {
  /** Attempts allowed in a burst (bucket size). */
  capacity?: number;
  /** Time in which a drained bucket refills completely. */
  windowMs?: number;
  maxSources?: number;
  clock?: () => number;
}

export interface MissLimiter {
  /** Takes a token for a failed attempt; false when none is left (refuse the attempt). */
  take(source: string, now: number): boolean;
  /** Gives back a token taken for an attempt that turned out to be a known key. */
  refund(source: string): void;
  /** Empties the source's bucket (the shared budget said it is spent on every instance together). */
  drain(source: string, now: number): void;
  /** Whole seconds until `source` has a token again (for Retry-After). */
  retryAfterSeconds(source: string, now: number): number;
  readonly size: number;
  /** The bucket's size and refill time in use (the shared budget counts in the same terms). */
  readonly capacity: number;
  readonly windowMs: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export const DEFAULT_MISS_CAPACITY = 20;
const DEFAULT_MISS_WINDOW_MS = 10_000;
const DEFAULT_MAX_SOURCES = 50_000;

export function createMissLimiter(options: MissLimiterOptions = {}): MissLimiter {
  const capacity = options.capacity ?? DEFAULT_MISS_CAPACITY;
  const windowMs = options.windowMs ?? DEFAULT_MISS_WINDOW_MS;
  const maxSources = options.maxSources ?? DEFAULT_MAX_SOURCES;
  const perMs = capacity / windowMs;
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, now: number): void {
    const elapsed = now - bucket.updatedAt;
    if (elapsed > 0) {
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * perMs);
      bucket.updatedAt = now;
    }
  }

  /** Called when full; frees a tenth at least, so the O(n) sweep runs at most once per n/10 new sources. */
  function makeRoom(now: number): void {
    for (const [source, bucket] of buckets) {
      refill(bucket, now);
      if (bucket.tokens >= capacity) buckets.delete(source);
    }
    const target = Math.floor(maxSources * 0.9);
    while (buckets.size > target) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
  }

  return {
    capacity,
    windowMs,

    take(source, now) {
      let bucket = buckets.get(source);
      if (bucket === undefined) {
        if (buckets.size >= maxSources) makeRoom(now);
        bucket = { tokens: capacity, updatedAt: now };
        buckets.set(source, bucket);
      } else {
        refill(bucket, now);
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },

    refund(source) {
      const bucket = buckets.get(source);
      if (bucket) bucket.tokens = Math.min(capacity, bucket.tokens + 1);
    },

    drain(source, now) {
      const bucket = buckets.get(source);
      if (bucket) {
        bucket.tokens = 0;
        bucket.updatedAt = now;
      }
    },

    retryAfterSeconds(source, now) {
      const bucket = buckets.get(source);
      if (!bucket) return 0;
      refill(bucket, now);
      return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },

    get size() {
      return buckets.size;
    },
  };
}
