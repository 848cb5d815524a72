import { canonicalIp } from "@/lib/keys/cidr";

// Usage recording without a database write per verification: counts (per key, per hour, valid
// and refused) and each key's last use are accumulated in memory and written in one batch every
// few seconds and at shutdown (usage-sql.ts). A failed write keeps its rows for the next flush,
// up to a bound, so a database hiccup loses nothing and an outage cannot exhaust memory.
//
// "Last use" means the last VALID verification: a refused attempt is not a use of the key (it is
// counted as refused). Its IP is the address the data plane reported for the caller, if any,
// canonicalized at flush time (not per request) and dropped when it is not an IP address.

export const HOUR_MS = 3_600_000;

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
  /** Most (key, hour) rows kept across failed flushes before they are dropped. */
  maxPendingRows?: number;
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

export const DEFAULT_USAGE_INTERVAL_MS = 5_000;
const DEFAULT_MAX_PENDING_ROWS = 200_000;

export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const maxPending = options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
  let current = new Map<string, Accumulator>();
  let pendingCounts = new Map<string, UsageCount>();
  let pendingLast = new Map<string, LastUse>();
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const timer = setInterval(() => void recorder.flush(), options.intervalMs ?? DEFAULT_USAGE_INTERVAL_MS);
  // The timer alone must never keep a process alive (tests, scripts).
  timer.unref();

  async function writeOnce(): Promise<void> {
    const taken = current;
    current = new Map();
    const counts = pendingCounts;
    const lastUses = pendingLast;
    for (const [keyId, acc] of taken) absorb(keyId, acc, counts, lastUses);
    if (counts.size === 0 && lastUses.size === 0) return;
    pendingCounts = new Map();
    pendingLast = new Map();
    try {
      await options.write({ counts: [...counts.values()], lastUses: [...lastUses.values()] });
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0] : "unknown error";
      if (counts.size > maxPending) {
        console.error(
          `[verify] usage flush failed (${message}); dropped ${counts.size} usage rows over the bound`,
        );
        return;
      }
      console.error(`[verify] usage flush failed (${message}); keeping ${counts.size} rows for the next try`);
      // Rows recorded meanwhile live in `current` and are merged at the next flush.
      pendingCounts = counts;
      pendingLast = lastUses;
    }
  }

  const recorder: UsageRecorder = {
    record(keyId, valid, ip, now) {
      if (closed) return;
      const hour = now - (now % HOUR_MS);
      let acc = current.get(keyId);
      if (acc === undefined) {
        acc = { hour, valid: 0, refused: 0, older: null, lastUsedAt: 0, lastUsedIp: null };
        current.set(keyId, acc);
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
  const add = (hour: number, valid: number, refused: number) => {
    if (valid === 0 && refused === 0) return;
    const id = `${keyId}\n${hour}`;
    const row = counts.get(id);
    if (row) {
      row.valid += valid;
      row.refused += refused;
    } else {
      counts.set(id, { keyId, hour: new Date(hour), valid, refused });
    }
  };
  if (acc.older) for (const old of acc.older) add(old.hour, old.valid, old.refused);
  add(acc.hour, acc.valid, acc.refused);
  if (acc.lastUsedAt > 0) {
    const seen = lastUses.get(keyId);
    if (!seen || seen.at.getTime() <= acc.lastUsedAt) {
      lastUses.set(keyId, {
        keyId,
        at: new Date(acc.lastUsedAt),
        ip: (acc.lastUsedIp && canonicalIp(acc.lastUsedIp)) || seen?.ip || null,
      });
    }
  }
}
