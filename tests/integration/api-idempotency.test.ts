import { afterAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/keys/route";
import * as roll from "@/app/api/v1/keys/[id]/roll/route";
import { keyWithSecretsResponseSchema } from "@/lib/api/schemas/key-responses";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { call, useApiWorld, managementKey, stopVerifyRuntime } from "../support/api";
import { createKeyRow } from "../support/keys";

// Idempotency-Key on create and roll: a retry of the same request gets the first answer (status,
// body, the very same secret) and changes nothing; the same key with another request is refused;
// failures are not remembered; answers are stored encrypted and forgotten after 24 hours.

useTestDatabase();
afterAll(stopVerifyRuntime);

describe("REST API: Idempotency-Key", () => {
  const w = useApiWorld();

  function create(body: object, idem: string, key = w.orgKey.secret) {
    return call(collection.POST, "POST", "/api/v1/keys", { key, body, headers: { "idempotency-key": idem } });
  }

  async function countLabel(label: string) {
    return getDb().apiKey.count({ where: { organizationId: w.org.id, label } });
  }

  async function auditCount(action: string) {
    return getDb().auditEntry.count({ where: { organizationId: w.org.id, action } });
  }

  it("replays a create: same status, body and secret, marked replayed, and only one key", async () => {
    const createdBefore = await auditCount("key.created");
    const first = await create({ label: "once", expiry: 30, permissions: ["nodes:add"] }, "idem-create-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // The same request, with its fields in another order.
    const again = await create({ permissions: ["nodes:add"], expiry: 30, label: "once" }, "idem-create-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(again.json).toEqual(first.json);
    expect(await countLabel("once")).toBe(1);
    expect(await auditCount("key.created")).toBe(createdBefore + 1);

    const secret = keyWithSecretsResponseSchema.parse(first.json).secrets.primary ?? "";
    const rows = await getDb().idempotencyRecord.findMany({ where: { actorKeyId: w.orgKey.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.response).not.toContain(secret);
    expect(rows[0]?.response.startsWith("v1.")).toBe(true);
  });

  it("refuses the same key with a different request (422) and changes nothing", async () => {
    const answer = await create({ label: "twice" }, "idem-create-1");
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({
      error: {
        code: "VALIDATION_FAILED",
        fields: { "Idempotency-Key": expect.stringMatching(/different request/) },
      },
    });
    expect(await countLabel("twice")).toBe(0);
  });

  it("keeps each calling key's Idempotency-Keys apart", async () => {
    const other = await managementKey({ organizationId: w.org.id, label: "second-manager" });
    const answer = await create(
      { label: "once", expiry: 30, permissions: ["nodes:add"] },
      "idem-create-1",
      other.secret,
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get("idempotent-replayed")).toBeNull();
    expect(await countLabel("once")).toBe(2);
  });

  it("does not remember failures: the corrected request under the same key goes through", async () => {
    const bad = await create({ label: "" }, "idem-fix-me");
    expect(bad.status).toBe(422);
    const good = await create({ label: "fixed" }, "idem-fix-me");
    expect(good.status).toBe(201);
    expect(good.headers.get("idempotent-replayed")).toBeNull();
  });

  it("replays a roll: the same new secret, one roll", async () => {
    const { key } = await createKeyRow({ organizationId: w.org.id, label: "to-roll" });
    const send = () =>
      call(roll.POST, "POST", `/api/v1/keys/${key.id}/roll`, {
        key: w.orgKey.secret,
        params: { id: key.id },
        body: { grace: "1h" },
        headers: { "idempotency-key": "roll-1" },
      });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const stored = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(stored.version).toBe(2);
    expect(await getDb().auditEntry.count({ where: { targetId: key.id, action: "key.rolled" } })).toBe(1);
  });

  it("answers concurrent twins once: both get the same key", async () => {
    const body = { label: "racing" };
    const answers = await Promise.all([
      create(body, "idem-race"),
      create(body, "idem-race"),
      create(body, "idem-race"),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const ids = new Set(answers.map((answer) => keyWithSecretsResponseSchema.parse(answer.json).key.id));
    expect(ids.size).toBe(1);
    expect(await countLabel("racing")).toBe(1);
  });

  it("forgets an answer after 24 hours", async () => {
    await create({ label: "daily" }, "idem-daily");
    await getDb().idempotencyRecord.updateMany({
      where: { idemKey: "idem-daily" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const later = await create({ label: "daily" }, "idem-daily");
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(await countLabel("daily")).toBe(2);
  });

  it.each([
    ["too long", "x".repeat(256)],
    ["with a space", "two words"],
  ])("refuses an Idempotency-Key %s with 400", async (_name, idem) => {
    const answer = await create({ label: "never" }, idem);
    expect(answer.status).toBe(400);
    expect(await countLabel("never")).toBe(0);
  });
});
