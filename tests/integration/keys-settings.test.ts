import { describe, expect, it } from "vitest";
import {
  addPermissionAction,
  removePermissionAction,
  updateKeyPolicyAction,
  updatePermissionDescriptionAction,
} from "@/lib/orgs/actions";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { freshTotpCode, signInAs } from "../support/fixtures";
import { createKeyAs, useKeysWorld, withAudit } from "../support/key-lifecycle";

useTestDatabase();

describe("organization settings: key policy and permission catalog", () => {
  const w = useKeysWorld("Acme");
  const other = useKeysWorld("Globex");
  const policy = (patch: Record<string, unknown> = {}) => ({
    organizationId: w.org.id,
    defaultLifetimeDays: "365",
    minLifetimeDays: "1",
    maxLifetimeDays: "730",
    allowCustomSecrets: false,
    retrievableSecrets: false,
    ...patch,
  });

  /** A policy change carries the owner's authenticator code (a fresh step-up). */
  async function updatePolicy(values: Record<string, unknown>) {
    return updateKeyPolicyAction({ ...values, totpCode: await freshTotpCode(w.owner.user, w.owner.totp) });
  }

  it("lets the owner change the policy, auditing the difference", async () => {
    await signInAs(w.owner.user);
    const { result, entries } = await withAudit(w.org.id, () =>
      updatePolicy(policy({ defaultLifetimeDays: "90", maxLifetimeDays: "180", allowCustomSecrets: true })),
    );
    expect(result).toMatchObject({
      ok: true,
      data: { policy: { defaultLifetimeDays: 90, maxLifetimeDays: 180, allowCustomSecrets: true } },
    });
    expect(entries.map((e) => [e.action, e.changes])).toEqual([
      [
        "policy.updated",
        {
          defaultLifetimeDays: { before: 365, after: 90 },
          maxLifetimeDays: { before: 730, after: 180 },
          allowCustomSecrets: { before: false, after: true },
        },
      ],
    ]);
    const same = await withAudit(w.org.id, () =>
      updatePolicy(policy({ defaultLifetimeDays: "90", maxLifetimeDays: "180", allowCustomSecrets: true })),
    );
    expect(same.entries).toHaveLength(0);
  });

  it("keeps expiry warnings in the policy: text in, days out, largest first, audited", async () => {
    await signInAs(w.owner.user);
    const { result, entries } = await withAudit(w.org.id, () =>
      updatePolicy(
        policy({
          defaultLifetimeDays: "90",
          maxLifetimeDays: "180",
          allowCustomSecrets: true,
          expiryWarningDays: "3, 30 ,10",
        }),
      ),
    );
    expect(result).toMatchObject({ ok: true, data: { policy: { expiryWarningDays: [30, 10, 3] } } });
    expect(entries.map((e) => e.changes)).toEqual([
      { expiryWarningDays: { before: [14, 7, 1], after: [30, 10, 3] } },
    ]);
    // Omitted: unchanged.
    const omitted = await updatePolicy(
      policy({ defaultLifetimeDays: "90", maxLifetimeDays: "180", allowCustomSecrets: true }),
    );
    expect(omitted).toMatchObject({ ok: true, data: { policy: { expiryWarningDays: [30, 10, 3] } } });
    const message = "List up to 5 whole numbers of days from 1 to 365, like 14, 7, 1.";
    for (const bad of ["", "0", "7, soon", "400", "1,2,3,4,5,6", "1.5"]) {
      expect(await updatePolicy(policy({ expiryWarningDays: bad })), bad).toMatchObject({
        ok: false,
        fieldErrors: { expiryWarningDays: message },
      });
    }
    await updatePolicy(
      policy({
        defaultLifetimeDays: "90",
        maxLifetimeDays: "180",
        allowCustomSecrets: true,
        expiryWarningDays: "14,7,1",
      }),
    );
  });

  it("refuses inconsistent bounds field by field, and non-owners", async () => {
    await signInAs(w.owner.user);
    const bad = await updatePolicy(
      policy({ minLifetimeDays: "400", maxLifetimeDays: "300", defaultLifetimeDays: "500" }),
    );
    expect(bad).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: {
        minLifetimeDays: "Minimum lifetime cannot be more than the maximum lifetime.",
        defaultLifetimeDays: "Default lifetime must be between the minimum and maximum lifetime.",
      },
    });
    expect(await updatePolicy(policy({ maxLifetimeDays: "ten" }))).toMatchObject({
      ok: false,
      fieldErrors: { maxLifetimeDays: "Maximum lifetime must be a whole number of days." },
    });
    await signInAs(w.admin.user);
    expect(await updatePolicy(policy())).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await signInAs(other.owner.user);
    expect(await updatePolicy(policy())).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("erases stored ciphertexts when retrievable secrets are turned off", async () => {
    await signInAs(w.owner.user);
    await updatePolicy(policy({ retrievableSecrets: true }));
    await createKeyAs(w.admin, { organizationId: w.org.id, label: "retrievable", withSecondary: true });
    expect(
      await getDb().keySecret.count({ where: { organizationId: w.org.id, valueEnc: { not: null } } }),
    ).toBe(2);
    await signInAs(w.owner.user);
    const { entries } = await withAudit(w.org.id, () => updatePolicy(policy({ retrievableSecrets: false })));
    expect(
      await getDb().keySecret.count({ where: { organizationId: w.org.id, valueEnc: { not: null } } }),
    ).toBe(0);
    expect(entries[0]?.metadata).toEqual({ storedSecretsErased: 2 });
  });

  it.each([
    ["too short", "ab", "at least 3"],
    ["one segment", "deploy", "separated by colons"],
    ["upper case", "Catalog:Register", "separated by colons"],
    ["spaces", "catalog: register", "separated by colons"],
    ["a trailing colon", "catalog:", "separated by colons"],
    ["too long", `a:${"b".repeat(63)}`, "at most 64"],
  ])("refuses a permission name that is %s", async (_case, name, message) => {
    await signInAs(w.owner.user);
    const result = await addPermissionAction({ organizationId: w.org.id, name });
    expect(result).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
      fieldErrors: { name: expect.stringContaining(message) },
    });
  });

  it("adds, describes and removes a permission, each audited once", async () => {
    await signInAs(w.owner.user);
    const added = await withAudit(w.org.id, () =>
      addPermissionAction({ organizationId: w.org.id, name: "deploy:trigger", description: "Start deploys" }),
    );
    if (!added.result.ok) throw new Error(added.result.message);
    expect(added.entries.map((e) => e.action)).toEqual(["permission.added"]);
    expect(await addPermissionAction({ organizationId: w.org.id, name: "deploy:trigger" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      fieldErrors: { name: "A permission named “deploy:trigger” already exists." },
    });
    const id = added.result.data.id;
    const described = await withAudit(w.org.id, () =>
      updatePermissionDescriptionAction({
        organizationId: w.org.id,
        permissionId: id,
        description: "Trigger deploys",
      }),
    );
    expect(described.entries.map((e) => [e.action, e.changes])).toEqual([
      ["permission.updated", { description: { before: "Start deploys", after: "Trigger deploys" } }],
    ]);
    const removed = await withAudit(w.org.id, () =>
      removePermissionAction({ organizationId: w.org.id, permissionId: id }),
    );
    expect(removed.result).toEqual({ ok: true, data: { id } });
    expect(removed.entries.map((e) => e.action)).toEqual(["permission.removed"]);
  });

  it("refuses to remove the built-in permission, one in use (naming up to 5 keys), or another organization's", async () => {
    await signInAs(w.owner.user);
    const builtIn = await getDb().permission.findFirstOrThrow({
      where: { organizationId: w.org.id, name: "keys:manage" },
    });
    expect(
      await removePermissionAction({ organizationId: w.org.id, permissionId: builtIn.id }),
    ).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "keys:manage is built in and cannot be removed.",
    });

    for (const label of ["k1", "k2", "k3", "k4", "k5", "k6", "k7"]) {
      await createKeyAs(w.admin, { organizationId: w.org.id, label, permissions: ["metrics:read"] });
    }
    const metrics = await getDb().permission.findFirstOrThrow({
      where: { organizationId: w.org.id, name: "metrics:read" },
    });
    await signInAs(w.owner.user);
    expect(
      await removePermissionAction({ organizationId: w.org.id, permissionId: metrics.id }),
    ).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message:
        "“metrics:read” is held by 7 keys: “k1”, “k2”, “k3”, “k4”, “k5” and 2 more. Remove it from those keys first.",
    });

    const foreign = await getDb().permission.findFirstOrThrow({
      where: { organizationId: other.org.id, name: "nodes:add" },
    });
    expect(
      await removePermissionAction({ organizationId: w.org.id, permissionId: foreign.id }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(
      await updatePermissionDescriptionAction({
        organizationId: w.org.id,
        permissionId: foreign.id,
        description: "x",
      }),
    ).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    await signInAs(w.admin.user);
    expect(await addPermissionAction({ organizationId: w.org.id, name: "admin:tries" })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
  });

  it("detaches a permission from revoked keys when removing it", async () => {
    const { key } = await createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "old",
      permissions: ["catalog:register"],
    });
    await getDb().apiKey.update({ where: { id: key.id }, data: { state: "revoked" } });
    const permission = await getDb().permission.findFirstOrThrow({
      where: { organizationId: w.org.id, name: "catalog:register" },
    });
    await signInAs(w.owner.user);
    const { result, entries } = await withAudit(w.org.id, () =>
      removePermissionAction({ organizationId: w.org.id, permissionId: permission.id }),
    );
    expect(result.ok).toBe(true);
    expect(entries[0]?.metadata).toEqual({ detachedFromRevokedKeys: 1 });
    expect(await getDb().keyPermission.count({ where: { keyId: key.id } })).toBe(0);
  });
});
