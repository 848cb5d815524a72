import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  beginTotpEnrolmentAction,
  confirmTotpEnrolmentAction,
  removeTotpAction,
} from "@/lib/auth/account-actions";
import { createKeyAction, rollKeyAction, updateKeyAction } from "@/lib/keys/actions";
import { changeMemberRoleAction } from "@/lib/members/actions";
import { updateKeyPolicyAction } from "@/lib/orgs/actions";
import { hashPassword } from "@/lib/auth/password";
import { currentTotpCode } from "@/lib/auth/totp";
import { getDb } from "@/lib/db";
import { latestAudit, managementKey, stopVerifyRuntime } from "../support/api";
import { startApiServer } from "../support/api-server";
import { useTestDatabase } from "../support/db";
import { addMember, freshTotpCode, signInAs } from "../support/fixtures";
import { createKeyRow } from "../support/keys";
import { actAs, createKeyAs, createKeysWorld, type KeysWorld } from "../support/key-lifecycle";

// "One factor, every path": a session alone never yields a working secret of an existing key,
// never destroys one, and never mints or widens a credential that can. Each test below performs
// an attack that worked before the rule was enforced (issue 12, failures 1 and 2) and expects it
// refused; the REST part runs through a real node:http server in front of the route handlers.

useTestDatabase();

const NEXT_STEP = 30_000;
let api: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  api = await startApiServer();
});

afterAll(async () => {
  await api.close();
  await stopVerifyRuntime();
});

async function rest(secret: string | undefined, method: string, path: string, body?: unknown) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${secret ?? ""}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** What a management key gets away with against someone else's key: the answers, in order. */
async function useAgainst(secret: string | undefined, keyId: string) {
  const path = `/api/v1/keys/${keyId}`;
  return {
    roll: (await rest(secret, "POST", `${path}/roll`, { grace: "7d" })).status,
    regenerate: (await rest(secret, "POST", `${path}/regenerate`, { slot: "primary" })).status,
    revoke: (await rest(secret, "POST", `${path}/revoke`, {})).status,
    delete: (await rest(secret, "DELETE", path)).status,
  };
}

describe("attack 1: a session alone mints a management key and takes over every key (issue 12, high)", () => {
  let w: KeysWorld;

  beforeAll(async () => {
    w = await createKeysWorld("Acme");
  });

  /** A key of the owner's that the attacker goes after (each attack spends one). */
  async function victim(): Promise<string> {
    const { key } = await createKeyRow({ organizationId: w.org.id, permissions: ["nodes:add"] });
    return key.id;
  }

  it("refuses to create a key holding keys:manage without a fresh code", async () => {
    await signInAs(w.admin.user);
    const created = await createKeyAction({
      organizationId: w.org.id,
      label: "backdoor",
      permissions: ["keys:manage"],
    });
    const stolen = created.ok ? await useAgainst(created.data.secrets.primary, await victim()) : null;
    expect(stolen, "the key minted with a session alone worked on the owner's key").toBeNull();
    expect(created).toMatchObject({
      ok: false,
      code: "STEP_UP_REQUIRED",
      fieldErrors: { totpCode: expect.any(String) },
    });
    expect(await getDb().apiKey.count({ where: { label: "backdoor" } })).toBe(0);
  });

  it("refuses to grant keys:manage through an edit without a fresh code", async () => {
    const plain = await createKeyAs(w.admin, { organizationId: w.org.id, label: "plain" });
    await signInAs(w.admin.user);
    const edited = await updateKeyAction({
      keyId: plain.key.id,
      expectedVersion: plain.key.version,
      permissions: ["keys:manage"],
    });
    const stolen = edited.ok ? await useAgainst(plain.secrets.primary, await victim()) : null;
    expect(stolen, "the key widened with a session alone worked on the owner's key").toBeNull();
    expect(edited).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    expect((await getDb().apiKey.findUnique({ where: { id: plain.key.id } }))?.version).toBe(
      plain.key.version,
    );
  });

  it("creates a management key when the admin gives a current code", async () => {
    const code = await actAs(w.admin);
    const created = await createKeyAction({
      organizationId: w.org.id,
      label: "approved-manager",
      permissions: ["keys:manage"],
      totpCode: code,
    });
    expect(created).toMatchObject({ ok: true, data: { key: { permissions: ["keys:manage"] } } });
  });
});

describe("attack 1, REST side: a management key cannot mint or widen a management key", () => {
  let w: KeysWorld;
  let manager: { id: string; secret: string };

  beforeAll(async () => {
    w = await createKeysWorld("Initech");
    manager = await managementKey({
      organizationId: w.org.id,
      label: "ci-manager",
      allowedCidrs: ["127.0.0.0/8"],
    });
  });

  it("refuses POST /keys with keys:manage (403), and creates nothing", async () => {
    const answer = await rest(manager.secret, "POST", "/api/v1/keys", {
      label: "second-manager",
      permissions: ["keys:manage"],
      allowedCidrs: ["127.0.0.1/32"],
    });
    expect(answer.status).toBe(403);
    expect(await getDb().apiKey.count({ where: { label: "second-manager" } })).toBe(0);
    const [denied] = await latestAudit(w.org.id);
    expect(denied).toMatchObject({
      action: "authorization.denied",
      actorId: manager.id,
      targetLabel: "api.createKey",
      metadata: { reason: "grants_keys_manage" },
    });
  });

  it("refuses PATCH /keys/{id} adding keys:manage (403), and changes nothing", async () => {
    const { key } = await createKeyRow({
      organizationId: w.org.id,
      label: "data-plane",
      allowedCidrs: ["127.0.0.1/32"],
    });
    const answer = await rest(manager.secret, "PATCH", `/api/v1/keys/${key.id}`, {
      permissions: ["keys:manage"],
    });
    expect(answer.status).toBe(403);
    expect((await getDb().apiKey.findUnique({ where: { id: key.id } }))?.version).toBe(key.version);
  });

  it("refuses a key usable from more addresses than the caller itself (403)", async () => {
    const unlimited = await rest(manager.secret, "POST", "/api/v1/keys", { label: "anywhere" });
    expect(unlimited.status).toBe(403);
    const outside = await rest(manager.secret, "POST", "/api/v1/keys", {
      label: "elsewhere",
      allowedCidrs: ["198.51.100.0/24"],
    });
    expect(outside.status).toBe(403);
    const { key } = await createKeyRow({
      organizationId: w.org.id,
      label: "narrow",
      allowedCidrs: ["127.0.0.1/32"],
    });
    const widened = await rest(manager.secret, "PATCH", `/api/v1/keys/${key.id}`, { allowedCidrs: [] });
    expect(widened.status).toBe(403);
    const inside = await rest(manager.secret, "POST", "/api/v1/keys", {
      label: "inside",
      permissions: ["nodes:add"],
      allowedCidrs: ["127.0.0.1/32"],
    });
    expect(inside.status).toBe(201);
  });

  it("still rolls and revokes other keys: that is what keys:manage is for", async () => {
    const { key } = await createKeyRow({
      organizationId: w.org.id,
      label: "routine",
      permissions: ["nodes:add"],
    });
    expect(await useAgainst(manager.secret, key.id)).toEqual({
      roll: 200,
      regenerate: 200,
      revoke: 200,
      delete: 200,
    });
  });
});

describe("attack 2: the second factor reduced to the password (issue 12, medium)", () => {
  const password = "correct horse battery";

  it("refuses to remove the authenticator with the password alone; a current code removes it", async () => {
    const w = await createKeysWorld("Hooli");
    await getDb().user.update({
      where: { id: w.admin.user.id },
      data: { passwordHash: await hashPassword(password) },
    });
    const { key } = await createKeyAs(w.owner, { organizationId: w.org.id, label: "target" });
    await signInAs(w.admin.user);

    const removed = await removeTotpAction({ password });
    let bypass: unknown = null;
    if (removed.ok) {
      // The rest of the attack: a new authenticator enrolled with the session, then any step-up.
      const begun = await beginTotpEnrolmentAction({});
      if (!begun.ok) throw new Error(begun.message);
      await confirmTotpEnrolmentAction({ code: currentTotpCode(begun.data.secret) });
      const next = currentTotpCode(begun.data.secret, new Date(Date.now() + NEXT_STEP));
      bypass = await rollKeyAction({
        keyId: key.id,
        expectedVersion: key.version,
        grace: "now",
        totpCode: next,
      });
    }
    expect(bypass, "a step-up passed with a factor enrolled after a password-only removal").toBeNull();
    expect(removed).toMatchObject({ ok: false });
    expect((await getDb().user.findUnique({ where: { id: w.admin.user.id } }))?.totpEnabledAt).toBeInstanceOf(
      Date,
    );

    // Enrolling another one while this one exists is a replacement: refused without the current code.
    expect(await beginTotpEnrolmentAction({})).toMatchObject({ ok: false, code: "CONFLICT" });

    const code = await freshTotpCode(w.admin.user, w.admin.totp);
    expect(await removeTotpAction({ code })).toMatchObject({ ok: true });
  });
});

describe("the rest of the rule: role grants and the key policy need a fresh code", () => {
  let w: KeysWorld;

  beforeAll(async () => {
    w = await createKeysWorld("Umbrella");
  });

  it("refuses making someone an admin or owner without a code; with one it passes; narrowing is free", async () => {
    const person = await addMember(w.org.id, "member");
    await signInAs(w.owner.user);
    for (const role of ["admin", "owner"] as const) {
      const result = await changeMemberRoleAction({ organizationId: w.org.id, userId: person.id, role });
      expect(result, role).toMatchObject({ ok: false, code: "STEP_UP_REQUIRED" });
    }
    expect(
      await changeMemberRoleAction({ organizationId: w.org.id, userId: person.id, role: "auditor" }),
    ).toMatchObject({ ok: true });
    const code = await actAs(w.owner);
    expect(
      await changeMemberRoleAction({
        organizationId: w.org.id,
        userId: person.id,
        role: "admin",
        totpCode: code,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await changeMemberRoleAction({ organizationId: w.org.id, userId: person.id, role: "member" }),
    ).toMatchObject({ ok: true });
  });

  it("refuses a key policy change without a code", async () => {
    await signInAs(w.owner.user);
    const policy = {
      organizationId: w.org.id,
      defaultLifetimeDays: "90",
      minLifetimeDays: "1",
      maxLifetimeDays: "3650",
      allowCustomSecrets: true,
      retrievableSecrets: true,
    };
    expect(await updateKeyPolicyAction(policy)).toMatchObject({
      ok: false,
      fieldErrors: { totpCode: expect.any(String) },
    });
    const code = await actAs(w.owner);
    expect(await updateKeyPolicyAction({ ...policy, totpCode: code })).toMatchObject({ ok: true });
  });
});
