import { canonicalIp } from "@/lib/keys/cidr";

// The usage recorder's data (usage.ts): what it accumulates per key between two flushes, and the
// batch rows it hands to the writer (usage-sql.ts). Turning accumulators into rows sums rows for
// the same (key, hour) and (secret, hour, address), canonicalizes reported addresses (dropping
// what is not an IP address) and splits the rows into batches of a few hundred keys.

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

/** Per key, since the last flush. The current hour is inline so the hot path allocates nothing. */
export interface Accumulator {
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

/** Rows not yet written, keyed so that rows for the same (key, hour) or (secret, hour, address) sum. */
export interface PendingRows {
  counts: Map<string, UsageCount>;
  lastUses: Map<string, LastUse>;
  secretCounts: Map<string, SecretUsageCount>;
  secretLastUses: Map<string, SecretLastUse>;
}

export function emptyPendingRows(): PendingRows {
  return { counts: new Map(), lastUses: new Map(), secretCounts: new Map(), secretLastUses: new Map() };
}

/** Puts a batch that was not written back into `pending`. */
export function restoreBatch(pending: PendingRows, batch: UsageBatch): void {
  for (const row of batch.counts)
    addCount(pending.counts, row.keyId, row.hour.getTime(), row.valid, row.refused);
  for (const use of batch.lastUses) pending.lastUses.set(use.keyId, use);
  for (const row of batch.secretCounts)
    addSecretCount(pending.secretCounts, row.keyId, row.secretHash, row.hour.getTime(), row.ip, row.calls);
  for (const use of batch.secretLastUses) pending.secretLastUses.set(use.secretHash, use);
}

/** Adds one key's accumulator into the batch maps, summing rows for the same (key, hour). */
export function absorb(keyId: string, acc: Accumulator, pending: PendingRows): void {
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

function absorbSecret(keyId: string, secret: SecretAccumulator, pending: PendingRows): void {
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
export function splitByKey(pending: PendingRows, size: number): UsageBatch[] {
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
