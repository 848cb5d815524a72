import { expect, it } from "vitest";
import { disableKeyAction, enableKeyAction, updateKeyAction, viewSecretAction } from "@/lib/keys/actions";
import { DecryptError } from "@/lib/crypto/aes";
import { getDb } from "@/lib/db";
import { isGeneratedSecret } from "@/lib/keys/format";
import { hashSecret, secretHint } from "@/lib/keys/hash";
import { revealSecret } from "@/lib/keys/secrets";
import { DAY_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import * as lifecycle from "../support/key-lifecycle";

// Creating, editing, disabling and enabling keys (rolling, regenerating, revoking and deleting:
// keys-rotation.test.ts). Each change writes exactly one audit entry, never with a secret in it.

useTestDatabase();

lifecycle.describeKeyChanges("key lifecycle: create, edit, disable, enable", (w, needles) => {
  it("creates an organization key: one secret shown once, only its hash and hint stored, one audit entry", async () => {
    const watch = lifecycle.watchKeyChanges();
    const { result, entries } = await lifecycle.withAudit(w.org.id, () =>
      lifecycle.createKeyAs(w.admin, {
        organizationId: w.org.id,
        label: "ci-runner",
        description: "Runs the pipeline",
        permissions: ["nodes:add", "catalog:register"],
        allowedCidrs: "10.1.2.3/8\n2001:DB8::/32",
        expiry: "30",
        systemLimits: [w.system.id],
      }),
    );
    watch.stop();
    const secret = result.secrets.primary ?? "";
    needles.push(...lifecycle.secretNeedles(secret));
    expect(isGeneratedSecret(secret)).toBe(true);
    expect(result.secrets.secondary).toBeUndefined();
    expect(result.key).toMatchObject({
      label: "ci-runner",
      systemId: null,
      state: "active",
      status: "active",
      version: 1,
      permissions: ["catalog:register", "nodes:add"],
      allowedCidrs: ["10.0.0.0/8", "2001:db8::/32"],
      systemLimits: [{ id: w.system.id, name: w.system.name }],
      createdBy: { type: "user", id: w.admin.user.id },
      hasSecondary: false,
      secrets: [{ slot: "primary", hint: secretHint(secret), retrievable: false, graceEndsAt: null }],
    });
    expect(Math.abs(result.key.expiresAt.getTime() - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect(JSON.stringify(result.key)).not.toContain(hashSecret(secret));

    const rows = await lifecycle.secretRows(result.key.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      slot: "primary",
      hash: hashSecret(secret),
      hint: secretHint(secret),
      valueEnc: null,
    });

    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "key.created",
      targetType: "key",
      targetId: result.key.id,
      targetLabel: "ci-runner",
      actorId: w.admin.user.id,
    });
    expect(entries[0]?.changes).toMatchObject({
      label: { before: null, after: "ci-runner" },
      systemLimits: { before: null, after: [w.system.name] },
    });
    expect(watch.ids).toEqual([result.key.id]);
  });

  it("creates a system key with a secondary secret as that system's admin", async () => {
    const { secrets, key } = await lifecycle.createKeyAs(w.systemAdmin, {
      organizationId: w.org.id,
      systemId: w.system.id,
      label: "payments-gateway",
      withSecondary: true,
    });
    needles.push(...lifecycle.secretNeedles(secrets.primary), ...lifecycle.secretNeedles(secrets.secondary));
    expect(key).toMatchObject({ systemId: w.system.id, system: { name: w.system.name }, hasSecondary: true });
    expect(secrets.primary).not.toEqual(secrets.secondary);
    expect((await lifecycle.secretRows(key.id)).map((s) => s.slot).sort()).toEqual(["primary", "secondary"]);
  });

  it("takes a custom secret and keeps retrievable secrets encrypted, bound to key and slot", async () => {
    await getDb().keyPolicy.update({
      where: { organizationId: w.org.id },
      data: { allowCustomSecrets: true, retrievableSecrets: true },
    });
    const custom = "Zq7!mV2#rT9@wK4$pL8%";
    const { key, secrets } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "custom",
      customSecret: custom,
      withSecondary: true,
    });
    needles.push(custom, hashSecret(custom), ...lifecycle.secretNeedles(secrets.secondary));
    expect(secrets.primary).toBe(custom);
    const rows = await lifecycle.secretRows(key.id);
    const primary = rows.find((r) => r.slot === "primary");
    expect(primary?.hint).toBe("…pL8%");
    expect(primary?.valueEnc).not.toContain(custom);
    expect(revealSecret(key.id, "primary", primary?.valueEnc ?? "")).toBe(custom);
    expect(() => revealSecret(key.id, "secondary", primary?.valueEnc ?? "")).toThrow(DecryptError);

    const code = await lifecycle.actAs(w.admin);
    needles.push(code);
    const { result: viewed, entries } = await lifecycle.withAudit(w.org.id, () =>
      viewSecretAction({ keyId: key.id, slot: "primary", totpCode: code }),
    );
    expect(viewed).toMatchObject({ ok: true, data: { secrets: { primary: custom }, key: { version: 1 } } });
    expect(entries.map((e) => [e.action, e.metadata])).toEqual([
      ["key.secret_viewed", { slot: "primary", hint: "…pL8%" }],
    ]);
    await getDb().keyPolicy.update({
      where: { organizationId: w.org.id },
      data: { allowCustomSecrets: false, retrievableSecrets: false },
    });
  });

  it("edits label, description, permissions, IP ranges, expiry and limits, auditing before and after", async () => {
    const { key } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "edit-me",
      permissions: ["nodes:add"],
      expiry: "10",
    });
    // Adding a permission, limiting to IP ranges and extending the expiry: the widening parts need a code.
    const code = await lifecycle.actAs(w.admin);
    const newExpiry = new Date(Date.now() + 60 * DAY_MS);
    const { result, entries } = await lifecycle.withAudit(w.org.id, () =>
      updateKeyAction({
        keyId: key.id,
        expectedVersion: key.version,
        label: "edited",
        description: "now with a description",
        permissions: ["metrics:read"],
        allowedCidrs: "192.168.0.0/16",
        expiresAt: newExpiry.toISOString(),
        systemLimits: [w.otherSystem.id],
        totpCode: code,
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      data: {
        key: {
          label: "edited",
          version: 2,
          permissions: ["metrics:read"],
          allowedCidrs: ["192.168.0.0/16"],
          expiresAt: newExpiry,
        },
      },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "key.updated", targetLabel: "edited" });
    expect(entries[0]?.changes).toEqual({
      label: { before: "edit-me", after: "edited" },
      description: { before: "", after: "now with a description" },
      permissions: { before: ["nodes:add"], after: ["metrics:read"] },
      allowedCidrs: { before: [], after: ["192.168.0.0/16"] },
      expiresAt: { before: key.expiresAt.toISOString(), after: newExpiry.toISOString() },
      systemLimits: { before: [], after: [w.otherSystem.name] },
    });

    const stale = await lifecycle.withAudit(w.org.id, () =>
      updateKeyAction({ keyId: key.id, expectedVersion: 1, label: "lost update" }),
    );
    expect(stale.result).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "This key was changed by someone else. Reload and try again.",
    });
    expect(stale.entries).toHaveLength(0);

    const same = await lifecycle.withAudit(w.org.id, () =>
      updateKeyAction({ keyId: key.id, expectedVersion: 2, label: "edited" }),
    );
    expect(same.result).toMatchObject({ ok: true, data: { key: { version: 2 } } });
    expect(same.entries).toHaveLength(0);
  });

  it("disables and enables a key without touching its secrets", async () => {
    const { key } = await lifecycle.createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "toggle",
      withSecondary: true,
    });
    const before = await lifecycle.secretRows(key.id);
    const disabled = await lifecycle.withAudit(w.org.id, () =>
      disableKeyAction({ keyId: key.id, expectedVersion: 1 }),
    );
    expect(disabled.result).toMatchObject({
      ok: true,
      data: { key: { state: "disabled", status: "disabled", version: 2 } },
    });
    expect(disabled.entries.map((e) => [e.action, e.changes])).toEqual([
      ["key.disabled", { state: { before: "active", after: "disabled" } }],
    ]);
    expect(await disableKeyAction({ keyId: key.id, expectedVersion: 2 })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "This key is already disabled.",
    });
    const enabled = await lifecycle.withAudit(w.org.id, () =>
      enableKeyAction({ keyId: key.id, expectedVersion: 2 }),
    );
    expect(enabled.result).toMatchObject({
      ok: true,
      data: { key: { state: "active", disabledAt: null, version: 3 } },
    });
    expect(enabled.entries.map((e) => e.action)).toEqual(["key.enabled"]);
    expect(await lifecycle.secretRows(key.id)).toEqual(before);
  });
});
