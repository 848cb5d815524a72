import { beforeAll, describe, expect, it } from "vitest";
import {
  createKeyAction,
  deleteKeyAction,
  disableKeyAction,
  enableKeyAction,
  regenerateSecretAction,
  revokeKeyAction,
  rollKeyAction,
  updateKeyAction,
  viewSecretAction,
} from "@/lib/keys/actions";
import type { ActionResult } from "@/lib/actions/result";
import { getDb } from "@/lib/db";
import { DAY_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { signInAs } from "../support/fixtures";
import { actAs, createKeyAs, type Enrolled, lastAuditSeq, useKeysWorld } from "../support/key-lifecycle";
import { refused } from "../support/results";

useTestDatabase();

type Action = (code: string) => Promise<ActionResult<unknown>>;

describe("key action refusals", () => {
  const w = useKeysWorld("Acme");
  const other = useKeysWorld("Globex");
  let orgKey: { id: string; label: string };
  let systemKey: { id: string; label: string };

  beforeAll(async () => {
    orgKey = (await createKeyAs(w.admin, { organizationId: w.org.id, label: "org-key" })).key;
    systemKey = (
      await createKeyAs(w.admin, { organizationId: w.org.id, systemId: w.system.id, label: "system-key" })
    ).key;
  });

  /** Every key action against one key, each with a fresh code for the signed-in user. */
  function everyAction(key: { id: string; label: string }): [string, Action][] {
    return [
      ["update", () => updateKeyAction({ keyId: key.id, expectedVersion: 1, label: "hijacked" })],
      ["disable", () => disableKeyAction({ keyId: key.id, expectedVersion: 1 })],
      ["enable", () => enableKeyAction({ keyId: key.id, expectedVersion: 1 })],
      ["roll", (code) => rollKeyAction({ keyId: key.id, expectedVersion: 1, grace: "now", totpCode: code })],
      [
        "regenerate",
        (code) =>
          regenerateSecretAction({ keyId: key.id, slot: "primary", confirmLabel: key.label, totpCode: code }),
      ],
      ["revoke", (code) => revokeKeyAction({ keyId: key.id, confirmLabel: key.label, totpCode: code })],
      ["delete", (code) => deleteKeyAction({ keyId: key.id, totpCode: code })],
      ["view secret", (code) => viewSecretAction({ keyId: key.id, slot: "primary", totpCode: code })],
    ];
  }

  async function expectRefusedEverywhere(
    who: Enrolled,
    key: { id: string; label: string },
    code: "FORBIDDEN" | "NOT_FOUND",
  ) {
    const before = await getDb().apiKey.findUnique({ where: { id: key.id }, include: { secrets: true } });
    for (const [name, action] of everyAction(key)) {
      const result = await action(await actAs(who));
      expect([name, result]).toEqual([name, expect.objectContaining({ ok: false, code })]);
    }
    expect(await getDb().apiKey.findUnique({ where: { id: key.id }, include: { secrets: true } })).toEqual(
      before,
    );
  }

  type Refused = "auditor" | "member" | "systemAdmin" | "otherSystemAdmin";
  const who: Record<Refused, string> = {
    auditor: "an auditor",
    member: "a member",
    systemAdmin: "a system admin",
    otherSystemAdmin: "the admin of another system",
  };
  const refusedFor = (kind: string, roles: Refused[]): [string, string, Refused][] =>
    roles.map((role) => [who[role], kind, role]);
  it.each([
    ...refusedFor("an organization key", ["auditor", "member", "systemAdmin"]),
    ...refusedFor("a system key", ["auditor", "member", "otherSystemAdmin"]),
  ])("refuses %s every change to %s", async (_who, kind, role) => {
    await expectRefusedEverywhere(w[role], kind === "a system key" ? systemKey : orgKey, "FORBIDDEN");
  });

  it("hides keys of other organizations behind NOT_FOUND, for every action", async () => {
    await expectRefusedEverywhere(other.owner, orgKey, "NOT_FOUND");
    await expectRefusedEverywhere(other.owner, systemKey, "NOT_FOUND");
  });

  it.each([
    ["an auditor", "auditor", {}],
    ["a member", "member", {}],
    ["a system admin, for an organization key", "systemAdmin", {}],
    ["another system's admin", "otherSystemAdmin", { systemId: "system" }],
  ] as const)("refuses creation by %s", async (_who, role, patch) => {
    await signInAs(w[role].user);
    const systemId = "systemId" in patch ? w.system.id : null;
    const result = await createKeyAction({ organizationId: w.org.id, systemId, label: "nope" });
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("refuses creation in another organization, and foreign systems, limits and permissions as field errors", async () => {
    await signInAs(w.admin.user);
    expect(await createKeyAction({ organizationId: other.org.id, label: "x" })).toMatchObject(
      refused("NOT_FOUND"),
    );
    expect(
      await createKeyAction({ organizationId: w.org.id, systemId: other.system.id, label: "x" }),
    ).toMatchObject({ ok: false, code: "NOT_FOUND" });

    // Someone who administers both organizations still cannot mix their ids.
    const both = w.owner;
    await getDb().membership.create({
      data: { organizationId: other.org.id, userId: both.user.id, role: "admin" },
    });
    await signInAs(both.user);
    const seq = await lastAuditSeq(w.org.id);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ systemId: other.system.id }, "systemId", "Choose a system of this organization."],
      [
        { systemLimits: [w.system.id, other.system.id] },
        "systemLimits",
        "Choose systems of this organization.",
      ],
      [
        { permissions: ["nodes:add", "only:elsewhere"] },
        "permissions",
        "Not in this organization's catalog: only:elsewhere.",
      ],
      [
        { systemId: w.system.id, systemLimits: [w.otherSystem.id] },
        "systemLimits",
        "Only organization keys can be limited to systems.",
      ],
      [
        { systemId: w.system.id, permissions: ["keys:manage"] },
        "permissions",
        "keys:manage can only be given to organization keys.",
      ],
    ];
    await getDb().permission.create({ data: { organizationId: other.org.id, name: "only:elsewhere" } });
    for (const [patch, field, message] of cases) {
      const result = await createKeyAction({ organizationId: w.org.id, label: "mixed", ...patch });
      expect(result).toMatchObject(refused("VALIDATION_FAILED", { fieldErrors: { [field]: message } }));
    }
    const update = await updateKeyAction({
      keyId: orgKey.id,
      expectedVersion: 1,
      systemLimits: [other.system.id],
    });
    expect(update).toMatchObject(
      refused("VALIDATION_FAILED", { fieldErrors: { systemLimits: "Choose systems of this organization." } }),
    );
    const perms = await updateKeyAction({
      keyId: orgKey.id,
      expectedVersion: 1,
      permissions: ["only:elsewhere"],
    });
    expect(perms).toMatchObject(
      refused("VALIDATION_FAILED", {
        fieldErrors: { permissions: expect.stringContaining("only:elsewhere") },
      }),
    );
    expect(await lastAuditSeq(w.org.id)).toBe(seq);
    expect(await getDb().apiKey.count({ where: { label: "mixed" } })).toBe(0);
  });

  it.each([
    ["an empty label", { label: "" }, "label"],
    ["a label over 100 characters", { label: "x".repeat(101) }, "label"],
    ["an ESC sequence and a newline in the label (issue 12)", { label: "a\u001b[31m\nb" }, "label"],
    ["a right-to-left override in the description", { description: "a\u202eb" }, "description"],
    ["a description over 500 characters", { description: "x".repeat(501) }, "description"],
    ["a bad IP range", { allowedCidrs: "10.0.0.0/8\nnot-an-ip" }, "allowedCidrs"],
    ["an expiry beyond the policy's maximum", { expiry: "731" }, "expiry"],
    ["an expiry date in the past", { expiry: new Date(Date.now() - DAY_MS).toISOString() }, "expiry"],
    ["an expiry under the minimum", { expiry: new Date(Date.now() + DAY_MS / 2).toISOString() }, "expiry"],
    ["a custom secret the policy does not allow", { customSecret: "Zq7!mV2#rT9@wK4$pL8%" }, "customSecret"],
    ["a weak custom secret", { customSecret: "password" }, "customSecret"],
    ["mass assignment of state", { state: "revoked" }, "form"],
    ["mass assignment of the creator", { createdById: "someone" }, "form"],
  ])("refuses %s with a field error", async (_case, patch, field) => {
    await signInAs(w.admin.user);
    const result = await createKeyAction({ organizationId: w.org.id, label: "bad", ...patch });
    expect(result).toMatchObject(
      refused("VALIDATION_FAILED", { fieldErrors: { [field]: expect.any(String) } }),
    );
  });

  it("keeps edited expiry within the policy, counting the maximum from the key's creation", async () => {
    await signInAs(w.admin.user);
    const { key } = await createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "expiry-edit",
      expiry: "30",
    });
    const tooLate = await updateKeyAction({
      keyId: key.id,
      expectedVersion: 1,
      expiresAt: new Date(key.createdAt.getTime() + 731 * DAY_MS).toISOString(),
    });
    expect(tooLate).toMatchObject({
      ok: false,
      fieldErrors: { expiresAt: expect.stringContaining("730 days after the key was created") },
    });
    const tooSoon = await updateKeyAction({
      keyId: key.id,
      expectedVersion: 1,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(tooSoon).toMatchObject({
      ok: false,
      fieldErrors: { expiresAt: "Expiry must be at least 1 day from now." },
    });
    const fine = await updateKeyAction({
      keyId: key.id,
      expectedVersion: 1,
      expiresAt: new Date(key.createdAt.getTime() + 700 * DAY_MS).toISOString(),
      // A later expiry widens the key: the policy is checked first, then the code is needed.
      totpCode: await actAs(w.admin),
    });
    expect(fine).toMatchObject({ ok: true, data: { key: { version: 2 } } });
  });

  it("refuses roll and regenerate on an expired key, and a stale version", async () => {
    const { key } = await createKeyAs(w.admin, { organizationId: w.org.id, label: "expired" });
    await getDb().apiKey.update({
      where: { id: key.id },
      data: { expiresAt: new Date(Date.now() - DAY_MS) },
    });
    const roll = await rollKeyAction({
      keyId: key.id,
      expectedVersion: 1,
      grace: "1h",
      totpCode: await actAs(w.admin),
    });
    expect(roll).toMatchObject(refused("CONFLICT", { message: expect.stringContaining("has expired") }));
    const regen = await regenerateSecretAction({
      keyId: key.id,
      slot: "primary",
      confirmLabel: "expired",
      totpCode: await actAs(w.admin),
    });
    expect(regen).toMatchObject(refused("CONFLICT", { message: expect.stringContaining("has expired") }));
    const stale = await rollKeyAction({
      keyId: orgKey.id,
      expectedVersion: 99,
      grace: "1h",
      totpCode: await actAs(w.admin),
    });
    expect(stale).toMatchObject(
      refused("CONFLICT", { message: "This key was changed by someone else. Reload and try again." }),
    );
  });

  it("refuses revoke without the right label and delete of a key that is not revoked", async () => {
    const revoke = await revokeKeyAction({
      keyId: orgKey.id,
      confirmLabel: "org key",
      totpCode: await actAs(w.admin),
    });
    expect(revoke).toMatchObject(
      refused("VALIDATION_FAILED", { fieldErrors: { confirmLabel: "The label does not match." } }),
    );
    const del = await deleteKeyAction({ keyId: orgKey.id, totpCode: await actAs(w.admin) });
    expect(del).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await getDb().apiKey.findUnique({ where: { id: orgKey.id } }))?.state).toBe("active");
  });
});
