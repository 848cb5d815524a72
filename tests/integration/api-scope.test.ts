import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/keys/route";
import * as item from "@/app/api/v1/keys/[id]/route";
import * as disable from "@/app/api/v1/keys/[id]/disable/route";
import * as enable from "@/app/api/v1/keys/[id]/enable/route";
import * as regenerate from "@/app/api/v1/keys/[id]/regenerate/route";
import * as revoke from "@/app/api/v1/keys/[id]/revoke/route";
import * as roll from "@/app/api/v1/keys/[id]/roll/route";
import * as usage from "@/app/api/v1/keys/[id]/usage/route";
import * as systems from "@/app/api/v1/systems/route";
import * as whoami from "@/app/api/v1/whoami/route";
import { keyListResponseSchema } from "@/lib/api/schemas/key-responses";
import { systemListResponseSchema } from "@/lib/api/schemas/systems";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { call, createApiWorld, latestAudit, stopVerifyRuntime, type ApiWorld } from "../support/api";
import { createKeyRow } from "../support/keys";

// What each kind of management key may reach. Another organization's ids are 404 on every route
// and never change anything; a system key stays inside its system (403 elsewhere, audited); an
// organization key limited to systems stays inside those.

useTestDatabase();
afterAll(stopVerifyRuntime);

/** Every route that names a key, with a harmless body. */
const KEY_ROUTES: [string, unknown, string, string, unknown][] = [
  ["GET", item.GET, "GET", "", undefined],
  ["usage", usage.GET, "GET", "/usage", undefined],
  ["PATCH", item.PATCH, "PATCH", "", { label: "hijacked" }],
  ["DELETE", item.DELETE, "DELETE", "", undefined],
  ["disable", disable.POST, "POST", "/disable", {}],
  ["enable", enable.POST, "POST", "/enable", {}],
  ["roll", roll.POST, "POST", "/roll", { grace: "now" }],
  ["regenerate", regenerate.POST, "POST", "/regenerate", { slot: "primary" }],
  ["revoke", revoke.POST, "POST", "/revoke", {}],
];

describe("REST API: scope", () => {
  let w: ApiWorld;
  let orgTarget: { id: string };
  let ownTarget: { id: string };
  let otherTarget: { id: string };

  beforeAll(async () => {
    w = await createApiWorld();
    orgTarget = (await createKeyRow({ organizationId: w.org.id, label: "org-target" })).key;
    ownTarget = (await createKeyRow({ organizationId: w.org.id, systemId: w.system.id, label: "own" })).key;
    otherTarget = (
      await createKeyRow({ organizationId: w.org.id, systemId: w.otherSystem.id, label: "other" })
    ).key;
  });

  function onKey(key: string, id: string) {
    return KEY_ROUTES.map(([name, handler, method, suffix, body]) =>
      call(handler, method, `/api/v1/keys/${id}${suffix}`, { key, params: { id }, body }).then(
        (answer) => [name, answer.status, answer.json] as const,
      ),
    );
  }

  it("tells each kind of key its scope (whoami)", async () => {
    const scopes = await Promise.all(
      [w.orgKey, w.limitedKey, w.systemKey].map(async (caller) => {
        const answer = await call(whoami.GET, "GET", "/api/v1/whoami", { key: caller.secret });
        return answer.json;
      }),
    );
    expect(scopes).toEqual([
      {
        key: expect.objectContaining({
          id: w.orgKey.id,
          scope: "organization",
          systemId: null,
          systemLimits: [],
        }),
      },
      {
        key: expect.objectContaining({ id: w.limitedKey.id, scope: "systems", systemLimits: [w.system.id] }),
      },
      { key: expect.objectContaining({ id: w.systemKey.id, scope: "system", systemId: w.system.id }) },
    ]);
  });

  it("answers 404 for another organization's key on every route, and changes nothing", async () => {
    const before = await getDb().apiKey.findUniqueOrThrow({ where: { id: w.foreign.target.id } });
    for (const promise of onKey(w.orgKey.secret, w.foreign.target.id)) {
      const [name, status, json] = await promise;
      expect([name, status]).toEqual([name, 404]);
      expect(json).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
    const after = await getDb().apiKey.findUniqueOrThrow({ where: { id: w.foreign.target.id } });
    expect(after).toEqual(before);
    // …and the other organization's manager cannot see ours either.
    const theirs = await call(item.GET, "GET", `/api/v1/keys/${orgTarget.id}`, {
      key: w.foreign.key.secret,
      params: { id: orgTarget.id },
    });
    expect(theirs.status).toBe(404);
  });

  it("refuses another organization's system in a list (404) and in a new key (422)", async () => {
    const list = await call(collection.GET, "GET", "/api/v1/keys", {
      key: w.orgKey.secret,
      query: { systemId: w.foreign.system.id },
    });
    expect(list.status).toBe(404);
    const created = await call(collection.POST, "POST", "/api/v1/keys", {
      key: w.orgKey.secret,
      body: { label: "sneaky", systemId: w.foreign.system.id },
    });
    expect(created.status).toBe(422);
    expect(created.json).toMatchObject({ error: { fields: { systemId: expect.any(String) } } });
    const limits = await call(collection.POST, "POST", "/api/v1/keys", {
      key: w.orgKey.secret,
      body: { label: "sneaky", systemLimits: [w.foreign.system.id] },
    });
    expect(limits.status).toBe(422);
  });

  it("lets a system key manage its own system's keys", async () => {
    const key = w.systemKey.secret;
    const list = keyListResponseSchema.parse(
      (await call(collection.GET, "GET", "/api/v1/keys", { key })).json,
    );
    expect(list.data.map((row) => row.label).sort()).toEqual(["own", "payments-manager"]);
    const got = await call(item.GET, "GET", `/api/v1/keys/${ownTarget.id}`, {
      key,
      params: { id: ownTarget.id },
    });
    expect(got.status).toBe(200);
    const created = await call(collection.POST, "POST", "/api/v1/keys", {
      key,
      body: { label: "payments-node", systemId: w.system.id },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ key: { createdBy: { type: "key", id: w.systemKey.id } } });
  });

  it("refuses a system key everything outside its system with 403, audited", async () => {
    const key = w.systemKey.secret;
    for (const target of [orgTarget, otherTarget]) {
      for (const promise of onKey(key, target.id)) {
        const [name, status] = await promise;
        expect([name, status]).toEqual([name, 403]);
      }
    }
    const outside = [
      await call(collection.GET, "GET", "/api/v1/keys", { key, query: { scope: "organization" } }),
      await call(collection.GET, "GET", "/api/v1/keys", { key, query: { systemId: w.otherSystem.id } }),
      await call(collection.POST, "POST", "/api/v1/keys", { key, body: { label: "org-wide" } }),
      await call(collection.POST, "POST", "/api/v1/keys", {
        key,
        body: { label: "x", systemId: w.otherSystem.id },
      }),
      await call(systems.GET, "GET", "/api/v1/systems", { key }),
      await call(systems.POST, "POST", "/api/v1/systems", { key, body: { name: "Rogue" } }),
    ];
    expect(outside.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await getDb().system.count({ where: { name: "Rogue" } })).toBe(0);
    const [entry] = await latestAudit(w.org.id);
    expect(entry).toMatchObject({
      action: "authorization.denied",
      actorId: w.systemKey.id,
      targetLabel: "api.createSystem",
      metadata: { reason: "outside_key_scope" },
    });
    const untouched = await getDb().apiKey.findMany({
      where: { id: { in: [orgTarget.id, otherTarget.id] } },
    });
    expect(untouched.every((k) => k.version === 1 && k.state === "active")).toBe(true);
  });

  it("keeps an organization key limited to systems inside them", async () => {
    const key = w.limitedKey.secret;
    expect(
      (await call(item.GET, "GET", `/api/v1/keys/${ownTarget.id}`, { key, params: { id: ownTarget.id } }))
        .status,
    ).toBe(200);
    expect(
      (await call(item.GET, "GET", `/api/v1/keys/${orgTarget.id}`, { key, params: { id: orgTarget.id } }))
        .status,
    ).toBe(403);
    expect(
      (await call(item.GET, "GET", `/api/v1/keys/${otherTarget.id}`, { key, params: { id: otherTarget.id } }))
        .status,
    ).toBe(403);
    expect((await call(collection.GET, "GET", "/api/v1/keys", { key })).status).toBe(403);
    const listed = systemListResponseSchema.parse(
      (await call(systems.GET, "GET", "/api/v1/systems", { key })).json,
    );
    expect(listed.data.map((s) => s.id)).toEqual([w.system.id]);
    expect(
      (await call(systems.POST, "POST", "/api/v1/systems", { key, body: { name: "Nope" } })).status,
    ).toBe(403);
  });

  it("lets an organization key list and create systems", async () => {
    const key = w.orgKey.secret;
    const created = await call(systems.POST, "POST", "/api/v1/systems", {
      key,
      body: { name: "Analytics", description: "Dashboards" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      system: { name: "Analytics", slug: "analytics", description: "Dashboards" },
    });
    const [entry] = await latestAudit(w.org.id);
    expect(entry).toMatchObject({ action: "system.created", actorType: "key", actorId: w.orgKey.id });
    const again = await call(systems.POST, "POST", "/api/v1/systems", { key, body: { name: "ANALYTICS" } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: { code: "CONFLICT", fields: { name: expect.any(String) } } });
    const listed = systemListResponseSchema.parse(
      (await call(systems.GET, "GET", "/api/v1/systems", { key })).json,
    );
    expect(listed.data.map((s) => s.name)).toEqual(["Analytics", "Payments", "Search"]);
    expect(listed.data.find((s) => s.name === "Payments")?.liveKeys).toBeGreaterThanOrEqual(2);
  });
});
