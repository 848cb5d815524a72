// The numbers the hot paths bump: plain fields on one process-wide object (on globalThis, so the
// node:http server and Next's bundle of lib/ count into the same place), read by lib/ops/metrics.ts
// only when Prometheus scrapes. Nothing here allocates per call: no label objects, no strings.

/** Upper bounds (seconds) of the verify latency histogram's buckets. */
export const VERIFY_LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
] as const;

export type VerifyDoor = "verify" | "forward-auth";

export interface OpsCounters {
  /** door → answer code → count. */
  verifications: Record<VerifyDoor, Record<string, number>>;
  /** Per bucket (not cumulative; the last one is +Inf), plus sum and count, in seconds. */
  latencyBuckets: Float64Array;
  latencySum: number;
  latencyCount: number;
  cacheHits: number;
  cacheMisses: number;
  limiterRefusals: number;
  usageBatches: number;
  usageFailures: number;
  /** Seconds between the oldest count of the last written flush and its write. */
  usageLagSeconds: number;
  listenReconnects: number;
  /** "route status" → count, for requests Next.js answered (the console and the REST API). */
  httpRequests: Map<string, number>;
}

function createCounters(): OpsCounters {
  return {
    verifications: { verify: Object.create(null), "forward-auth": Object.create(null) },
    latencyBuckets: new Float64Array(VERIFY_LATENCY_BUCKETS.length + 1),
    latencySum: 0,
    latencyCount: 0,
    cacheHits: 0,
    cacheMisses: 0,
    limiterRefusals: 0,
    usageBatches: 0,
    usageFailures: 0,
    usageLagSeconds: 0,
    listenReconnects: 0,
    httpRequests: new Map(),
  };
}

const holder = globalThis as typeof globalThis & { __keyplaneOpsCounters?: OpsCounters };

export const counters: OpsCounters = (holder.__keyplaneOpsCounters ??= createCounters());

/** One answered verification: its door, its code and how long since `startedAt` (performance.now()). */
export function countVerification(door: VerifyDoor, code: string, startedAt: number): void {
  const byCode = counters.verifications[door];
  byCode[code] = (byCode[code] ?? 0) + 1;
  const seconds = (performance.now() - startedAt) / 1000;
  let bucket = 0;
  for (const bound of VERIFY_LATENCY_BUCKETS) {
    if (seconds <= bound) break;
    bucket++;
  }
  counters.latencyBuckets[bucket] = (counters.latencyBuckets[bucket] ?? 0) + 1;
  counters.latencySum += seconds;
  counters.latencyCount++;
}

/** One request answered by Next.js (not the verify fast path): counted by route and status. */
export function countHttpRequest(route: string, status: number): void {
  const key = `${route} ${status}`;
  counters.httpRequests.set(key, (counters.httpRequests.get(key) ?? 0) + 1);
}
