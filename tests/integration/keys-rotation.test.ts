import { expect, it } from "vitest";
import {
  deleteKeyAction,
  disableKeyAction,
  enableKeyAction,
  regenerateSecretAction,
  revokeKeyAction,
  rollKeyAction,
  updateKeyAction,
  viewSecretAction,
} from "@/lib/keys/actions";
import { getDb } from "@/lib/db";
import { hashSecret, secretHint } from "@/lib/keys/hash";
import type { rollKeySchema } from "@/lib/keys/schemas";
import type { z } from "zod";
import { DAY_MS, HOUR_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import * as lifecycle from "../support/key-lifecycle";
import { refused } from "../support/results";

// Rolling, regenerating, revoking and deleting keys: what happens to the secret rows, and that
// each change writes exactly one audit entry, never with a secret in it.

useTestDatabase();

lifecycle.describeKeyChanges("key lifecycle: roll, regenerate, revoke, delete", (w, needles) => {
  /** Rolls a key as the admin, with a fresh code. */
  const roll = async (
    keyId: string,
    expectedVersion: number,
    grace: z.input<typeof rollKeySchema>["grace"],
  ) => rollKeyAction({ keyId, expectedVersion, grace, totpCode: await lifecycle.actAs(w.admin) });

  it("rolls: the old primary keeps working until the grace end, one grace window at a time", async () => {
    const { key, secrets } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "rolling",
      withSecondary: true,
      expiry: "90",
    });
    const first = secrets.primary ?? "";
    const firstRoll = await lifecycle.withAudit(w.org.id, async () => roll(key.id, 1, "1h"));
    if (!firstRoll.result.ok) throw new Error(firstRoll.result.message);
    const second = firstRoll.result.data.secrets.primary ?? "";
    needles.push(first, second, ...lifecycle.secretNeedles(secrets.secondary));
    expect(second).not.toBe(first);
    let rows = await lifecycle.secretRows(key.id);
    const rolled = rows.find((r) => r.slot === "rolled");
    expect(rolled?.hash).toBe(hashSecret(first));
    expect(Math.abs((rolled?.graceEndsAt?.getTime() ?? 0) - (Date.now() + HOUR_MS))).toBeLessThan(60_000);
    expect(rows.find((r) => r.slot === "primary")?.hash).toBe(hashSecret(second));
    expect(rows.filter((r) => r.slot === "secondary")).toHaveLength(1);
    expect(firstRoll.entries).toHaveLength(1);
    expect(firstRoll.entries[0]).toMatchObject({
      action: "key.rolled",
      changes: { primarySecret: { before: secretHint(first), after: secretHint(second) } },
      metadata: { grace: "1h", endedEarlierRolledSecrets: 0, clampedToKeyExpiry: false },
    });

    const secondRoll = await roll(key.id, 2, "24h");
    if (!secondRoll.ok) throw new Error(secondRoll.message);
    rows = await lifecycle.secretRows(key.id);
    expect(rows.filter((r) => r.slot === "rolled").map((r) => r.hash)).toEqual([hashSecret(second)]);
    expect(rows.some((r) => r.hash === hashSecret(first))).toBe(false);

    const until = new Date(Date.now() + 3 * DAY_MS);
    const dated = await roll(key.id, 3, { until: until.toISOString() });
    expect(dated).toMatchObject({ ok: true });
    rows = await lifecycle.secretRows(key.id);
    expect(rows.find((r) => r.slot === "rolled")?.graceEndsAt).toEqual(until);

    const now = await roll(key.id, 4, "now");
    if (!now.ok) throw new Error(now.message);
    needles.push(now.data.secrets.primary ?? "");
    rows = await lifecycle.secretRows(key.id);
    expect(rows.map((r) => r.slot).sort()).toEqual(["primary", "secondary"]);
    expect(now.data.key.version).toBe(5);
  });

  it("clamps a preset grace to the key's expiry and refuses a date past it or in the past", async () => {
    const { key } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "short-lived",
      expiry: "2",
    });
    const past = await roll(key.id, 1, { until: new Date(Date.now() - HOUR_MS).toISOString() });
    expect(past).toMatchObject(
      refused("VALIDATION_FAILED", { fieldErrors: { grace: "Grace period end cannot be in the past." } }),
    );
    const late = await roll(key.id, 1, { until: new Date(Date.now() + 5 * DAY_MS).toISOString() });
    expect(late).toMatchObject(
      refused("VALIDATION_FAILED", {
        fieldErrors: { grace: "Grace period cannot end after the key expires." },
      }),
    );
    const clamped = await lifecycle.withAudit(w.org.id, async () => roll(key.id, 1, "7d"));
    expect(clamped.result.ok).toBe(true);
    const rolled = (await lifecycle.secretRows(key.id)).find((r) => r.slot === "rolled");
    expect(rolled?.graceEndsAt).toEqual(key.expiresAt);
    expect(clamped.entries.map((e) => e.metadata)).toEqual([
      expect.objectContaining({ clampedToKeyExpiry: true }),
    ]);
  });

  it("regenerates a slot at once, and adds a missing secondary", async () => {
    const { key, secrets } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "regen",
    });
    const wrong = await regenerateSecretAction({
      keyId: key.id,
      slot: "primary",
      confirmLabel: "Regen",
      totpCode: await lifecycle.actAs(w.admin),
    });
    expect(wrong).toMatchObject(
      refused("VALIDATION_FAILED", { fieldErrors: { confirmLabel: "The label does not match." } }),
    );

    const regen = await lifecycle.withAudit(w.org.id, async () =>
      regenerateSecretAction({
        keyId: key.id,
        slot: "primary",
        confirmLabel: " regen ",
        totpCode: await lifecycle.actAs(w.admin),
      }),
    );
    if (!regen.result.ok) throw new Error(regen.result.message);
    const fresh = regen.result.data.secrets.primary ?? "";
    needles.push(...lifecycle.secretNeedles(secrets.primary), ...lifecycle.secretNeedles(fresh));
    const rows = await lifecycle.secretRows(key.id);
    expect(rows.map((r) => [r.slot, r.hash])).toEqual([["primary", hashSecret(fresh)]]);
    expect(regen.entries.map((e) => [e.action, e.metadata])).toEqual([
      ["key.secret_regenerated", { slot: "primary", added: false }],
    ]);

    const added = await lifecycle.withAudit(w.org.id, async () =>
      regenerateSecretAction({
        keyId: key.id,
        slot: "secondary",
        confirmLabel: "regen",
        totpCode: await lifecycle.actAs(w.admin),
      }),
    );
    if (!added.result.ok) throw new Error(added.result.message);
    needles.push(...lifecycle.secretNeedles(added.result.data.secrets.secondary));
    expect(added.result.data.secrets).toEqual({ secondary: expect.stringMatching(/^kp_/) });
    expect(added.result.data.key).toMatchObject({ hasSecondary: true, version: 3 });
    expect(added.entries.map((e) => e.metadata)).toEqual([{ slot: "secondary", added: true }]);
  });

  it("revokes: secrets keep only their hashes, the key stays visible, and nothing else may change it", async () => {
    const { key } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "doomed",
      withSecondary: true,
    });
    await roll(key.id, 1, "7d");
    expect(await lifecycle.secretRows(key.id)).toHaveLength(3);
    const watch = lifecycle.watchKeyChanges();
    const revoked = await lifecycle.withAudit(w.org.id, async () =>
      revokeKeyAction({ keyId: key.id, confirmLabel: "doomed", totpCode: await lifecycle.actAs(w.admin) }),
    );
    watch.stop();
    expect(revoked.result).toMatchObject({
      ok: true,
      data: { key: { state: "revoked", status: "revoked", version: 3 } },
    });
    // The hashes stay so that data planes are told REVOKED; no secret can be shown again.
    const kept = await lifecycle.secretRows(key.id);
    expect(kept).toHaveLength(3);
    expect(kept.every((row) => row.valueEnc === null)).toBe(true);
    expect(revoked.entries.map((e) => [e.action, e.changes])).toEqual([
      ["key.revoked", { state: { before: "active", after: "revoked" } }],
    ]);
    expect(watch.ids).toEqual([key.id]);

    const refusals = await lifecycle.withAudit(w.org.id, async () => [
      await updateKeyAction({ keyId: key.id, expectedVersion: 3, label: "back" }),
      await enableKeyAction({ keyId: key.id, expectedVersion: 3 }),
      await disableKeyAction({ keyId: key.id, expectedVersion: 3 }),
      await roll(key.id, 3, "now"),
      await regenerateSecretAction({
        keyId: key.id,
        slot: "primary",
        confirmLabel: "doomed",
        totpCode: await lifecycle.actAs(w.admin),
      }),
      await revokeKeyAction({
        keyId: key.id,
        confirmLabel: "doomed",
        totpCode: await lifecycle.actAs(w.admin),
      }),
      await viewSecretAction({ keyId: key.id, slot: "primary", totpCode: await lifecycle.actAs(w.admin) }),
    ]);
    for (const result of refusals.result) expect(result).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(refusals.entries).toHaveLength(0);
    // The refused roll and regenerate added no secret.
    expect(await lifecycle.secretRows(key.id)).toEqual(kept);
  });

  it("deletes only revoked keys; their audit entries stay", async () => {
    const { key } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "to-delete",
      permissions: ["nodes:add"],
    });
    const early = await deleteKeyAction({ keyId: key.id, totpCode: await lifecycle.actAs(w.admin) });
    expect(early).toMatchObject(
      refused("CONFLICT", { message: "Only revoked keys can be deleted. Revoke the key first." }),
    );
    await revokeKeyAction({
      keyId: key.id,
      confirmLabel: "to-delete",
      totpCode: await lifecycle.actAs(w.admin),
    });
    const deleted = await lifecycle.withAudit(w.org.id, async () =>
      deleteKeyAction({ keyId: key.id, totpCode: await lifecycle.actAs(w.admin) }),
    );
    expect(deleted.result).toMatchObject({ ok: true, data: { id: key.id, systemId: null } });
    expect(deleted.entries.map((e) => [e.action, e.targetLabel])).toEqual([["key.deleted", "to-delete"]]);
    expect(await getDb().apiKey.findUnique({ where: { id: key.id } })).toBeNull();
    expect(await getDb().keyPermission.count({ where: { keyId: key.id } })).toBe(0);
    const history = await getDb().auditEntry.findMany({
      where: { targetId: key.id },
      orderBy: { seq: "asc" },
    });
    expect(history.map((e) => e.action)).toEqual(["key.created", "key.revoked", "key.deleted"]);
    expect(await deleteKeyAction({ keyId: key.id, totpCode: await lifecycle.actAs(w.admin) })).toMatchObject(
      refused("NOT_FOUND"),
    );
  });
});
