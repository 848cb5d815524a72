import { canonicalIp } from "@/lib/keys/cidr";
import { HOUR_MS } from "@/lib/time";
import { counters } from "@/lib/ops/counters";
import { errorMessage, logger } from "@/lib/ops/logger";

// Usage recording without a database write per verification: counts (per key, per hour, valid
// and refused) and each key's last use are accumulated in memory and flushed as one batch every
// few seconds and at shutdown (usage-sql.ts: two statements per transaction, a few hundred keys
// per transaction). A failed write keeps its rows for the next flush, up to a bound, so a
// database hiccup loses nothing and an outage cannot exhaust memory.
//
// "Last use" means the last VALID verification: a refused attempt is not a use of the key (it is
// counted as refused). Its IP is the address the data plane reported for the caller, if any,
// canonicalized at flush time (not per request) and dropped when it is not an IP address.

export interface UsageCount {
  keyId: string;
  /** Start of the UTC hour. */
  hour: Date;
  valid: number;
  refused: number;
}

export interface LastUse {
  keyId: string;
  at: Date;
  ip: string | null;
}

export interface UsageBatch {
  counts: UsageCount[];
  lastUses: LastUse[];
}

export type UsageWriter = (batch: UsageBatch) => Promise<void>;

export interface UsageRecorderOptions {
  write: UsageWriter;
  intervalMs?: number;
  /** Keys per write (one transaction each). */
  keysPerWrite?: number;
  /** Most (key, hour) rows kept across failed flushes before they are dropped. */
  maxPendingRows?: number;
  /**
   * Most keys counted between two flushes: at half of it a flush starts early; past it, a new key's
   * use is dropped (and logged) until the flush has taken the counts.
   */
  maxCurrentKeys?: number;
}

export interface UsageRecorder {
  record(keyId: string, valid: boolean, ip: string | null, now: number): void;
  /** Writes everything recorded so far (one batch); waits for a flush already under way. */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time. */
  close(): Promise<void>;
  pendingKeys(): number;
}

/** Per key, since the last flush. The current hour is inline so the hot path allocates nothing. */
interface Accumulator {
  hour: number;
  valid: number;
  refused: number;
  older: { hour: number; valid: number; refused: number }[] | null;
  lastUsedAt: number;
  lastUsedIp: string | null;
}

const DEFAULT_USAGE_INTERVAL_MS = 5_000;
const DEFAULT_MAX_PENDING_ROWS = 200_000;
const DEFAULT_KEYS_PER_WRITE = 250;
const DEFAULT_MAX_CURRENT_KEYS = 100_000;

export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const maxPending = options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
  const keysPerWrite = options.keysPerWrite ?? DEFAULT_KEYS_PER_WRITE;
  const maxCurrent = options.maxCurrentKeys ?? DEFAULT_MAX_CURRENT_KEYS;
  const flushAt = Math.max(1, Math.floor(maxCurrent / 2));
  let current = new Map<string, Accumulator>();
  /** Uses dropped since the last flush because `current` was full. */
  let dropped = 0;
  let earlyFlushQueued = false;
  let pendingCounts = new Map<string, UsageCount>();
  let pendingLast = new Map<string, LastUse>();
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  /** When the first count of the current window was recorded (for the flush lag metric). */
  let firstRecordedAt = Date.now();

  const timer = setInterval(() => void recorder.flush(), options.intervalMs ?? DEFAULT_USAGE_INTERVAL_MS);
  // The timer alone must never keep a process alive (tests, scripts).
  timer.unref();

  async function writeOnce(): Promise<void> {
    earlyFlushQueued = false;
    if (dropped > 0) {
      logger().error(
        { job: "usage-flush", dropped, maxKeys: maxCurrent },
        "usage of verifications dropped: too many keys between flushes",
      );
      dropped = 0;
    }
    const taken = current;
    const oldestAt = firstRecordedAt;
    current = new Map();
    firstRecordedAt = Date.now();
    const counts = pendingCounts;
    const lastUses = pendingLast;
    for (const [keyId, acc] of taken) absorb(keyId, acc, counts, lastUses);
    if (counts.size === 0 && lastUses.size === 0) return;
    pendingCounts = new Map();
    pendingLast = new Map();
    // A few hundred keys per transaction, yielding in between: SQLite writes are synchronous, so
    // one transaction for thousands of keys would stall every verification for its whole duration.
    const batches = splitByKey(counts.values(), lastUses.values(), keysPerWrite);
    for (const [i, batch] of batches.entries()) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        await options.write(batch);
      } catch (error) {
        counters.usageFailures++;
        keepForNextTry(batches.slice(i), error);
        return;
      }
      counters.usageBatches++;
    }
    counters.usageLagSeconds = (Date.now() - oldestAt) / 1000;
    logger().info(
      {
        job: "usage-flush",
        batches: batches.length,
        rows: counts.size,
        lagSeconds: counters.usageLagSeconds,
      },
      "job",
    );
  }

  /** Puts rows that were not written back in front of the next flush, within the bound. */
  function keepForNextTry(unwritten: UsageBatch[], error: unknown): void {
    const message = errorMessage(error);
    for (const batch of unwritten) {
      for (const row of batch.counts)
        addCount(pendingCounts, row.keyId, row.hour.getTime(), row.valid, row.refused);
      for (const use of batch.lastUses) pendingLast.set(use.keyId, use);
    }
    if (pendingCounts.size > maxPending) {
      logger().error(
        { job: "usage-flush", error: message, dropped: pendingCounts.size },
        "usage flush failed; dropped the usage rows over the bound",
      );
      pendingCounts = new Map();
      pendingLast = new Map();
      return;
    }
    // Rows recorded meanwhile live in `current` and are merged at the next flush.
    logger().error(
      { job: "usage-flush", error: message, kept: pendingCounts.size },
      "usage flush failed; keeping the rows for the next try",
    );
  }

  const recorder: UsageRecorder = {
    record(keyId, valid, ip, now) {
      if (closed) return;
      const hour = now - (now % HOUR_MS);
      let acc = current.get(keyId);
      if (acc === undefined) {
        if (current.size === 0) firstRecordedAt = now;
        // Bounded: a flood of distinct keys flushes early, and is dropped rather than held past the bound.
        if (current.size >= maxCurrent) {
          dropped++;
          return;
        }
        acc = { hour, valid: 0, refused: 0, older: null, lastUsedAt: 0, lastUsedIp: null };
        current.set(keyId, acc);
        if (current.size >= flushAt && !earlyFlushQueued) {
          earlyFlushQueued = true;
          void recorder.flush();
        }
      } else if (acc.hour !== hour) {
        (acc.older ??= []).push({ hour: acc.hour, valid: acc.valid, refused: acc.refused });
        acc.hour = hour;
        acc.valid = 0;
        acc.refused = 0;
      }
      if (!valid) {
        acc.refused++;
        return;
      }
      acc.valid++;
      if (now >= acc.lastUsedAt) {
        acc.lastUsedAt = now;
        acc.lastUsedIp = ip;
      }
    },

    flush() {
      chain = chain.then(writeOnce);
      return chain;
    },

    async close() {
      clearInterval(timer);
      await recorder.flush();
      closed = true;
    },

    pendingKeys() {
      return current.size;
    },
  };
  return recorder;
}

/** Adds one key's accumulator into the batch maps, summing rows for the same (key, hour). */
function absorb(
  keyId: string,
  acc: Accumulator,
  counts: Map<string, UsageCount>,
  lastUses: Map<string, LastUse>,
): void {
  if (acc.older) for (const old of acc.older) addCount(counts, keyId, old.hour, old.valid, old.refused);
  addCount(counts, keyId, acc.hour, acc.valid, acc.refused);
  if (acc.lastUsedAt > 0) {
    const seen = lastUses.get(keyId);
    if (!seen || seen.at.getTime() <= acc.lastUsedAt) {
      const ip = (acc.lastUsedIp && canonicalIp(acc.lastUsedIp)) || seen?.ip || null;
      lastUses.set(keyId, { keyId, at: new Date(acc.lastUsedAt), ip });
    }
  }
}

function addCount(
  counts: Map<string, UsageCount>,
  keyId: string,
  hour: number,
  valid: number,
  refused: number,
): void {
  if (valid === 0 && refused === 0) return;
  const id = `${keyId}\n${hour}`;
  const row = counts.get(id);
  if (row) {
    row.valid += valid;
    row.refused += refused;
  } else {
    counts.set(id, { keyId, hour: new Date(hour), valid, refused });
  }
}

/** Groups rows into batches of at most `size` keys, each key's rows in one batch. */
function splitByKey(counts: Iterable<UsageCount>, lastUses: Iterable<LastUse>, size: number): UsageBatch[] {
  const batches: UsageBatch[] = [];
  const batchOf = new Map<string, UsageBatch>();
  let open: UsageBatch | null = null;
  let keysInOpen = 0;
  const batchFor = (keyId: string): UsageBatch => {
    const known = batchOf.get(keyId);
    if (known) return known;
    if (open === null || keysInOpen >= size) {
      open = { counts: [], lastUses: [] };
      batches.push(open);
      keysInOpen = 0;
    }
    keysInOpen++;
    batchOf.set(keyId, open);
    return open;
  };
  for (const row of counts) batchFor(row.keyId).counts.push(row);
  for (const use of lastUses) batchFor(use.keyId).lastUses.push(use);
  return batches;
}
