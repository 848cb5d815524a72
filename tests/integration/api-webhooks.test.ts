import { afterAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/webhooks/route";
import * as item from "@/app/api/v1/webhooks/[id]/route";
import { createdWebhookResponseSchema, webhookListResponseSchema } from "@/lib/api/schemas/webhooks";
import { getDb } from "@/lib/db";
import { revealWebhookSecret } from "@/lib/webhooks/secret";
import { useTestDatabase } from "../support/db";
import { call, useApiWorld, latestAudit, stopVerifyRuntime, type ApiWorld } from "../support/api";

// REST: GET/POST /api/v1/webhooks and DELETE /api/v1/webhooks/{id}. The secret is in the POST
// answer only (stored encrypted), creating and deleting are audited, only organization-wide keys
// may use them, and another organization's endpoint is 404.

useTestDatabase();
afterAll(stopVerifyRuntime);

describe("REST API: webhooks", () => {
  const w = useApiWorld();

  it("adds an endpoint, answers { id, secret } once, lists it without the secret, and deletes it", async () => {
    const created = await call<{ id: string; secret: string }>(collection.POST, "POST", "/api/v1/webhooks", {
      key: w.orgKey.secret,
      body: { url: "https://93.184.215.14/keyplane", events: ["key.revoked", "key.created", "key.revoked"] },
    });
    expect(created.status).toBe(201);
    expect(createdWebhookResponseSchema.parse(created.json)).toEqual(created.json);
    expect(created.json.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await getDb().webhookEndpoint.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(row.secretEnc).not.toContain(created.json.secret);
    expect(revealWebhookSecret(row.id, row.secretEnc)).toBe(created.json.secret);
    expect((await latestAudit(w.org.id))[0]).toMatchObject({
      action: "webhook.created",
      actorType: "key",
      actorId: w.orgKey.id,
      targetId: row.id,
    });
    expect(JSON.stringify(await latestAudit(w.org.id))).not.toContain(created.json.secret);

    const list = await call(collection.GET, "GET", "/api/v1/webhooks", { key: w.orgKey.secret });
    expect(list.status).toBe(200);
    expect(webhookListResponseSchema.parse(list.json)).toEqual({
      data: [
        {
          id: row.id,
          url: "https://93.184.215.14/keyplane",
          events: ["key.created", "key.revoked"],
          createdAt: row.createdAt.toISOString(),
        },
      ],
    });
    expect(JSON.stringify(list.json)).not.toContain("whsec_");

    const foreign = await call(item.DELETE, "DELETE", `/api/v1/webhooks/${row.id}`, {
      key: w.foreign.key.secret,
      params: { id: row.id },
    });
    expect(foreign.status).toBe(404);
    const deleted = await call(item.DELETE, "DELETE", `/api/v1/webhooks/${row.id}`, {
      key: w.orgKey.secret,
      params: { id: row.id },
    });
    expect(deleted).toMatchObject({ status: 200, json: { id: row.id, deleted: true } });
    expect(await getDb().webhookEndpoint.count({ where: { id: row.id } })).toBe(0);
    expect((await latestAudit(w.org.id))[0]).toMatchObject({ action: "webhook.deleted", targetId: row.id });
  });

  it("refuses unknown events, non-http URLs and private addresses (422)", async () => {
    for (const body of [
      { url: "https://93.184.215.14/x", events: ["key.exploded"] },
      { url: "https://93.184.215.14/x", events: [] },
      { url: "gopher://93.184.215.14/x", events: ["key.created"] },
      { url: "http://169.254.169.254/latest", events: ["key.created"] },
    ]) {
      const answer = await call(collection.POST, "POST", "/api/v1/webhooks", { key: w.orgKey.secret, body });
      expect(answer.status).toBe(422);
    }
    expect(await getDb().webhookEndpoint.count({ where: { organizationId: w.org.id } })).toBe(0);
  });

  it.each([
    ["a system key", (x: ApiWorld) => x.systemKey.secret],
    ["a key limited to systems", (x: ApiWorld) => x.limitedKey.secret],
  ])("refuses %s (403)", async (_name, secret) => {
    const list = await call(collection.GET, "GET", "/api/v1/webhooks", { key: secret(w) });
    expect(list.status).toBe(403);
    const created = await call(collection.POST, "POST", "/api/v1/webhooks", {
      key: secret(w),
      body: { url: "https://93.184.215.14/x", events: ["key.created"] },
    });
    expect(created.status).toBe(403);
    expect(await getDb().webhookEndpoint.count({ where: { organizationId: w.org.id } })).toBe(0);
  });
});
