import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/lib/crypto/sha256";
import { compileEntry } from "./entry";
import type { KeyEntry } from "./types";
import { VerifyRuntime } from "./runtime";

// The verify service's memory is bounded whatever callers send (README, "Memory bounds"): a
// million distinct secrets — a tenth of them real keys, the rest unknown — from a million distinct
// addresses leave the cache, the negative cache, the miss limiter and the usage recorder at their
// documented sizes, and the heap under the documented total.

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const TOTAL = 1_000_000;
/** README, "Memory bounds": the whole verify service, at its bounds. */
const DOCUMENTED_BOUND_MB = 230;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const secretOf = (i: number) => `memory-test-${i.toString(36).padStart(6, "0")}-secret`;

function entryFor(i: number, hash: string): KeyEntry {
  return compileEntry({
    hash,
    keyId: `key-${i}`,
    organizationId: `org-${i % 50}`,
    systemId: null,
    systemSlug: null,
    state: "active",
    expiresAt: new Date(Date.now() + 86_400_000),
    allowedCidrs: [],
    version: 1,
    permissions: ["nodes:add", "nodes:read"],
    systemLimits: [],
    slot: "primary",
    graceEndsAt: null,
  });
}

describe("verify memory bounds", () => {
  it("a million distinct keys from a million addresses stay within the documented bounds", async () => {
    const written = { rows: 0 };
    const before = heapMb();
    const runtime = new VerifyRuntime({
      ttlMs: 60_000,
      listen: false,
      // One process with no shared miss budget (no database or Redis behind this test).
      budget: null,
      // A tenth of the secrets are real keys; the loader answers at once, as a warm database would.
      load: async (hash) => {
        const i = known.get(hash);
        return i === undefined ? null : entryFor(i, hash);
      },
      usage: { intervalMs: 60_000, write: async (batch) => void (written.rows += batch.counts.length) },
    });
    const known = new Map<string, number>();
    const codes: Record<string, number> = {};
    let peak = 0;
    for (let start = 0; start < TOTAL; start += 10_000) {
      known.clear();
      const pending: Promise<unknown>[] = [];
      for (let i = start; i < start + 10_000; i++) {
        const secret = secretOf(i);
        if (i % 10 === 0) known.set(sha256Hex(secret), i);
        const source = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
        const outcome = runtime.verify({ secret, source, ip: source });
        pending.push(
          Promise.resolve(outcome).then((v) => {
            codes[v.code] = (codes[v.code] ?? 0) + 1;
          }),
        );
      }
      await Promise.all(pending);
      if (start % 200_000 === 0) peak = Math.max(peak, heapMb() - before);
    }
    const cache = runtime.cache.stats();
    const after = heapMb() - before;
    console.log(
      `verify memory: ${TOTAL} distinct keys → heap +${after.toFixed(1)} MB (peak seen +${peak.toFixed(1)} MB; ` +
        `cache ${cache.entries}, negatives ${cache.negatives}, limiter ${runtime.limiter.size}, ` +
        `usage keys ${runtime.usage.pendingKeys()}, usage rows written ${written.rows})`,
    );

    expect(codes).toEqual({ VALID: TOTAL / 10, NOT_FOUND: TOTAL - TOTAL / 10 });
    expect(cache.entries).toBeLessThanOrEqual(100_000);
    expect(cache.negatives).toBeLessThanOrEqual(20_000);
    expect(runtime.limiter.size).toBeLessThanOrEqual(50_000);
    expect(runtime.usage.pendingKeys()).toBeLessThanOrEqual(100_000);
    // Early flushes took the usage of 100,000 keys: none was dropped.
    await runtime.usage.flush();
    expect(written.rows).toBe(TOTAL / 10);
    expect(Math.max(after, peak)).toBeLessThan(DOCUMENTED_BOUND_MB);
    await runtime.close();
  }, 120_000);
});
