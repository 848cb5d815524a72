import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/ops/logger";
import { HOUR_MS } from "@/lib/time";
import { createUsageRecorder, type UsageRecorderOptions } from "./usage";
import type { UsageBatch } from "./usage-batch";

const T = Date.parse("2026-06-01T10:59:59.000Z");

/** A recorder whose flushes land in `batches` (flushed by hand: the timer is a minute). */
function collectingRecorder(options: Omit<UsageRecorderOptions, "write" | "intervalMs"> = {}) {
  const batches: UsageBatch[] = [];
  const usage = createUsageRecorder({
    write: async (batch) => void batches.push(batch),
    intervalMs: 60_000,
    ...options,
  });
  return { batches, usage };
}

/** A recorder whose first write fails (its error log silenced); `write` records every attempt. */
function recorderFailingOnce() {
  vi.spyOn(logger(), "error").mockImplementation(() => undefined);
  const write = vi.fn(async (_batch: UsageBatch) => undefined);
  write.mockRejectedValueOnce(new Error("database is locked"));
  return { write, usage: createUsageRecorder({ write, intervalMs: 60_000 }) };
}

describe("usage recorder", () => {
  afterEach(() => vi.restoreAllMocks());

  it("turns many verifications into one batch of per-key, per-hour counts", async () => {
    const { batches, usage } = collectingRecorder();
    for (let i = 0; i < 5; i++) usage.record("k1", true, "10.0.0.1", T + i);
    usage.record("k1", false, "10.0.0.9", T + 10);
    usage.record("k1", true, "::ffff:10.0.0.2", T + 1_000); // next hour
    usage.record("k2", false, null, T);
    await usage.flush();
    expect(batches).toHaveLength(1);
    const counts = batches[0]!.counts.map((c) => ({ ...c, hour: c.hour.toISOString() }));
    expect(counts).toEqual(
      expect.arrayContaining([
        { keyId: "k1", hour: "2026-06-01T10:00:00.000Z", valid: 5, refused: 1 },
        { keyId: "k1", hour: "2026-06-01T11:00:00.000Z", valid: 1, refused: 0 },
        { keyId: "k2", hour: "2026-06-01T10:00:00.000Z", valid: 0, refused: 1 },
      ]),
    );
    expect(counts).toHaveLength(3);
    // Last use = last valid verification; the IP canonicalized; a key only refused has none.
    expect(batches[0]!.lastUses).toEqual([{ keyId: "k1", at: new Date(T + 1_000), ip: "10.0.0.2" }]);
    await usage.flush();
    expect(batches).toHaveLength(1);
    await usage.close();
  });

  it("keeps the counts of a failed flush for the next one", async () => {
    const { write, usage } = recorderFailingOnce();
    usage.record("k1", true, "not an ip", T);
    await usage.flush();
    usage.record("k1", true, null, T + 1);
    usage.record("k1", false, null, T + 2);
    await usage.flush();
    expect(write).toHaveBeenCalledTimes(2);
    const retried = write.mock.calls[1]![0];
    expect(retried.counts).toEqual([
      { keyId: "k1", hour: new Date(T - (T % HOUR_MS)), valid: 2, refused: 1 },
    ]);
    expect(retried.lastUses).toEqual([{ keyId: "k1", at: new Date(T + 1), ip: null }]);
    await usage.close();
  });

  it("writes large flushes in several transactions and retries only what was not written", async () => {
    vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    const written: UsageBatch[] = [];
    const write = vi.fn(async (batch: UsageBatch) => void written.push(batch));
    write.mockImplementationOnce(async (batch) => void written.push(batch));
    write.mockRejectedValueOnce(new Error("database is locked"));
    const usage = createUsageRecorder({ write, intervalMs: 60_000, keysPerWrite: 250 });
    for (let i = 0; i < 600; i++) usage.record(`k${i}`, true, null, T);
    await usage.flush();
    expect(write).toHaveBeenCalledTimes(2);
    await usage.flush();
    const keys = written.flatMap((batch) => batch.counts.map((row) => row.keyId));
    expect(keys).toHaveLength(600);
    expect(new Set(keys).size).toBe(600);
    expect(written.map((batch) => batch.counts.length)).toEqual([250, 250, 100]);
    await usage.close();
  });

  it("drops rows over the bound instead of growing without end", async () => {
    vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    const write = vi.fn(async (_batch: UsageBatch) => Promise.reject(new Error("down")));
    const usage = createUsageRecorder({ write, intervalMs: 60_000, maxPendingRows: 2 });
    for (const key of ["a", "b", "c"]) usage.record(key, true, null, T);
    await usage.flush();
    usage.record("d", true, null, T);
    await usage.flush();
    expect(write.mock.calls[1]![0].counts.map((c) => c.keyId)).toEqual(["d"]);
  });

  it("flushes on close and ignores records after it", async () => {
    const write = vi.fn(async (_batch: UsageBatch) => undefined);
    const usage = createUsageRecorder({ write, intervalMs: 60_000 });
    usage.record("k1", true, null, T);
    await usage.close();
    usage.record("k1", true, null, T);
    expect(write).toHaveBeenCalledTimes(1);
    expect(usage.pendingKeys()).toBe(0);
  });

  it("holds at most maxCurrentKeys keys between flushes: flushes early at half, drops past the bound", async () => {
    const error = vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    const written: UsageBatch[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first write waits, as a slow database would, so the bound is reached meanwhile.
    const write = vi.fn(async (batch: UsageBatch) => {
      await gate;
      written.push(batch);
    });
    const usage = createUsageRecorder({ write, intervalMs: 60_000, maxCurrentKeys: 10, keysPerWrite: 100 });
    for (let i = 0; i < 5; i++) usage.record(`k${i}`, true, null, T);
    await Promise.resolve();
    await Promise.resolve();
    // Five keys is half the bound: a flush started without waiting for the timer and took them.
    expect(write).toHaveBeenCalledTimes(1);
    expect(usage.pendingKeys()).toBe(0);
    for (let i = 5; i < 25; i++) usage.record(`k${i}`, true, null, T);
    expect(usage.pendingKeys()).toBe(10);
    usage.record("k5", true, null, T); // a key already counted still counts
    release();
    await usage.flush();
    const counted = written.flatMap((batch) => batch.counts.map((c) => [c.keyId, c.valid]));
    expect(counted).toHaveLength(15);
    expect(counted).toContainEqual(["k5", 2]);
    expect(error).toHaveBeenCalledWith(
      { job: "usage-flush", dropped: 10, maxKeys: 10 },
      "usage of verifications dropped: too many keys between flushes",
    );
    await usage.close();
  });

  it("counts valid calls per secret, hour and canonical address, with each secret's last use", async () => {
    const { batches, usage } = collectingRecorder();
    usage.record("k1", true, "10.0.0.1", T, "new");
    usage.record("k1", true, "::ffff:10.0.0.1", T + 1, "new");
    usage.record("k1", true, "10.0.0.2", T + 2, "old");
    usage.record("k1", true, null, T + 3, "old");
    usage.record("k1", false, "10.0.0.3", T + 4, "old"); // refused: not a use of the secret
    usage.record("k1", true, "10.0.0.2", T + 1_000, "old"); // next hour
    await usage.flush();
    const rows = batches[0]!.secretCounts.map((r) => ({ ...r, hour: r.hour.toISOString() }));
    expect(rows).toEqual(
      expect.arrayContaining([
        { keyId: "k1", secretHash: "new", hour: "2026-06-01T10:00:00.000Z", ip: "10.0.0.1", calls: 2 },
        { keyId: "k1", secretHash: "old", hour: "2026-06-01T10:00:00.000Z", ip: "10.0.0.2", calls: 1 },
        { keyId: "k1", secretHash: "old", hour: "2026-06-01T10:00:00.000Z", ip: "", calls: 1 },
        { keyId: "k1", secretHash: "old", hour: "2026-06-01T11:00:00.000Z", ip: "10.0.0.2", calls: 1 },
      ]),
    );
    expect(rows).toHaveLength(4);
    expect(batches[0]!.secretLastUses).toEqual(
      expect.arrayContaining([
        { keyId: "k1", secretHash: "new", at: new Date(T + 1), ip: "10.0.0.1" },
        { keyId: "k1", secretHash: "old", at: new Date(T + 1_000), ip: "10.0.0.2" },
      ]),
    );
    expect(batches[0]!.counts).toEqual([
      { keyId: "k1", hour: new Date(T - (T % HOUR_MS)), valid: 4, refused: 1 },
      { keyId: "k1", hour: new Date(T + 1_000 - ((T + 1_000) % HOUR_MS)), valid: 1, refused: 0 },
    ]);
    await usage.close();
  });

  it("bounds the addresses held between flushes: past the bound, calls still count, under no address", async () => {
    const { batches, usage } = collectingRecorder({ maxAddressCells: 3 });
    for (let i = 1; i <= 10; i++) usage.record("k1", true, `192.0.2.${i}`, T, "s");
    await usage.flush();
    const rows = batches[0]!.secretCounts;
    expect(rows.reduce((sum, r) => sum + r.calls, 0)).toBe(10);
    expect(rows.map((r) => r.ip).sort()).toEqual(["", "192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    expect(rows.find((r) => r.ip === "")!.calls).toBe(7);
    await usage.close();
  });

  it("keeps per-secret rows of a failed flush for the next one", async () => {
    const { write, usage } = recorderFailingOnce();
    usage.record("k1", true, "10.0.0.1", T, "s");
    await usage.flush();
    usage.record("k1", true, "10.0.0.1", T + 1, "s");
    await usage.flush();
    const retried = write.mock.calls[1]![0];
    expect(retried.secretCounts).toEqual([
      { keyId: "k1", secretHash: "s", hour: new Date(T - (T % HOUR_MS)), ip: "10.0.0.1", calls: 2 },
    ]);
    expect(retried.secretLastUses).toEqual([
      { keyId: "k1", secretHash: "s", at: new Date(T + 1), ip: "10.0.0.1" },
    ]);
    await usage.close();
  });
});
