import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dbProvider, getDb } from "@/lib/db";
import { generateSecret } from "@/lib/keys/format";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { createKeyLoader } from "@/lib/verify/load";
import { VerifyRuntime, type VerifyRuntimeOptions } from "@/lib/verify/runtime";
import { HOUR_MS } from "@/lib/time";
import type { UsageBatch } from "@/lib/verify/usage-batch";
import { createUsageWriter } from "@/lib/verify/usage-sql";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";

// The bookkeeping around verification: usage written in batches (not per request), and the
// per-source limit on failed attempts.

useTestDatabase();

let organizationId: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  organizationId = (await createOrgWithOwner("Acme")).org.id;
});

afterAll(async () => {
  for (const close of closers) await close();
});

async function serve(options: VerifyRuntimeOptions) {
  const fastPath: VerifyFastPath = createVerifyFastPath({ runtime: new VerifyRuntime(options) });
  const server = await startFastPathServer(fastPath);
  closers.push(server.close, fastPath.close);
  /** `from`: the caller, as a proxy on loopback (trusted by default) forwards it. */
  const verify = async (body: Record<string, unknown>, from?: string) => {
    const response = await fetch(`${server.url}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(from ? { "x-forwarded-for": from } : {}) },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      json: (await response.json()) as { code: string },
    };
  };
  return { fastPath, verify };
}

describe("usage", () => {
  it("turns N verifications into one batch with the right counts and last use", async () => {
    const write = vi.fn(createUsageWriter(getDb, dbProvider));
    const { fastPath, verify } = await serve({ ttlMs: 30_000, usage: { write, intervalMs: 60_000 } });
    const { key, secret } = await createKeyRow({ organizationId, permissions: ["nodes:add"] });
    const { key: other, secret: otherSecret } = await createKeyRow({ organizationId });

    for (let i = 0; i < 7; i++)
      expect((await verify({ key: secret, ip: "203.0.113.5" })).json.code).toBe("VALID");
    for (let i = 0; i < 3; i++) {
      expect((await verify({ key: secret, permission: "keys:manage" })).json.code).toBe(
        "INSUFFICIENT_PERMISSIONS",
      );
    }
    await verify({ key: otherSecret, ip: "2001:DB8::1" });
    await verify({ key: generateSecret() }); // unknown: nobody to count it for
    expect(write).not.toHaveBeenCalled();

    await fastPath.runtime.usage.flush();
    expect(write).toHaveBeenCalledTimes(1);
    const batch = write.mock.calls[0]![0] as UsageBatch;
    expect(batch.counts).toHaveLength(2);

    const hour = new Date(Date.now() - (Date.now() % HOUR_MS));
    const rows = await getDb().keyUsage.findMany({ where: { organizationId }, orderBy: { valid: "desc" } });
    expect(rows.map(({ keyId, valid, refused }) => ({ keyId, valid, refused }))).toEqual([
      { keyId: key.id, valid: 7, refused: 3 },
      { keyId: other.id, valid: 1, refused: 0 },
    ]);
    expect(rows[0]!.hour.getTime()).toBe(hour.getTime());
    const stored = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.lastUsedIp).toBe("203.0.113.5");
    expect(Date.now() - (stored.lastUsedAt?.getTime() ?? 0)).toBeLessThan(10_000);
    expect(stored.version).toBe(key.version);
    expect(stored.updatedAt.getTime()).toBe(key.updatedAt.getTime());
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: other.id } })).lastUsedIp).toBe(
      "2001:db8::1",
    );

    // A second batch adds to the same hour's row.
    await verify({ key: secret });
    await fastPath.runtime.usage.flush();
    const again = await getDb().keyUsage.findUniqueOrThrow({
      where: { keyId_hour: { keyId: key.id, hour } },
    });
    expect(again).toMatchObject({ valid: 8, refused: 3 });

    // Another instance flushing an older use later does not move lastUsedAt back.
    const latest = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    await write({
      counts: [],
      lastUses: [{ keyId: key.id, at: new Date(Date.now() - 60_000), ip: "192.0.2.1" }],
      secretCounts: [],
      secretLastUses: [],
    });
    const after = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(after.lastUsedAt).toEqual(latest.lastUsedAt);
    expect(after.lastUsedIp).toBe("203.0.113.5");
  });

  it("skips keys deleted since they were counted instead of failing the batch", async () => {
    const write = vi.fn(createUsageWriter(getDb, dbProvider));
    const { fastPath, verify } = await serve({ ttlMs: 30_000, usage: { write, intervalMs: 60_000 } });
    const gone = await createKeyRow({ organizationId });
    const kept = await createKeyRow({ organizationId });
    await verify({ key: gone.secret });
    await verify({ key: kept.secret });
    await getDb().apiKey.delete({ where: { id: gone.key.id } });
    await fastPath.runtime.usage.flush();
    expect(await getDb().keyUsage.count({ where: { keyId: kept.key.id } })).toBe(1);
    expect(await getDb().keyUsage.count({ where: { keyId: gone.key.id } })).toBe(0);
  });
});

describe("rate limiting of failed attempts", () => {
  it("refuses a source's further unknown attempts with 429, not its known keys, not other sources", async () => {
    const load = vi.fn(createKeyLoader(getDb));
    const { verify } = await serve({
      load,
      ttlMs: 30_000,
      limiter: { capacity: 3, windowMs: 60_000 },
      usage: { intervalMs: 60_000 },
    });
    const { secret } = await createKeyRow({ organizationId });
    const uncached = await createKeyRow({ organizationId });
    expect((await verify({ key: secret, ip: "198.51.100.7" })).json.code).toBe("VALID");

    // The attacker reports a new client "ip" each time: the count is the caller's own.
    const attacker = "198.51.100.7";
    const claim = (i: number) => ({ ip: `192.0.2.${i}` });
    for (let i = 0; i < 3; i++)
      expect((await verify({ key: generateSecret(), ...claim(i) }, attacker)).json.code).toBe("NOT_FOUND");
    const loads = load.mock.calls.length;
    const limited = await verify({ key: generateSecret(), ...claim(3) }, attacker);
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ valid: false, code: "RATE_LIMITED", keyId: null });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    // Malformed attempts are refused the same way; neither reached the database.
    expect((await verify({ key: "kp_garbage", ...claim(4) }, attacker)).status).toBe(429);
    expect(load.mock.calls.length).toBe(loads);

    // A key the cache knows still verifies from that source…
    expect((await verify({ key: secret }, attacker)).json.code).toBe("VALID");
    // …but one it would have to look up waits for the next token (documented in rate-limit.ts).
    expect((await verify({ key: uncached.secret }, attacker)).status).toBe(429);
    // Other sources are not affected.
    expect((await verify({ key: generateSecret() }, "198.51.100.8")).json.code).toBe("NOT_FOUND");
    expect((await verify({ key: uncached.secret }, "198.51.100.8")).json.code).toBe("VALID");
  });

  it("counts by the caller's own address, whatever client IP it reports", async () => {
    const { verify } = await serve({
      ttlMs: 30_000,
      limiter: { capacity: 2, windowMs: 60_000 },
      usage: { intervalMs: 60_000 },
    });
    await verify({ key: generateSecret() });
    await verify({ key: generateSecret() });
    expect((await verify({ key: generateSecret() })).status).toBe(429);
    expect((await verify({ key: generateSecret(), ip: "192.0.2.44" })).status).toBe(429);
  });
});
