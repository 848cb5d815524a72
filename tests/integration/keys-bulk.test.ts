import { afterAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/v1/keys/bulk/route";
import { bulkKeysResponseSchema } from "@/lib/api/schemas/key-responses";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { BULK_BATCH_SIZE, applyBulk, planBulk } from "@/lib/keys/bulk";
import { bulkKeysAction } from "@/lib/keys/actions";
import { HOUR_MS } from "@/lib/time";
import { call, managementKey, stopVerifyRuntime } from "../support/api";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, signInAs } from "../support/fixtures";
import { actAs, useKeysWorld, withAudit } from "../support/key-lifecycle";
import { createKeyRow } from "../support/keys";

// Bulk disable, enable and revoke (issue 16, item 7): a preview that changes nothing, per-key
// skips with their reason, one audit entry per key, one transaction per batch of 500.

useTestDatabase();
afterAll(stopVerifyRuntime);

async function states(ids: readonly string[]) {
  const rows = await getDb().apiKey.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, state: true },
  });
  return Object.fromEntries(rows.map((row) => [row.id, row.state]));
}

async function manyKeys(organizationId: string, count: number, prefix: string): Promise<string[]> {
  const expiresAt = new Date(Date.now() + 365 * 24 * HOUR_MS);
  await getDb().apiKey.createMany({
    data: Array.from({ length: count }, (_, index) => ({
      organizationId,
      label: `${prefix}-${String(index).padStart(4, "0")}`,
      allowedCidrs: [],
      expiresAt,
    })),
  });
  const rows = await getDb().apiKey.findMany({
    where: { organizationId, label: { startsWith: `${prefix}-` } },
    orderBy: { label: "asc" },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

describe("bulk key actions in the console", () => {
  const w = useKeysWorld("Bulkco");

  it("a dry run previews each key with its last use and calls in the last 24 hours, and changes nothing", async () => {
    const used = await createKeyRow({ organizationId: w.org.id, label: "used" });
    const idle = await createKeyRow({ organizationId: w.org.id, label: "idle" });
    const lastUsedAt = new Date(Date.now() - 5 * 60_000);
    await getDb().apiKey.update({ where: { id: used.key.id }, data: { lastUsedAt } });
    const hour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
    await getDb().keyUsage.createMany({
      data: [
        { keyId: used.key.id, organizationId: w.org.id, hour, valid: 40, refused: 2 },
        // Older than a day: not counted.
        {
          keyId: used.key.id,
          organizationId: w.org.id,
          hour: new Date(hour.getTime() - 48 * HOUR_MS),
          valid: 999,
        },
      ],
    });
    await signInAs(w.admin.user);
    const ids = [used.key.id, idle.key.id];
    const { result, entries } = await withAudit(w.org.id, () =>
      bulkKeysAction({ organizationId: w.org.id, action: "revoke", keyIds: ids, dryRun: true }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.dryRun).toBe(true);
    expect(result.data.changed).toEqual([
      expect.objectContaining({ id: used.key.id, label: "used", lastUsedAt, calls24h: 42 }),
      expect.objectContaining({ id: idle.key.id, label: "idle", lastUsedAt: null, calls24h: 0 }),
    ]);
    expect(entries).toHaveLength(0);
    expect(await states(ids)).toEqual({ [used.key.id]: "active", [idle.key.id]: "active" });
  });

  it("disables what it can, one audit entry per key, and reports each skip with its reason", async () => {
    const active = await createKeyRow({ organizationId: w.org.id, label: "to-disable" });
    const disabled = await createKeyRow({
      organizationId: w.org.id,
      label: "already-off",
      state: "disabled",
    });
    const revoked = await createKeyRow({ organizationId: w.org.id, label: "gone", state: "revoked" });
    const systemKey = await createKeyRow({ organizationId: w.org.id, systemId: w.system.id, label: "sys" });
    const foreign = await createOrgWithOwner("Elsewhere");
    const foreignKey = await createKeyRow({ organizationId: foreign.org.id, label: "theirs" });
    await signInAs(w.admin.user);
    const keyIds = [active.key.id, disabled.key.id, revoked.key.id, systemKey.key.id, foreignKey.key.id];
    const { result, entries } = await withAudit(w.org.id, () =>
      bulkKeysAction({ organizationId: w.org.id, action: "disable", keyIds }),
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.data.changed.map((key) => key.id)).toEqual([active.key.id]);
    expect(result.data.skipped).toEqual([
      { id: disabled.key.id, label: "already-off", reason: "state", message: "Already disabled." },
      { id: revoked.key.id, label: "gone", reason: "state", message: expect.stringContaining("Revoked") },
      // The organization keys page does not change a system's keys.
      { id: systemKey.key.id, label: "sys", reason: "permission", message: expect.any(String) },
      // Another tenant's key answers like a key that does not exist.
      { id: foreignKey.key.id, label: null, reason: "not_found", message: "No such key." },
    ]);
    expect(entries.map((entry) => [entry.action, entry.targetId])).toEqual([["key.disabled", active.key.id]]);
    expect((await states([foreignKey.key.id, systemKey.key.id]))[foreignKey.key.id]).toBe("active");
  });

  it("a system admin changes their system's keys only; other keys are skipped for permission", async () => {
    const mine = await createKeyRow({ organizationId: w.org.id, systemId: w.system.id, label: "mine" });
    const other = await createKeyRow({
      organizationId: w.org.id,
      systemId: w.otherSystem.id,
      label: "other",
    });
    const orgKey = await createKeyRow({ organizationId: w.org.id, label: "org-level" });
    await signInAs(w.systemAdmin.user);
    const result = await bulkKeysAction({
      organizationId: w.org.id,
      systemId: w.system.id,
      action: "disable",
      keyIds: [mine.key.id, other.key.id, orgKey.key.id],
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.changed.map((key) => key.id)).toEqual([mine.key.id]);
    expect(result.data.skipped.map((skip) => [skip.id, skip.reason])).toEqual([
      [other.key.id, "permission"],
      [orgKey.key.id, "permission"],
    ]);
    expect(await states([other.key.id, orgKey.key.id])).toEqual({
      [other.key.id]: "active",
      [orgKey.key.id]: "active",
    });
  });

  it("an auditor cannot run a bulk action at all", async () => {
    const key = await createKeyRow({ organizationId: w.org.id, label: "audited" });
    await signInAs(w.auditor.user);
    const result = await bulkKeysAction({
      organizationId: w.org.id,
      action: "disable",
      keyIds: [key.key.id],
    });
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("revoking needs the typed count and a step-up; then every key is revoked with its own entry", async () => {
    const keys = await Promise.all(
      ["r1", "r2", "r3"].map((label) => createKeyRow({ organizationId: w.org.id, label })),
    );
    const already = await createKeyRow({ organizationId: w.org.id, label: "r0", state: "revoked" });
    const keyIds = [...keys.map((k) => k.key.id), already.key.id];
    await signInAs(w.admin.user);
    const base = { organizationId: w.org.id, action: "revoke" as const, keyIds };

    const wrongCount = await bulkKeysAction({
      ...base,
      confirm: "revoke 4 keys",
      totpCode: await actAs(w.admin),
    });
    expect(wrongCount).toMatchObject({ ok: false, code: "VALIDATION_FAILED" });
    const noCode = await bulkKeysAction({ ...base, confirm: "revoke 3 keys" });
    expect(noCode).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect(Object.values(await states(keyIds)).filter((state) => state === "revoked")).toHaveLength(1);

    const { result, entries } = await withAudit(w.org.id, async () =>
      bulkKeysAction({ ...base, confirm: "revoke 3 keys", totpCode: await actAs(w.admin) }),
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.data.changed).toHaveLength(3);
    expect(result.data.skipped).toEqual([
      { id: already.key.id, label: "r0", reason: "state", message: "Already revoked." },
    ]);
    const revokes = entries.filter((entry) => entry.action === "key.revoked");
    expect(revokes.map((entry) => entry.targetId).sort()).toEqual(keys.map((k) => k.key.id).sort());
    expect(Object.values(await states(keyIds))).toEqual(["revoked", "revoked", "revoked", "revoked"]);
  });

  it("'all matching the filter' resolves the filter on the server, in the page's scope", async () => {
    const org = await createOrgWithOwner("Filtered");
    await createKeyRow({ organizationId: org.org.id, label: "ci-one" });
    await createKeyRow({ organizationId: org.org.id, label: "ci-two" });
    const other = await createKeyRow({ organizationId: org.org.id, label: "deploy" });
    await signInAs(org.owner);
    const result = await bulkKeysAction({
      organizationId: org.org.id,
      action: "disable",
      filter: { q: "ci-" },
      dryRun: true,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.changed.map((key) => key.label).sort()).toEqual(["ci-one", "ci-two"]);
    expect((await states([other.key.id]))[other.key.id]).toBe("active");
  });
});

describe("bulk batches", () => {
  it("splits more than 500 keys into batches; a key changed since the plan rolls back only its batch", async () => {
    const { org, owner } = await createOrgWithOwner("Batches");
    const ids = await manyKeys(org.id, BULK_BATCH_SIZE + 20, "batch");
    const ctx: Ctx = {
      actor: { type: "user", id: owner.id, label: owner.email },
      organizationId: org.id,
      meta: { ip: "198.51.100.1", userAgent: "test" },
    };
    const plan = await planBulk(getDb(), org.id, "disable", ids, () => true);
    expect(plan.eligible).toHaveLength(BULK_BATCH_SIZE + 20);
    // Someone changes a key of the second batch after the preview.
    const late = ids[BULK_BATCH_SIZE + 10]!;
    await getDb().apiKey.update({ where: { id: late }, data: { version: { increment: 1 } } });

    const { result: report, entries } = await withAudit(org.id, () => applyBulk(ctx, plan));
    expect(report.changed).toHaveLength(BULK_BATCH_SIZE);
    expect(report.skipped).toHaveLength(20);
    expect(new Set(report.skipped.map((skip) => skip.reason))).toEqual(new Set(["conflict"]));
    expect(entries.filter((entry) => entry.action === "key.disabled")).toHaveLength(BULK_BATCH_SIZE);

    const after = await states(ids);
    expect(ids.slice(0, BULK_BATCH_SIZE).every((id) => after[id] === "disabled")).toBe(true);
    // All or nothing: the second batch's other 19 keys stayed active too.
    expect(ids.slice(BULK_BATCH_SIZE).every((id) => after[id] === "active")).toBe(true);
    // 520 changes, each with its audit entry: more than a unit of work, on a shared machine.
  }, 300_000);
});

describe("REST: POST /api/v1/keys/bulk", () => {
  it("dryRun changes nothing; a limited key skips keys outside its scope; another tenant's key is not found", async () => {
    const { org } = await createOrgWithOwner("Restco");
    const system = await getDb().system.create({
      data: { organizationId: org.id, name: "Pay", slug: "pay" },
    });
    const orgWide = await managementKey({ organizationId: org.id, label: "manager" });
    const limited = await managementKey({
      organizationId: org.id,
      label: "limited",
      systemLimits: [system.id],
    });
    const inSystem = await createKeyRow({ organizationId: org.id, systemId: system.id, label: "in-system" });
    const orgLevel = await createKeyRow({ organizationId: org.id, label: "org-level" });
    const foreign = await createOrgWithOwner("Restco Rival");
    const theirs = await createKeyRow({ organizationId: foreign.org.id, label: "theirs" });
    const keyIds = [inSystem.key.id, orgLevel.key.id, theirs.key.id];

    const dry = await call(bulkRoute.POST, "POST", "/api/v1/keys/bulk", {
      key: orgWide.secret,
      body: { action: "disable", keyIds, dryRun: true },
    });
    expect(dry.status).toBe(200);
    const preview = bulkKeysResponseSchema.parse(dry.json);
    expect(preview.changed.map((key) => key.label)).toEqual(["in-system", "org-level"]);
    expect(preview.skipped).toEqual([expect.objectContaining({ id: theirs.key.id, reason: "not_found" })]);
    expect(await states(keyIds)).toEqual({
      [inSystem.key.id]: "active",
      [orgLevel.key.id]: "active",
      [theirs.key.id]: "active",
    });

    const { result: answer, entries } = await withAudit(org.id, () =>
      call(bulkRoute.POST, "POST", "/api/v1/keys/bulk", {
        key: limited.secret,
        body: { action: "disable", keyIds },
      }),
    );
    expect(answer.status).toBe(200);
    const report = bulkKeysResponseSchema.parse(answer.json);
    expect(report.changed.map((key) => key.id)).toEqual([inSystem.key.id]);
    expect(report.skipped.map((skip) => [skip.id, skip.reason])).toEqual([
      [orgLevel.key.id, "permission"],
      [theirs.key.id, "not_found"],
    ]);
    expect(entries.map((entry) => [entry.action, entry.targetId, entry.actorType])).toEqual([
      ["key.disabled", inSystem.key.id, "key"],
    ]);
    expect((await states([theirs.key.id]))[theirs.key.id]).toBe("active");
  });

  it("refuses a malformed body with the JSON error shape", async () => {
    const { org } = await createOrgWithOwner("Badco");
    const manager = await managementKey({ organizationId: org.id });
    const answer = await call(bulkRoute.POST, "POST", "/api/v1/keys/bulk", {
      key: manager.secret,
      body: { action: "explode", keyIds: [] },
    });
    expect([400, 422]).toContain(answer.status);
    expect(answer.json).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  });
});
