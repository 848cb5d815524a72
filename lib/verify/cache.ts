import type { KeyLoader } from "./load";
import type { KeyEntry } from "./types";

// The verify cache: secret hash → compiled entry. One per process in production (kept on
// globalThis by runtime.ts, because Next bundles lib/ separately); tests make as many as they like.
//
// - Bounded: at most maxEntries, evicted by a CLOCK sweep (an approximation of LRU that costs the
//   hot path one boolean write instead of re-ordering a list on every hit).
// - Each entry is served for at most ttlMs after its load began, then re-read: that bound is what
//   covers a change notice lost between instances. An entry still in use is re-read in the
//   background before that (at a random 50–90 % of the TTL, so keys loaded together do
//   not all reload together), so a busy key never waits for the database.
// - Unknown hashes are remembered for a short while (negative cache), so a client retrying a bad
//   key does not cost a query each time.
// - invalidateKey(keyId) drops every secret of the key at once (index keyId → hashes).
// - Concurrent misses for one hash share one load (single-flight). A load that overlapped an
//   invalidation is not stored: it may have read the row before the change committed.

export interface VerifyCacheOptions {
  load: KeyLoader;
  ttlMs: number;
  maxEntries?: number;
  negativeTtlMs?: number;
  maxNegativeEntries?: number;
  clock?: () => number;
}

interface VerifyCacheStats {
  entries: number;
  negatives: number;
  inflight: number;
  loads: number;
}

export interface VerifyCache {
  /** A fresh entry; null for a hash recently found unknown; undefined when it must be loaded. */
  lookup(hash: string, now: number): KeyEntry | null | undefined;
  /** Whether the hash belongs to a stored secret, as far as the cache knows (fresh or stale). */
  isKnown(hash: string): boolean;
  /** Reads the hash from the database (shared with concurrent callers) and remembers the answer. */
  load(hash: string): Promise<KeyEntry | null>;
  invalidateKey(keyId: string): void;
  /** Drops everything (used when change notices may have been missed). */
  clear(): void;
  stats(): VerifyCacheStats;
}

interface Slot {
  entry: KeyEntry;
  loadedAt: number;
  /** Age after which a hit starts a background re-read. */
  refreshAfter: number;
  used: boolean;
}

const DEFAULT_MAX_ENTRIES = 100_000;
const DEFAULT_NEGATIVE_TTL_MS = 2_000;
const DEFAULT_MAX_NEGATIVE_ENTRIES = 20_000;
const REFRESH_FROM = 0.5;
const REFRESH_SPREAD = 0.4;

export function createVerifyCache(options: VerifyCacheOptions): VerifyCache {
  const ttl = options.ttlMs;
  const negativeTtl = Math.min(options.negativeTtlMs ?? DEFAULT_NEGATIVE_TTL_MS, ttl);
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxNegatives = options.maxNegativeEntries ?? DEFAULT_MAX_NEGATIVE_ENTRIES;
  const clock = options.clock ?? Date.now;

  const entries = new Map<string, Slot>();
  const byKey = new Map<string, string[]>();
  const negatives = new Map<string, number>();
  const inflight = new Map<string, Promise<KeyEntry | null>>();
  let epoch = 0;
  let loads = 0;

  function unindex(hash: string, keyId: string): void {
    const hashes = byKey.get(keyId);
    if (!hashes) return;
    const rest = hashes.filter((h) => h !== hash);
    if (rest.length === 0) byKey.delete(keyId);
    else byKey.set(keyId, rest);
  }

  function storeEntry(hash: string, entry: KeyEntry, loadedAt: number): void {
    const previous = entries.get(hash);
    if (previous) {
      entries.delete(hash);
      unindex(hash, previous.entry.keyId);
    }
    negatives.delete(hash);
    const refreshAfter = ttl * (REFRESH_FROM + Math.random() * REFRESH_SPREAD);
    entries.set(hash, { entry, loadedAt, refreshAfter, used: false });
    const hashes = byKey.get(entry.keyId);
    if (hashes) hashes.push(hash);
    else byKey.set(entry.keyId, [hash]);
    if (entries.size > maxEntries) evictOne();
  }

  /** CLOCK: the oldest slot goes unless it was used since the last sweep, then it gets a second chance. */
  function evictOne(): void {
    for (let steps = entries.size; steps > 0; steps--) {
      const next = entries.entries().next();
      if (next.done) return;
      const [hash, slot] = next.value;
      entries.delete(hash);
      if (slot.used && steps > 1) {
        slot.used = false;
        entries.set(hash, slot);
        continue;
      }
      unindex(hash, slot.entry.keyId);
      return;
    }
  }

  /** The secret is gone (deleted since it was cached): forget it, and remember it as unknown. */
  function storeNegative(hash: string, loadedAt: number): void {
    const previous = entries.get(hash);
    if (previous) {
      entries.delete(hash);
      unindex(hash, previous.entry.keyId);
    }
    negatives.delete(hash);
    negatives.set(hash, loadedAt);
    if (negatives.size > maxNegatives) {
      const oldest = negatives.keys().next();
      if (!oldest.done) negatives.delete(oldest.value);
    }
  }

  function load(hash: string): Promise<KeyEntry | null> {
    const pending = inflight.get(hash);
    if (pending) return pending;
    const startedEpoch = epoch;
    const startedAt = clock();
    loads++;
    const promise = options.load(hash).then(
      (entry) => {
        if (inflight.get(hash) === promise) inflight.delete(hash);
        if (epoch === startedEpoch) {
          if (entry) storeEntry(hash, entry, startedAt);
          else storeNegative(hash, startedAt);
        }
        return entry;
      },
      (error: unknown) => {
        if (inflight.get(hash) === promise) inflight.delete(hash);
        throw error;
      },
    );
    inflight.set(hash, promise);
    return promise;
  }

  return {
    lookup(hash, now) {
      const slot = entries.get(hash);
      if (slot !== undefined) {
        const age = now - slot.loadedAt;
        if (age >= ttl) return undefined;
        slot.used = true;
        if (age >= slot.refreshAfter && !inflight.has(hash)) {
          // A failed refresh is not retried on every hit (that would hammer a database that is
          // down): the entry is served until its TTL, then re-read in the foreground.
          load(hash).catch(() => (slot.refreshAfter = ttl));
        }
        return slot.entry;
      }
      const at = negatives.get(hash);
      return at !== undefined && now - at < negativeTtl ? null : undefined;
    },

    isKnown(hash) {
      return entries.has(hash);
    },

    load,

    invalidateKey(keyId) {
      epoch++;
      inflight.clear();
      // A new secret (create, roll, regenerate) may have been tried before it existed.
      negatives.clear();
      const hashes = byKey.get(keyId);
      if (!hashes) return;
      byKey.delete(keyId);
      for (const hash of hashes) entries.delete(hash);
    },

    clear() {
      epoch++;
      inflight.clear();
      negatives.clear();
      entries.clear();
      byKey.clear();
    },

    stats() {
      return { entries: entries.size, negatives: negatives.size, inflight: inflight.size, loads };
    },
  };
}
