import { describe, expect, it } from "vitest";
import { createSystemAction } from "@/lib/systems/actions";
import type { Ctx } from "@/lib/context";
import { getDb } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { isGeneratedSecret } from "@/lib/keys/format";
import { hashSecret } from "@/lib/keys/hash";
import { createSystemWithKeySchema, type CreateSystemWithKeyInput } from "@/lib/systems/schemas";
import { createSystemWithKey } from "@/lib/systems/create-with-key";
import { useTestDatabase } from "../support/db";
import { signInAs } from "../support/fixtures";
import {
  actAs,
  expectAuditFreeOf,
  lastAuditSeq,
  secretNeedles,
  useKeysWorld,
  watchKeyChanges,
  withAudit,
} from "../support/key-lifecycle";

// "Generated with a system": the create-system form can also make the system's first key. Both
// are written in one transaction, each with its audit entry; a failure in either leaves neither.

useTestDatabase();

const DAY = 86_400_000;

describe("creating a system with its first key", () => {
  const w = useKeysWorld("Acme");

  const input = (overrides: Partial<CreateSystemWithKeyInput> = {}): CreateSystemWithKeyInput => ({
    organizationId: w.org.id,
    name: "Edge Gateway",
    description: "Ingress for the EU",
    withKey: true,
    keyLabel: "edge-gateway-dataplane",
    keyPermissions: ["nodes:add"],
    keyExpiry: "",
    ...overrides,
  });

  async function nothingNamed(systemName: string, keyLabel: string) {
    const db = getDb();
    expect(await db.system.count({ where: { organizationId: w.org.id, name: systemName } })).toBe(0);
    expect(await db.apiKey.count({ where: { organizationId: w.org.id, label: keyLabel } })).toBe(0);
  }

  it("creates the system and a system key in one go, auditing both, and returns the secret once", async () => {
    await signInAs(w.admin.user);
    const watch = watchKeyChanges();
    const { result, entries } = await withAudit(w.org.id, () => createSystemAction(input()));
    watch.stop();
    if (!result.ok) throw new Error(`refused: ${result.message}`);
    const { firstKey, ...system } = result.data;
    expect(system).toMatchObject({
      name: "Edge Gateway",
      slug: "edge-gateway",
      description: "Ingress for the EU",
    });
    expect(firstKey?.key).toMatchObject({
      label: "edge-gateway-dataplane",
      systemId: system.id,
      system: { id: system.id, name: "Edge Gateway" },
      permissions: ["nodes:add"],
      systemLimits: [],
      state: "active",
      hasSecondary: false,
    });
    const secret = firstKey?.secrets.primary ?? "";
    expect(isGeneratedSecret(secret)).toBe(true);
    expect(firstKey?.secrets.secondary).toBeUndefined();
    // The organization's default lifetime (365 days).
    const lifetime = (firstKey?.key.expiresAt.getTime() ?? 0) - Date.now();
    expect(Math.round(lifetime / DAY)).toBe(365);

    const stored = await getDb().keySecret.findFirstOrThrow({ where: { keyId: firstKey?.key.id } });
    expect(stored.hash).toBe(hashSecret(secret));
    expect(entries.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ["system.created", "system", system.id],
      ["key.created", "key", firstKey?.key.id],
    ]);
    expect(entries[1]?.metadata).toMatchObject({ scope: { type: "system", id: system.id } });
    expect(new Set(entries.map((e) => e.actorId))).toEqual(new Set([w.admin.user.id]));
    expect(watch.ids).toEqual([firstKey?.key.id]);
    await expectAuditFreeOf(secretNeedles(secret));
  });

  it("takes a lifetime within the policy", async () => {
    await signInAs(w.owner.user);
    const result = await createSystemAction(
      input({ name: "Batch", keyLabel: "batch-dataplane", keyPermissions: [], keyExpiry: "30" }),
    );
    if (!result.ok) throw new Error(`refused: ${result.message}`);
    const lifetime = (result.data.firstKey?.key.expiresAt.getTime() ?? 0) - Date.now();
    expect(Math.round(lifetime / DAY)).toBe(30);
    expect(result.data.firstKey?.key.permissions).toEqual([]);
  });

  it("creates only the system when the key is not wanted (and by default)", async () => {
    await signInAs(w.owner.user);
    const { result, entries } = await withAudit(w.org.id, () =>
      createSystemAction({ organizationId: w.org.id, name: "Plain", description: "" }),
    );
    expect(result).toMatchObject({ ok: true, data: { name: "Plain", firstKey: null } });
    expect(entries.map((e) => e.action)).toEqual(["system.created"]);
    const off = await createSystemAction(input({ name: "Plain 2", withKey: false, keyLabel: "" }));
    expect(off).toMatchObject({ ok: true, data: { name: "Plain 2", firstKey: null } });
  });

  // Each failure: where it is reported, and that nothing at all was written.
  const failures: [string, () => CreateSystemWithKeyInput, string, string, RegExp][] = [
    [
      "a permission that is not in the catalog",
      () =>
        input({
          name: "Failing One",
          keyLabel: "failing-one-key",
          keyPermissions: ["nodes:add", "nope:nothing"],
        }),
      "VALIDATION_FAILED",
      "keyPermissions",
      /Not in this organization's catalog: nope:nothing/,
    ],
    [
      "an organization-only permission on a system key",
      () => input({ name: "Failing Two", keyLabel: "failing-two-key", keyPermissions: ["keys:manage"] }),
      "VALIDATION_FAILED",
      "keyPermissions",
      /only be given to organization keys/,
    ],
    [
      "an expiry past the policy's maximum",
      () => input({ name: "Failing Three", keyLabel: "failing-three-key", keyExpiry: "3650" }),
      "VALIDATION_FAILED",
      "keyExpiry",
      /./,
    ],
    [
      "a system name that is taken (any case)",
      () => input({ name: "edge gateway", keyLabel: "failing-four-key" }),
      "CONFLICT",
      "name",
      /already exists/,
    ],
    [
      "a missing key label",
      () => input({ name: "Failing Five", keyLabel: "  " }),
      "VALIDATION_FAILED",
      "keyLabel",
      /Enter a label/,
    ],
  ];

  it.each(failures)(
    "refuses %s and leaves neither system nor key nor audit entry",
    async (_name, make, code, field, message) => {
      await signInAs(w.admin.user);
      const attempt = make();
      const before = await lastAuditSeq(w.org.id);
      const systemsBefore = await getDb().system.count({ where: { organizationId: w.org.id } });
      const keysBefore = await getDb().apiKey.count({ where: { organizationId: w.org.id } });
      const result = await createSystemAction(attempt);
      expect(result).toMatchObject({
        ok: false,
        code,
        fieldErrors: { [field]: expect.stringMatching(message) },
      });
      expect(await lastAuditSeq(w.org.id)).toBe(before);
      expect(await getDb().system.count({ where: { organizationId: w.org.id } })).toBe(systemsBefore);
      expect(await getDb().apiKey.count({ where: { organizationId: w.org.id } })).toBe(keysBefore);
      if (attempt.name !== "edge gateway") await nothingNamed(attempt.name ?? "", attempt.keyLabel ?? "");
    },
  );

  it("rolls back the system when the key fails inside the core's transaction", async () => {
    const ctx: Ctx = {
      actor: { type: "user", id: w.owner.user.id, label: w.owner.user.email },
      organizationId: w.org.id,
      meta: { ip: "203.0.113.7", userAgent: "vitest" },
    };
    const parsed = createSystemWithKeySchema.parse(
      input({ name: "Core Rollback", keyLabel: "core-rollback-key", keyPermissions: ["missing:perm"] }),
    );
    const before = await lastAuditSeq(w.org.id);
    const failure = await transact((tx) => createSystemWithKey(ctx, parsed, tx)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).fieldErrors).toEqual({
      keyPermissions: expect.stringContaining("missing:perm"),
    });
    expect(await lastAuditSeq(w.org.id)).toBe(before);
    await nothingNamed("Core Rollback", "core-rollback-key");
  });

  it.each(["auditor", "member", "systemAdmin"] as const)("refuses a %s, writing neither", async (who) => {
    await actAs(w[who]);
    const result = await createSystemAction(input({ name: `By ${who}`, keyLabel: `by-${who}` }));
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await nothingNamed(`By ${who}`, `by-${who}`);
  });
});
