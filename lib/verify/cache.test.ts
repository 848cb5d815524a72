import { describe, expect, it, vi } from "vitest";
import { createVerifyCache } from "./cache";
import { compileEntry } from "./entry";
import type { KeyEntry } from "./types";

function entry(hash: string, keyId = `key-${hash}`): KeyEntry {
  return compileEntry({
    hash,
    keyId,
    organizationId: "org",
    systemId: null,
    systemSlug: null,
    state: "active",
    expiresAt: new Date(Date.now() + 3600_000),
    allowedCidrs: [],
    version: 1,
    permissions: [],
    systemLimits: [],
    slot: "primary",
    graceEndsAt: null,
  });
}

/** A loader whose answers the test releases by hand. */
function gatedLoader() {
  const gates: { hash: string; release: (value: KeyEntry | null) => void }[] = [];
  const load = vi.fn(
    (hash: string) => new Promise<KeyEntry | null>((release) => gates.push({ hash, release })),
  );
  return { load, gates };
}

describe("verify cache", () => {
  it("shares one load between concurrent misses for the same hash", async () => {
    const { load, gates } = gatedLoader();
    const cache = createVerifyCache({ load, ttlMs: 1000 });
    const waiting = [cache.load("a"), cache.load("a"), cache.load("a")];
    expect(load).toHaveBeenCalledTimes(1);
    gates[0]!.release(entry("a"));
    const results = await Promise.all(waiting);
    expect(new Set(results).size).toBe(1);
    expect(cache.lookup("a", Date.now())).toBe(results[0]);
  });

  it("serves an entry for at most ttlMs after its load began", async () => {
    const cache = createVerifyCache({ load: async (hash) => entry(hash), ttlMs: 100, clock: () => 1_000 });
    await cache.load("a");
    expect(cache.lookup("a", 1_099)).not.toBeUndefined();
    expect(cache.lookup("a", 1_100)).toBeUndefined();
    expect(cache.isKnown("a")).toBe(true);
  });

  it("re-reads a busy entry in the background before its TTL, and drops a secret found gone", async () => {
    let now = 0;
    let stored: KeyEntry | null = entry("a");
    const load = vi.fn(async () => stored);
    const cache = createVerifyCache({ load, ttlMs: 100, clock: () => now });
    await cache.load("a");
    expect(cache.lookup("a", 40)).not.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
    now = 95;
    stored = null; // deleted meanwhile
    expect(cache.lookup("a", 95)).not.toBeUndefined(); // still within its TTL: served, and refreshed
    expect(load).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(cache.isKnown("a")).toBe(false));
    expect(cache.lookup("a", 96)).toBeNull();
  });

  it("does not retry a failed background refresh on every hit", async () => {
    const load = vi.fn(async (hash: string) => entry(hash));
    const cache = createVerifyCache({ load, ttlMs: 100, clock: () => 0 });
    await cache.load("a");
    load.mockRejectedValue(new Error("db down"));
    cache.lookup("a", 95);
    await vi.waitFor(() => expect(cache.stats().inflight).toBe(0));
    cache.lookup("a", 96);
    cache.lookup("a", 97);
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.lookup("a", 100)).toBeUndefined();
  });

  it("remembers unknown hashes briefly, and forgets them on any key change", async () => {
    const cache = createVerifyCache({
      load: async () => null,
      ttlMs: 30_000,
      negativeTtlMs: 50,
      clock: () => 0,
    });
    await cache.load("x");
    expect(cache.lookup("x", 49)).toBeNull();
    expect(cache.lookup("x", 50)).toBeUndefined();
    expect(cache.lookup("x", 10)).toBeNull();
    cache.invalidateKey("some-other-key");
    expect(cache.lookup("x", 10)).toBeUndefined();
  });

  it("drops every secret of a key at once", async () => {
    const cache = createVerifyCache({ load: async (hash) => entry(hash, "k1"), ttlMs: 30_000 });
    await cache.load("primary");
    await cache.load("secondary");
    cache.invalidateKey("k1");
    expect(cache.lookup("primary", Date.now())).toBeUndefined();
    expect(cache.lookup("secondary", Date.now())).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
  });

  it("does not store a load that overlapped an invalidation (it may predate the change)", async () => {
    const { load, gates } = gatedLoader();
    const cache = createVerifyCache({ load, ttlMs: 30_000 });
    const first = cache.load("a");
    cache.invalidateKey("key-a");
    gates[0]!.release(entry("a"));
    await first;
    expect(cache.lookup("a", Date.now())).toBeUndefined();
    // And a request after the change does not join the stale load.
    const second = cache.load("a");
    expect(load).toHaveBeenCalledTimes(2);
    gates[1]!.release(entry("a"));
    await second;
    expect(cache.lookup("a", Date.now())).not.toBeUndefined();
  });

  it("lets a failed load fail its callers without caching anything", async () => {
    const cache = createVerifyCache({
      load: async () => Promise.reject(new Error("db down")),
      ttlMs: 30_000,
    });
    await expect(cache.load("a")).rejects.toThrow("db down");
    expect(cache.lookup("a", Date.now())).toBeUndefined();
    expect(cache.stats().inflight).toBe(0);
  });

  it("stays within maxEntries, keeping recently used entries (CLOCK)", async () => {
    const cache = createVerifyCache({ load: async (hash) => entry(hash), ttlMs: 30_000, maxEntries: 3 });
    for (const hash of ["a", "b", "c"]) await cache.load(hash);
    cache.lookup("a", Date.now()); // a gets a second chance
    await cache.load("d");
    expect(cache.stats().entries).toBe(3);
    expect(cache.isKnown("a")).toBe(true);
    expect(cache.isKnown("b")).toBe(false);
    for (const hash of ["e", "f", "g", "h"]) await cache.load(hash);
    expect(cache.stats().entries).toBe(3);
  });

  it("clear() forgets everything", async () => {
    const cache = createVerifyCache({
      load: async (hash) => (hash === "n" ? null : entry(hash)),
      ttlMs: 30_000,
    });
    await cache.load("a");
    await cache.load("n");
    cache.clear();
    expect(cache.stats()).toMatchObject({ entries: 0, negatives: 0, inflight: 0 });
  });
});
