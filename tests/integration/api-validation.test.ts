import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/keys/route";
import * as item from "@/app/api/v1/keys/[id]/route";
import * as regenerate from "@/app/api/v1/keys/[id]/regenerate/route";
import * as roll from "@/app/api/v1/keys/[id]/roll/route";
import * as systems from "@/app/api/v1/systems/route";
import { apiErrorSchema } from "@/lib/api/schemas/common";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { call, createApiWorld, stopVerifyRuntime, type ApiWorld } from "../support/api";
import { createKeyRow } from "../support/keys";

// Malformed requests are 400, invalid fields 422 with a message per field (the same messages the
// console shows, since both parse with the same schemas), and neither changes anything.

useTestDatabase();
afterAll(stopVerifyRuntime);

describe("REST API: malformed and invalid requests", () => {
  let w: ApiWorld;
  let target: { id: string };
  let keysBefore: number;

  beforeAll(async () => {
    w = await createApiWorld();
    target = (await createKeyRow({ organizationId: w.org.id, label: "target" })).key;
    keysBefore = await getDb().apiKey.count();
  });

  afterAll(async () => {
    expect(await getDb().apiKey.count()).toBe(keysBefore);
  });

  it.each([
    ["not JSON", "{label:", /not valid JSON/],
    ["an array", "[1,2]", /JSON object/],
    ["a string", '"key"', /JSON object/],
    ["empty", "", /JSON object/],
  ])("refuses a body that is %s with 400", async (_name, rawBody, message) => {
    const answer = await call(collection.POST, "POST", "/api/v1/keys", { key: w.orgKey.secret, rawBody });
    expect(answer.status).toBe(400);
    expect(apiErrorSchema.parse(answer.json).error).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(message),
    });
  });

  it("refuses a body over 64 KiB with 400", async () => {
    const answer = await call(collection.POST, "POST", "/api/v1/keys", {
      key: w.orgKey.secret,
      body: { label: "big", description: "x".repeat(70_000) },
    });
    expect(answer.status).toBe(400);
  });

  it.each([
    ["a blank label", { label: " " }, "label"],
    ["an unknown field", { label: "ok", lable: "typo" }, "lable"],
    ["an expiry that is not a date", { label: "ok", expiry: "tomorrow" }, "expiry"],
    ["an expiry past the policy's maximum", { label: "ok", expiry: 5000 }, "expiry"],
    ["a permission outside the catalog", { label: "ok", permissions: ["root"] }, "permissions"],
    ["a bad IP range", { label: "ok", allowedCidrs: ["10.0.0.0/33"] }, "allowedCidrs"],
    [
      "keys:manage on a system key",
      { label: "ok", permissions: ["keys:manage"], systemId: "SYS" },
      "permissions",
    ],
    [
      "a custom secret the policy does not allow",
      { label: "ok", customSecret: "Zq7!mV2#rT9@wK4$pL8%" },
      "customSecret",
    ],
  ])("refuses a new key with %s: 422 naming the field", async (_name, body, field) => {
    const sent = JSON.parse(JSON.stringify(body).replace('"SYS"', JSON.stringify(w.system.id))) as object;
    const answer = await call(collection.POST, "POST", "/api/v1/keys", { key: w.orgKey.secret, body: sent });
    expect(answer.status).toBe(422);
    const { error } = apiErrorSchema.parse(answer.json);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(Object.keys(error.fields ?? {})).toContain(field);
  });

  it("refuses invalid fields on the key's actions with 422", async () => {
    const key = w.orgKey.secret;
    const params = { id: target.id };
    const cases = [
      await call(item.PATCH, "PATCH", `/api/v1/keys/${target.id}`, {
        key,
        params,
        body: { expiresAt: "2027-02-31" },
      }),
      await call(item.PATCH, "PATCH", `/api/v1/keys/${target.id}`, {
        key,
        params,
        body: { expectedVersion: "one" },
      }),
      await call(roll.POST, "POST", `/api/v1/keys/${target.id}/roll`, { key, params, body: { grace: "2h" } }),
      await call(regenerate.POST, "POST", `/api/v1/keys/${target.id}/regenerate`, {
        key,
        params,
        body: { slot: "third" },
      }),
      await call(regenerate.POST, "POST", `/api/v1/keys/${target.id}/regenerate`, { key, params, body: {} }),
    ];
    expect(cases.map((answer) => answer.status)).toEqual([422, 422, 422, 422, 422]);
    expect(cases.map((answer) => Object.keys(apiErrorSchema.parse(answer.json).error.fields ?? {}))).toEqual([
      ["expiresAt"],
      ["expectedVersion"],
      ["grace"],
      ["slot"],
      ["slot"],
    ]);
    const unchanged = await getDb().apiKey.findUniqueOrThrow({ where: { id: target.id } });
    expect(unchanged.version).toBe(1);
  });

  it("refuses a list asked for both a system and the organization, and a bad system name", async () => {
    const both = await call(collection.GET, "GET", "/api/v1/keys", {
      key: w.orgKey.secret,
      query: { systemId: w.system.id, scope: "organization" },
    });
    expect(both.status).toBe(422);
    expect(both.json).toMatchObject({ error: { fields: { scope: expect.any(String) } } });
    const scope = await call(collection.GET, "GET", "/api/v1/keys", {
      key: w.orgKey.secret,
      query: { scope: "all" },
    });
    expect(scope.status).toBe(422);
    const name = await call(systems.POST, "POST", "/api/v1/systems", {
      key: w.orgKey.secret,
      body: { name: "x" },
    });
    expect(name.status).toBe(422);
    expect(name.json).toMatchObject({ error: { fields: { name: expect.any(String) } } });
  });

  it("falls back to defaults for table parameters it cannot use, like the console", async () => {
    const answer = await call(collection.GET, "GET", "/api/v1/keys", {
      key: w.orgKey.secret,
      query: { sort: "secret", dir: "sideways", page: "-3", perPage: "7", state: ["active", "bogus"] },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ page: 1, perPage: 25 });
  });
});
