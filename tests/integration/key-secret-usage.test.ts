import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as usage from "@/app/api/v1/keys/[id]/usage/route";
import { keyUsageResponseSchema } from "@/lib/api/schemas/key-responses";
import { dbProvider, getDb } from "@/lib/db";
import { endGraceAction, keyImpactAction } from "@/lib/keys/actions";
import { HOUR_MS } from "@/lib/time";
import { keyImpact } from "@/lib/usage/impact";
import { createVerifyFastPath } from "@/lib/verify/http";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { createUsageWriter } from "@/lib/verify/usage-sql";
import { call, managementKey, stopVerifyRuntime } from "../support/api";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { actAs, useKeysWorld, withAudit } from "../support/key-lifecycle";
import { addSecretRow, createKeyRow, startFastPathServer } from "../support/keys";

// Per-secret usage (README "Per-secret usage"): verifications through the real verify endpoint
// with each secret slot are flushed in one batch and read back per secret, by the console
// (keyImpact, the impact action) and by REST GET /api/v1/keys/{id}/usage; End grace now is
// refused while the old secret is in use and ends it once it is idle.

useTestDatabase();
afterAll(stopVerifyRuntime);

describe("per-secret usage and End grace now", () => {
  const w = useKeysWorld("Acme");
  const closers: (() => Promise<void>)[] = [];
  let runtime: VerifyRuntime;
  let verify: (body: Record<string, unknown>) => Promise<string>;
  let key: { id: string; organizationId: string };
  const secrets = { primary: "", secondary: "", rolled: "" };

  beforeAll(async () => {
    runtime = new VerifyRuntime({
      ttlMs: 30_000,
      usage: { write: createUsageWriter(getDb, dbProvider), intervalMs: 60_000 },
    });
    const fastPath = createVerifyFastPath({ runtime });
    const server = await startFastPathServer(fastPath);
    closers.push(server.close, fastPath.close);
    verify = async (body) => {
      const response = await fetch(`${server.url}/api/v1/verify`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return ((await response.json()) as { code: string }).code;
    };
    const created = await createKeyRow({ organizationId: w.org.id, systemId: w.system.id, label: "rolling" });
    key = created.key;
    secrets.primary = created.secret;
    secrets.secondary = await addSecretRow(key, { slot: "secondary" });
    secrets.rolled = await addSecretRow(key, {
      slot: "rolled",
      graceEndsAt: new Date(Date.now() + 24 * HOUR_MS),
    });
  });

  afterAll(async () => {
    for (const close of closers) await close();
  });

  it("records which secret matched: per-secret calls, last use and client address, key-wide impact", async () => {
    for (let i = 0; i < 3; i++)
      expect(await verify({ key: secrets.primary, ip: "203.0.113.1" })).toBe("VALID");
    expect(await verify({ key: secrets.secondary, ip: "203.0.113.2" })).toBe("VALID");
    expect(await verify({ key: secrets.rolled, ip: "198.51.100.9" })).toBe("VALID");
    expect(await verify({ key: secrets.rolled, ip: "::ffff:198.51.100.9" })).toBe("VALID");
    expect(await verify({ key: secrets.rolled, permission: "nodes:add" })).toBe("INSUFFICIENT_PERMISSIONS");
    await runtime.usage.flush();

    const impact = await keyImpact(getDb(), w.org.id, key.id);
    expect(impact).toMatchObject({
      calls24h: 6,
      refused24h: 1,
      addresses24h: 3,
      lastUsedIp: expect.stringMatching(/^(203\.0\.113\.[12]|198\.51\.100\.9)$/),
      systems: [{ id: w.system.id, name: w.system.name }],
      allSystems: false,
      oldSecretInUse: true,
    });
    expect(
      impact!.secrets.map(({ slot, callsLastHour, calls24h, lastUsedIp, inUse }) => ({
        slot,
        callsLastHour,
        calls24h,
        lastUsedIp,
        inUse,
      })),
    ).toEqual([
      { slot: "primary", callsLastHour: 3, calls24h: 3, lastUsedIp: "203.0.113.1", inUse: false },
      { slot: "secondary", callsLastHour: 1, calls24h: 1, lastUsedIp: "203.0.113.2", inUse: false },
      { slot: "rolled", callsLastHour: 2, calls24h: 2, lastUsedIp: "198.51.100.9", inUse: true },
    ]);
    expect(impact!.secrets.every((s) => s.lastUsedAt !== null)).toBe(true);
    // Another organization's key is not there.
    const foreign = await createOrgWithOwner("Globex");
    expect(await keyImpact(getDb(), foreign.org.id, key.id)).toBeNull();
  });

  it("offers the same figures to the console's impact preview, for whoever may read the key", async () => {
    await actAs(w.auditor);
    const result = await keyImpactAction({ keyId: key.id });
    expect(result).toMatchObject({ ok: true, data: { calls24h: 6, addresses24h: 3, oldSecretInUse: true } });
    await actAs(w.otherSystemAdmin);
    expect(await keyImpactAction({ keyId: key.id })).toMatchObject({ ok: false });
  });

  it("GET /api/v1/keys/{id}/usage answers the impact and per-secret figures; another organization's key is 404", async () => {
    const manager = await managementKey({ organizationId: w.org.id, label: "usage-reader" });
    const answer = await call(usage.GET, "GET", `/api/v1/keys/${key.id}/usage`, {
      key: manager.secret,
      params: { id: key.id },
    });
    expect(answer.status).toBe(200);
    const body = keyUsageResponseSchema.parse(answer.json);
    expect(body.usage).toMatchObject({ valid: 6, refused: 1 });
    expect(body.impact).toMatchObject({ calls24h: 6, refused24h: 1, addresses24h: 3, oldSecretInUse: true });
    expect(body.impact.secrets.map((s) => [s.slot, s.calls24h, s.lastUsedIp])).toEqual([
      ["primary", 3, "203.0.113.1"],
      ["secondary", 1, "203.0.113.2"],
      ["rolled", 2, "198.51.100.9"],
    ]);

    const globex = await createOrgWithOwner("Globex usage");
    const foreignManager = await managementKey({ organizationId: globex.org.id, label: "globex-reader" });
    const foreign = await call(usage.GET, "GET", `/api/v1/keys/${key.id}/usage`, {
      key: foreignManager.secret,
      params: { id: key.id },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("refuses End grace now without a valid step-up code", async () => {
    await actAs(w.admin);
    const { result, entries } = await withAudit(w.org.id, () =>
      endGraceAction({ keyId: key.id, totpCode: "000000" }),
    );
    expect(result).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(entries.map((e) => e.action)).toEqual(["stepup.failed"]);
  });

  it("refuses End grace now while the old secret was used within the last hour", async () => {
    const code = await actAs(w.admin);
    const { result, entries } = await withAudit(w.org.id, () =>
      endGraceAction({ keyId: key.id, totpCode: code }),
    );
    expect(result).toMatchObject({ ok: false, code: "OLD_SECRET_IN_USE" });
    expect(entries.filter((e) => e.action === "key.grace_ended")).toEqual([]);
    expect(await verify({ key: secrets.rolled })).toBe("VALID");
  });

  it("ends the grace once the old secret is idle: audited, the old secret stops verifying at once", async () => {
    await runtime.usage.flush();
    await getDb().keySecret.updateMany({
      where: { keyId: key.id, slot: "rolled" },
      data: { lastUsedAt: new Date(Date.now() - 2 * HOUR_MS) },
    });
    const code = await actAs(w.admin);
    const { result, entries } = await withAudit(w.org.id, () =>
      endGraceAction({ keyId: key.id, totpCode: code }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(entries).toEqual([
      expect.objectContaining({
        action: "key.grace_ended",
        actorId: w.admin.user.id,
        targetId: key.id,
        changes: { rolledSecret: { before: expect.any(String), after: null } },
      }),
    ]);
    await vi.waitFor(async () => expect(await verify({ key: secrets.rolled })).toBe("NOT_FOUND"));
    expect(await verify({ key: secrets.primary })).toBe("VALID");
    // Nothing left to end.
    const again = await actAs(w.admin);
    expect(await endGraceAction({ keyId: key.id, totpCode: again })).toMatchObject({
      ok: false,
      code: "CONFLICT",
    });
  });
});
