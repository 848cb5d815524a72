import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadinessCheck } from "@/lib/ops/health";
import { createOpsEndpoints } from "@/lib/ops/http";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { startFastPathServer } from "../support/keys";

// GET /readyz's reasons for 503 on a real database, and /metrics where it is (not) enabled.

const database = useTestDatabase();
const ROOT = join(import.meta.dirname, "..", "..");
let runtime: VerifyRuntime;
let futureRoot: string;

beforeAll(async () => {
  runtime = new VerifyRuntime({ ttlMs: 30_000, usage: { intervalMs: 60_000 } });
  await runtime.listener?.ready;
  // This checkout's migrations plus one the database has not seen.
  futureRoot = mkdtempSync(join(tmpdir(), "keyplane-readyz-"));
  const provider = database.current().provider;
  const dir = join(futureRoot, "prisma", "migrations", provider);
  cpSync(join(ROOT, "prisma", "migrations", provider), dir, { recursive: true });
  mkdirSync(join(dir, "29991231000000_from_the_future"));
});

afterAll(async () => {
  await runtime?.close();
  rmSync(futureRoot, { recursive: true, force: true });
});

const check = (options: Partial<Parameters<typeof createReadinessCheck>[0]> = {}) =>
  createReadinessCheck({ runtime: () => runtime, shuttingDown: () => false, root: ROOT, ...options })();

describe("readiness", () => {
  it("is ready on a migrated database with the verify runtime up", async () => {
    expect(await check()).toEqual({ ready: true });
  });

  it("is not ready with a migration not applied", async () => {
    expect(await check({ root: futureRoot })).toEqual({
      ready: false,
      reason: "migrations not applied: 29991231000000_from_the_future",
    });
  });

  it("is not ready before the verify runtime starts, nor while shutting down", async () => {
    expect(await check({ runtime: () => null })).toEqual({
      ready: false,
      reason: "verify cache not started",
    });
    expect(await check({ shuttingDown: () => true })).toEqual({ ready: false, reason: "shutting down" });
  });

  it("answers 503 with the reason as JSON", async () => {
    const server = await startFastPathServer(
      createOpsEndpoints({ readiness: () => check({ shuttingDown: () => true }), metrics: "off" }),
    );
    try {
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "not ready", reason: "shutting down" });
    } finally {
      await server.close();
    }
  });
});

describe("/metrics", () => {
  it("is a 404 where it is off, and open on the metrics port without a token", async () => {
    const off = await startFastPathServer(createOpsEndpoints({ readiness: () => check(), metrics: "off" }));
    const open = await startFastPathServer(createOpsEndpoints({ readiness: () => check(), metrics: "open" }));
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
      const response = await fetch(`${open.url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^# TYPE keyplane_verifications_total counter$/m);
      expect((await fetch(`${open.url}/metrics`, { method: "POST" })).status).toBe(405);
    } finally {
      await off.close();
      await open.close();
    }
  });
});
