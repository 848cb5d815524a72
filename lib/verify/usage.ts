import { HOUR_MS } from "@/lib/time";
import { counters } from "@/lib/ops/counters";
import { errorMessage, logger } from "@/lib/ops/logger";
import {
  absorb,
  emptyPendingRows,
  restoreBatch,
  splitByKey,
  type Accumulator,
  type UsageBatch,
  type UsageWriter,
} from "./usage-batch";

// Usage recording without a database write per verification: counts (per key, per hour, valid
// and refused) and each key's last use are accumulated in memory and flushed as one batch every
// few seconds and at shutdown (usage-sql.ts: two statements per transaction, a few hundred keys
// per transaction). A failed write keeps its rows for the next flush, up to a bound, so a
// database hiccup loses nothing and an outage cannot exhaust memory.
//
// "Last use" means the last VALID verification: a refused attempt is not a use of the key (it is
// counted as refused). Its IP is the address the data plane reported for the caller, if any,
// canonicalized at flush time (not per request) and dropped when it is not an IP address.
//
// Per secret (README "Per-secret usage"), each valid verification also counts for the secret that
// matched (primary, secondary or a rolled secret in its grace), by hour and reported address, and
// moves the secret's own last use. Addresses are bounded: at most ADDRESSES_PER_SECRET_HOUR per
// secret and hour and `maxAddressCells` in all between two flushes; past either, the call still
// counts, under the address "" (none reported), so calls stay exact and only the number of
// distinct addresses becomes a lower bound. The first address of a secret's hour is held inline,
// so a secret used from one address allocates no Map.
// The accumulators, the rows and their batches are in usage-batch.ts.

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
  /** Most distinct (secret, hour, address) cells between two flushes; past it, calls count under "". */
  maxAddressCells?: number;
}

export interface UsageRecorder {
  /** `secretHash`: the hash of the secret that matched, for per-secret usage. */
  record(keyId: string, valid: boolean, ip: string | null, now: number, secretHash?: string): void;
  /** Writes everything recorded so far (one batch); waits for a flush already under way. */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time. */
  close(): Promise<void>;
  pendingKeys(): number;
}

const DEFAULT_USAGE_INTERVAL_MS = 5_000;
const DEFAULT_MAX_ADDRESS_CELLS = 100_000;
const ADDRESSES_PER_SECRET_HOUR = 64;
const DEFAULT_MAX_PENDING_ROWS = 200_000;
const DEFAULT_KEYS_PER_WRITE = 250;
const DEFAULT_MAX_CURRENT_KEYS = 100_000;

export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const maxPending = options.maxPendingRows ?? DEFAULT_MAX_PENDING_ROWS;
  const keysPerWrite = options.keysPerWrite ?? DEFAULT_KEYS_PER_WRITE;
  const maxCurrent = options.maxCurrentKeys ?? DEFAULT_MAX_CURRENT_KEYS;
  const flushAt = Math.max(1, Math.floor(maxCurrent / 2));
  const maxCells = options.maxAddressCells ?? DEFAULT_MAX_ADDRESS_CELLS;
  /** Address cells held in `current` (reset with it). */
  let cells = 0;
  let current = new Map<string, Accumulator>();
  /** Uses dropped since the last flush because `current` was full. */
  let dropped = 0;
  let earlyFlushQueued = false;
  let pending = emptyPendingRows();
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
    cells = 0;
    firstRecordedAt = Date.now();
    const rows = pending;
    for (const [keyId, acc] of taken) absorb(keyId, acc, rows);
    if (rows.counts.size === 0 && rows.lastUses.size === 0 && rows.secretCounts.size === 0) return;
    pending = emptyPendingRows();
    // A few hundred keys per transaction, yielding in between: SQLite writes are synchronous, so
    // one transaction for thousands of keys would stall every verification for its whole duration.
    const batches = splitByKey(rows, keysPerWrite);
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
        rows: rows.counts.size,
        lagSeconds: counters.usageLagSeconds,
      },
      "job",
    );
  }

  /** Puts rows that were not written back in front of the next flush, within the bound. */
  function keepForNextTry(unwritten: UsageBatch[], error: unknown): void {
    const message = errorMessage(error);
    for (const batch of unwritten) restoreBatch(pending, batch);
    if (pending.counts.size + pending.secretCounts.size > maxPending) {
      logger().error(
        { job: "usage-flush", error: message, dropped: pending.counts.size },
        "usage flush failed; dropped the usage rows over the bound",
      );
      pending = emptyPendingRows();
      return;
    }
    // Rows recorded meanwhile live in `current` and are merged at the next flush.
    logger().error(
      { job: "usage-flush", error: message, kept: pending.counts.size },
      "usage flush failed; keeping the rows for the next try",
    );
  }

  /** One valid call with a secret: its hour's address cell, and the secret's last use. */
  function countSecret(acc: Accumulator, hash: string, hour: number, ip: string, now: number): void {
    let secret = acc.secret?.hash === hash ? acc.secret : undefined;
    if (secret === undefined && acc.otherSecrets)
      for (const other of acc.otherSecrets) if (other.hash === hash) secret = other;
    if (secret === undefined) {
      secret = { hash, hour, ip, calls: 0, more: null, older: null, lastUsedAt: 0, lastUsedIp: null };
      if (acc.secret === null) acc.secret = secret;
      else (acc.otherSecrets ??= []).push(secret);
      cells++;
    } else if (secret.hour !== hour) {
      (secret.older ??= []).push({
        hour: secret.hour,
        ip: secret.ip,
        calls: secret.calls,
        more: secret.more,
      });
      secret.hour = hour;
      secret.ip = ip;
      secret.calls = 0;
      secret.more = null;
      cells++;
    }
    const cell = secret;
    if (cell.ip === ip) cell.calls++;
    else {
      cell.more ??= new Map();
      const seen = cell.more.get(ip);
      if (seen !== undefined) cell.more.set(ip, seen + 1);
      else if (cell.more.size + 1 >= ADDRESSES_PER_SECRET_HOUR || cells >= maxCells) {
        cell.more.set("", (cell.more.get("") ?? 0) + 1);
      } else {
        cell.more.set(ip, 1);
        cells++;
      }
    }
    if (now >= secret.lastUsedAt) {
      secret.lastUsedAt = now;
      secret.lastUsedIp = ip === "" ? null : ip;
    }
  }

  const recorder: UsageRecorder = {
    record(keyId, valid, ip, now, secretHash) {
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
        acc = {
          hour,
          valid: 0,
          refused: 0,
          older: null,
          lastUsedAt: 0,
          lastUsedIp: null,
          secret: null,
          otherSecrets: null,
        };
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
      if (secretHash !== undefined) countSecret(acc, secretHash, hour, ip ?? "", now);
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
