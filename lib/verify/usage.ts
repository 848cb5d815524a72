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
//
// Per secret (README "Per-secret usage"), each valid verification also counts for the secret that
// matched (primary, secondary or a rolled secret in its grace), by hour and reported address, and
// moves the secret's own last use. Addresses are bounded: at most ADDRESSES_PER_SECRET_HOUR per
// secret and hour and `maxAddressCells` in all between two flushes; past either, the call still
// counts, under the address "" (none reported), so calls stay exact and only the number of
// distinct addresses becomes a lower bound. The first address of a secret's hour is held inline,
// so a secret used from one address allocates no Map.

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

/** Valid verifications with one secret (by its hash) in one hour from one reported address. */
export interface SecretUsageCount {
  keyId: string;
  secretHash: string;
  hour: Date;
  /** Canonical IP address, or "" when none was reported (or past the address bound). */
  ip: string;
  calls: number;
}

export interface SecretLastUse {
  keyId: string;
  secretHash: string;
  at: Date;
  ip: string | null;
}

export interface UsageBatch {
  counts: UsageCount[];
  lastUses: LastUse[];
  secretCounts: SecretUsageCount[];
  secretLastUses: SecretLastUse[];
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

/** Per key, since the last flush. The current hour is inline so the hot path allocates nothing. */
interface Accumulator {
  hour: number;
  valid: number;
  refused: number;
  older: { hour: number; valid: number; refused: number }[] | null;
  lastUsedAt: number;
  lastUsedIp: string | null;
  /** The secrets used validly since the last flush: the first inline, others (rolled, secondary) after. */
  secret: SecretAccumulator | null;
  otherSecrets: SecretAccumulator[] | null;
}

/** One secret's calls in one hour: the first address inline, any further ones in `more`. */
interface SecretHour {
  hour: number;
  ip: string;
  calls: number;
  more: Map<string, number> | null;
}

/** One secret since the last flush: its current hour inline (no allocation per hour in use). */
interface SecretAccumulator extends SecretHour {
  hash: string;
  older: SecretHour[] | null;
  lastUsedAt: number;
  lastUsedIp: string | null;
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
  let pendingCounts = new Map<string, UsageCount>();
  let pendingLast = new Map<string, LastUse>();
  let pendingSecretCounts = new Map<string, SecretUsageCount>();
  let pendingSecretLast = new Map<string, SecretLastUse>();
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
    const pending: PendingMaps = {
      counts: pendingCounts,
      lastUses: pendingLast,
      secretCounts: pendingSecretCounts,
      secretLastUses: pendingSecretLast,
    };
    for (const [keyId, acc] of taken) absorb(keyId, acc, pending);
    if (pending.counts.size === 0 && pending.lastUses.size === 0 && pending.secretCounts.size === 0) return;
    const counts = pending.counts;
    pendingCounts = new Map();
    pendingLast = new Map();
    pendingSecretCounts = new Map();
    pendingSecretLast = new Map();
    // A few hundred keys per transaction, yielding in between: SQLite writes are synchronous, so
    // one transaction for thousands of keys would stall every verification for its whole duration.
    const batches = splitByKey(pending, keysPerWrite);
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
      for (const row of batch.secretCounts)
        addSecretCount(pendingSecretCounts, row.keyId, row.secretHash, row.hour.getTime(), row.ip, row.calls);
      for (const use of batch.secretLastUses) pendingSecretLast.set(use.secretHash, use);
    }
    if (pendingCounts.size + pendingSecretCounts.size > maxPending) {
      logger().error(
        { job: "usage-flush", error: message, dropped: pendingCounts.size },
        "usage flush failed; dropped the usage rows over the bound",
      );
      pendingCounts = new Map();
      pendingLast = new Map();
      pendingSecretCounts = new Map();
      pendingSecretLast = new Map();
      return;
    }
    // Rows recorded meanwhile live in `current` and are merged at the next flush.
    logger().error(
      { job: "usage-flush", error: message, kept: pendingCounts.size },
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

interface PendingMaps {
  counts: Map<string, UsageCount>;
  lastUses: Map<string, LastUse>;
  secretCounts: Map<string, SecretUsageCount>;
  secretLastUses: Map<string, SecretLastUse>;
}

/** Adds one key's accumulator into the batch maps, summing rows for the same (key, hour). */
function absorb(keyId: string, acc: Accumulator, pending: PendingMaps): void {
  const { counts, lastUses } = pending;
  if (acc.secret) absorbSecret(keyId, acc.secret, pending);
  if (acc.otherSecrets) for (const secret of acc.otherSecrets) absorbSecret(keyId, secret, pending);
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

function absorbSecret(keyId: string, secret: SecretAccumulator, pending: PendingMaps): void {
  const add = (cell: SecretHour) => {
    const { hour } = cell;
    addSecretCount(pending.secretCounts, keyId, secret.hash, hour, canonicalIp(cell.ip) ?? "", cell.calls);
    if (cell.more)
      for (const [ip, calls] of cell.more)
        addSecretCount(pending.secretCounts, keyId, secret.hash, hour, canonicalIp(ip) ?? "", calls);
  };
  if (secret.older) for (const old of secret.older) add(old);
  add(secret);
  const seen = pending.secretLastUses.get(secret.hash);
  if (!seen || seen.at.getTime() <= secret.lastUsedAt) {
    const ip = (secret.lastUsedIp && canonicalIp(secret.lastUsedIp)) || seen?.ip || null;
    pending.secretLastUses.set(secret.hash, {
      keyId,
      secretHash: secret.hash,
      at: new Date(secret.lastUsedAt),
      ip,
    });
  }
}

function addSecretCount(
  counts: Map<string, SecretUsageCount>,
  keyId: string,
  secretHash: string,
  hour: number,
  ip: string,
  calls: number,
): void {
  if (calls === 0) return;
  const id = `${secretHash}\n${hour}\n${ip}`;
  const row = counts.get(id);
  if (row) row.calls += calls;
  else counts.set(id, { keyId, secretHash, hour: new Date(hour), ip, calls });
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
function splitByKey(pending: PendingMaps, size: number): UsageBatch[] {
  const batches: UsageBatch[] = [];
  const batchOf = new Map<string, UsageBatch>();
  let open: UsageBatch | null = null;
  let keysInOpen = 0;
  const batchFor = (keyId: string): UsageBatch => {
    const known = batchOf.get(keyId);
    if (known) return known;
    if (open === null || keysInOpen >= size) {
      open = { counts: [], lastUses: [], secretCounts: [], secretLastUses: [] };
      batches.push(open);
      keysInOpen = 0;
    }
    keysInOpen++;
    batchOf.set(keyId, open);
    return open;
  };
  for (const row of pending.counts.values()) batchFor(row.keyId).counts.push(row);
  for (const use of pending.lastUses.values()) batchFor(use.keyId).lastUses.push(use);
  for (const row of pending.secretCounts.values()) batchFor(row.keyId).secretCounts.push(row);
  for (const use of pending.secretLastUses.values()) batchFor(use.keyId).secretLastUses.push(use);
  return batches;
}
