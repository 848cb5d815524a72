import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/keys/route";
import * as item from "@/app/api/v1/keys/[id]/route";
import * as disable from "@/app/api/v1/keys/[id]/disable/route";
import * as enable from "@/app/api/v1/keys/[id]/enable/route";
import * as regenerate from "@/app/api/v1/keys/[id]/regenerate/route";
import * as revoke from "@/app/api/v1/keys/[id]/revoke/route";
import * as roll from "@/app/api/v1/keys/[id]/roll/route";
import * as usage from "@/app/api/v1/keys/[id]/usage/route";
import {
  deletedKeyResponseSchema,
  keyListResponseSchema,
  keyResponseSchema,
  keyUsageResponseSchema,
  keyWithSecretsResponseSchema,
} from "@/lib/api/schemas/key-responses";
import { getDb } from "@/lib/db";
import { isGeneratedSecret } from "@/lib/keys/format";
import { verifyKey } from "@/lib/verify/runtime";
import { DAY_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { call, createApiWorld, latestAudit, stopVerifyRuntime, type ApiWorld } from "../support/api";
import { expectAuditFreeOf, secretNeedles } from "../support/key-lifecycle";

// The whole key lifecycle through the REST API with an organization key: every answer has the
// documented shape (parsed with the same strict schemas the OpenAPI document is built from), is
// uncacheable, and each change writes the same audit entry as the console, with the key as actor.

useTestDatabase();
afterAll(stopVerifyRuntime);

describe("REST API: key lifecycle", () => {
  let w: ApiWorld;
  let key: string;
  let id: string;
  let version: number;
  let primary: string;
  const needles: string[] = [];

  beforeAll(async () => {
    w = await createApiWorld();
    key = w.orgKey.secret;
  });

  afterAll(async () => {
    await expectAuditFreeOf(needles);
  });

  async function lastEntry() {
    const [entry] = await latestAudit(w.org.id);
    return entry;
  }

  it("creates a key: 201, Location, secrets once, no-store, audited with the key as actor", async () => {
    const answer = await call(collection.POST, "POST", "/api/v1/keys", {
      key,
      body: {
        label: "deploy-bot",
        description: "Deploys",
        permissions: ["nodes:add"],
        allowedCidrs: ["10.0.0.0/8"],
        expiry: 30,
        withSecondary: true,
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const body = keyWithSecretsResponseSchema.parse(answer.json);
    id = body.key.id;
    version = body.key.version;
    primary = body.secrets.primary ?? "";
    needles.push(...secretNeedles(primary), ...secretNeedles(body.secrets.secondary));
    expect(answer.headers.get("location")).toBe(`/api/v1/keys/${id}`);
    expect(isGeneratedSecret(primary)).toBe(true);
    expect(isGeneratedSecret(body.secrets.secondary)).toBe(true);
    expect(body.key).toMatchObject({
      label: "deploy-bot",
      systemId: null,
      permissions: ["nodes:add"],
      allowedCidrs: ["10.0.0.0/8"],
      createdBy: { type: "key", id: w.orgKey.id },
      hasSecondary: true,
    });
    expect(Math.abs(Date.parse(body.key.expiresAt) - (Date.now() + 30 * DAY_MS))).toBeLessThan(60_000);
    expect(await lastEntry()).toMatchObject({
      action: "key.created",
      actorType: "key",
      actorId: w.orgKey.id,
      actorLabel: w.orgKey.label,
      ip: "203.0.113.7",
      targetId: id,
    });
  });

  it("the new secret verifies at once", async () => {
    expect((await verifyKey({ secret: primary, ip: "10.1.2.3" })).code).toBe("VALID");
  });

  it("creates a system key", async () => {
    const answer = await call(collection.POST, "POST", "/api/v1/keys", {
      key,
      body: { label: "payments-node", systemId: w.system.id },
    });
    expect(answer.status).toBe(201);
    const body = keyWithSecretsResponseSchema.parse(answer.json);
    needles.push(...secretNeedles(body.secrets.primary));
    expect(body.key.system).toEqual({ id: w.system.id, name: w.system.name });
  });

  it("gets a key without any secret value", async () => {
    const answer = await call(item.GET, "GET", `/api/v1/keys/${id}`, { key, params: { id } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const body = keyResponseSchema.parse(answer.json);
    expect(body.key.secrets.map((s) => s.slot)).toEqual(["primary", "secondary"]);
    expect(JSON.stringify(answer.json)).not.toContain(primary);
  });

  it("lists organization keys by default, one system's keys with systemId, filtered and paged", async () => {
    const all = keyListResponseSchema.parse(
      (await call(collection.GET, "GET", "/api/v1/keys", { key })).json,
    );
    expect(all.data.map((row) => row.label)).toContain("deploy-bot");
    expect(all.data.every((row) => row.scope.type === "organization")).toBe(true);

    const found = await call(collection.GET, "GET", "/api/v1/keys", {
      key,
      query: { q: "DEPLOY", state: "active", sort: "label", dir: "asc", perPage: "10" },
    });
    const page = keyListResponseSchema.parse(found.json);
    expect(page).toMatchObject({ total: 1, page: 1, perPage: 10, pageCount: 1 });
    expect(page.data[0]).toMatchObject({ id, hint: expect.stringMatching(/^kp_/) });

    const system = keyListResponseSchema.parse(
      (await call(collection.GET, "GET", "/api/v1/keys", { key, query: { systemId: w.system.id } })).json,
    );
    expect(system.data.map((row) => row.label).sort()).toEqual(["payments-manager", "payments-node"]);
    const paged = keyListResponseSchema.parse(
      (await call(collection.GET, "GET", "/api/v1/keys", { key, query: { perPage: "10", page: "9" } })).json,
    );
    expect(paged).toMatchObject({ page: 9, data: [] });
    // deploy-bot lives the default 365 days: within a year, not within a week.
    const within = async (days: string) =>
      keyListResponseSchema
        .parse(
          (await call(collection.GET, "GET", "/api/v1/keys", { key, query: { expiresWithin: days } })).json,
        )
        .data.map((row) => row.label);
    expect(await within("366")).toContain("deploy-bot");
    expect(await within("7")).not.toContain("deploy-bot");
  });

  it("reads the key's verifications per day, as the console's chart does", async () => {
    const hour = new Date(Date.now() - (Date.now() % 3_600_000));
    // The verification above may have been flushed already (every 5 s): start from known counts.
    await getDb().keyUsage.deleteMany({ where: { keyId: id } });
    await getDb().keyUsage.create({
      data: { keyId: id, organizationId: w.org.id, hour, valid: 41, refused: 2 },
    });
    const answer = await call(usage.GET, "GET", `/api/v1/keys/${id}/usage`, { key, params: { id } });
    expect(answer.status).toBe(200);
    const body = keyUsageResponseSchema.parse(answer.json);
    expect(body.usage).toMatchObject({ valid: 41, refused: 2 });
    expect(body.usage.days).toHaveLength(30);
    expect(body.usage.days.at(-1)).toEqual({ day: hour.toISOString().slice(0, 10), valid: 41, refused: 2 });
    const missing = await call(usage.GET, "GET", "/api/v1/keys/nope/usage", { key, params: { id: "nope" } });
    expect(missing.status).toBe(404);
  });

  it("updates fields, refuses a stale expectedVersion with 409, applies to the current one without it", async () => {
    const stale = await call(item.PATCH, "PATCH", `/api/v1/keys/${id}`, {
      key,
      params: { id },
      body: { label: "nope", expectedVersion: version + 5 },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { code: "CONFLICT" } });

    const answer = await call(item.PATCH, "PATCH", `/api/v1/keys/${id}`, {
      key,
      params: { id },
      body: {
        label: "deploy-bot-2",
        permissions: ["nodes:add", "catalog:register"],
        expectedVersion: version,
      },
    });
    expect(answer.status).toBe(200);
    const body = keyResponseSchema.parse(answer.json);
    expect(body.key).toMatchObject({ label: "deploy-bot-2", version: version + 1 });
    expect(await lastEntry()).toMatchObject({ action: "key.updated", actorId: w.orgKey.id });

    const blind = await call(item.PATCH, "PATCH", `/api/v1/keys/${id}`, {
      key,
      params: { id },
      body: { description: "Deploys everything" },
    });
    expect(keyResponseSchema.parse(blind.json).key).toMatchObject({ description: "Deploys everything" });
    version = keyResponseSchema.parse(blind.json).key.version;
  });

  it("disables and enables; doing it twice is a 409", async () => {
    const off = await call(disable.POST, "POST", `/api/v1/keys/${id}/disable`, { key, params: { id } });
    expect(keyResponseSchema.parse(off.json).key.state).toBe("disabled");
    expect((await verifyKey({ secret: primary, ip: "10.1.2.3" })).code).toBe("DISABLED");
    const again = await call(disable.POST, "POST", `/api/v1/keys/${id}/disable`, { key, params: { id } });
    expect(again.status).toBe(409);
    const on = await call(enable.POST, "POST", `/api/v1/keys/${id}/enable`, {
      key,
      params: { id },
      body: {},
    });
    expect(keyResponseSchema.parse(on.json).key.state).toBe("active");
    expect(await lastEntry()).toMatchObject({ action: "key.enabled", actorType: "key" });
  });

  it("rolls: a new primary; the old one works until the grace end (24 hours by default)", async () => {
    const answer = await call(roll.POST, "POST", `/api/v1/keys/${id}/roll`, { key, params: { id } });
    expect(answer.status).toBe(200);
    const body = keyWithSecretsResponseSchema.parse(answer.json);
    const next = body.secrets.primary ?? "";
    needles.push(...secretNeedles(next));
    const rolled = body.key.secrets.find((s) => s.slot === "rolled");
    expect(Date.parse(rolled?.graceEndsAt ?? "") - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await verifyKey({ secret: primary, ip: "10.1.2.3" })).code).toBe("VALID");
    expect((await verifyKey({ secret: next, ip: "10.1.2.3" })).code).toBe("VALID");
    expect(await lastEntry()).toMatchObject({ action: "key.rolled", actorId: w.orgKey.id });
    primary = next;
  });

  it("regenerates one slot at once, without a typed label", async () => {
    const answer = await call(regenerate.POST, "POST", `/api/v1/keys/${id}/regenerate`, {
      key,
      params: { id },
      body: { slot: "secondary" },
    });
    expect(answer.status).toBe(200);
    const body = keyWithSecretsResponseSchema.parse(answer.json);
    expect(Object.keys(body.secrets)).toEqual(["secondary"]);
    needles.push(...secretNeedles(body.secrets.secondary));
    expect(await lastEntry()).toMatchObject({ action: "key.secret_regenerated", actorType: "key" });
  });

  it("refuses to delete a key that is not revoked (409), revokes it, then deletes it", async () => {
    const early = await call(item.DELETE, "DELETE", `/api/v1/keys/${id}`, { key, params: { id } });
    expect(early.status).toBe(409);

    const revoked = await call(revoke.POST, "POST", `/api/v1/keys/${id}/revoke`, { key, params: { id } });
    expect(keyResponseSchema.parse(revoked.json).key.state).toBe("revoked");
    expect((await verifyKey({ secret: primary, ip: "10.1.2.3" })).code).not.toBe("VALID");
    const twice = await call(revoke.POST, "POST", `/api/v1/keys/${id}/revoke`, { key, params: { id } });
    expect(twice.status).toBe(409);
    const edit = await call(item.PATCH, "PATCH", `/api/v1/keys/${id}`, {
      key,
      params: { id },
      body: { label: "x" },
    });
    expect(edit.status).toBe(409);

    const gone = await call(item.DELETE, "DELETE", `/api/v1/keys/${id}`, { key, params: { id } });
    expect(gone.status).toBe(200);
    expect(deletedKeyResponseSchema.parse(gone.json)).toEqual({ id, deleted: true });
    expect(await lastEntry()).toMatchObject({ action: "key.deleted", actorId: w.orgKey.id, targetId: id });
    expect(await getDb().apiKey.count({ where: { id } })).toBe(0);
    const after = await call(item.GET, "GET", `/api/v1/keys/${id}`, { key, params: { id } });
    expect(after.status).toBe(404);
  });
});
