import { afterAll, describe, expect, it } from "vitest";
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
import { apiErrorSchema } from "@/lib/api/schemas/common";
import { getDb } from "@/lib/db";
import { generateSecret } from "@/lib/keys/format";
import { HOUR_MS } from "@/lib/time";
import { useTestDatabase } from "../support/db";
import { call, useApiWorld, latestAudit, managementKey, stopVerifyRuntime } from "../support/api";
import { addSecretRow } from "../support/keys";

// Who may call the management API: only a key that verifies (active, unexpired, from within its IP
// ranges, a rolled secret until its grace end) AND holds keys:manage. Everyone else gets a JSON
// error without a stack, nothing changes, and a known key that is refused leaves an audit entry.

useTestDatabase();
afterAll(stopVerifyRuntime);

const EVERY_ROUTE: [string, unknown, string, string][] = [
  ["GET /keys", collection.GET, "GET", "/api/v1/keys"],
  ["POST /keys", collection.POST, "POST", "/api/v1/keys"],
  ["GET /keys/{id}", item.GET, "GET", "/api/v1/keys/k1"],
  ["GET /keys/{id}/usage", usage.GET, "GET", "/api/v1/keys/k1/usage"],
  ["PATCH /keys/{id}", item.PATCH, "PATCH", "/api/v1/keys/k1"],
  ["DELETE /keys/{id}", item.DELETE, "DELETE", "/api/v1/keys/k1"],
  ["POST disable", disable.POST, "POST", "/api/v1/keys/k1/disable"],
  ["POST enable", enable.POST, "POST", "/api/v1/keys/k1/enable"],
  ["POST roll", roll.POST, "POST", "/api/v1/keys/k1/roll"],
  ["POST regenerate", regenerate.POST, "POST", "/api/v1/keys/k1/regenerate"],
  ["POST revoke", revoke.POST, "POST", "/api/v1/keys/k1/revoke"],
  ["GET /systems", systems.GET, "GET", "/api/v1/systems"],
  ["POST /systems", systems.POST, "POST", "/api/v1/systems"],
  ["GET /whoami", whoami.GET, "GET", "/api/v1/whoami"],
];

describe("REST API: authentication", () => {
  const w = useApiWorld();

  async function expectRefused(
    answer: { status: number; headers: Headers; json: unknown },
    status: number,
    message?: RegExp,
  ) {
    expect(answer.status).toBe(status);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const body = apiErrorSchema.parse(answer.json);
    if (message) expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/\n\s*at |node_modules/);
  }

  it.each(EVERY_ROUTE)(
    "%s needs a key: 401 with WWW-Authenticate, nothing changes",
    async (_n, handler, method, path) => {
      const keysBefore = await getDb().apiKey.count();
      const body = method === "GET" || method === "DELETE" ? undefined : { label: "x", name: "x" };
      const answer = await call(handler, method, path, { params: { id: "k1" }, body });
      await expectRefused(answer, 401, /Authorization: Bearer/);
      expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="keyplane"');
      expect(await getDb().apiKey.count()).toBe(keysBefore);
    },
  );

  it("refuses other schemes, junk and unknown keys with 401", async () => {
    const basic = await call(collection.GET, "GET", "/api/v1/keys", {
      headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
    });
    await expectRefused(basic, 401);
    for (const key of ["junk", "kp_notevenclose", generateSecret()]) {
      await expectRefused(
        await call(collection.GET, "GET", "/api/v1/keys", { key, ip: "198.51.100.20" }),
        401,
        /not valid/,
      );
    }
  });

  it.each([
    ["revoked", { state: "revoked" as const }, /revoked/],
    ["disabled", { state: "disabled" as const }, /disabled/],
    ["expired", { expiresAt: new Date(Date.now() - HOUR_MS) }, /expired/],
  ])("refuses a %s key with 401", async (_name, options, message) => {
    const caller = await managementKey({ organizationId: w.org.id, ...options });
    await expectRefused(
      await call(collection.GET, "GET", "/api/v1/keys", { key: caller.secret }),
      401,
      message,
    );
  });

  it("accepts a rolled secret until its grace end, and not after", async () => {
    const caller = await managementKey({ organizationId: w.org.id, label: "rolling" });
    const inGrace = await addSecretRow(
      { id: caller.id, organizationId: w.org.id },
      {
        slot: "rolled",
        graceEndsAt: new Date(Date.now() + HOUR_MS),
      },
    );
    const pastGrace = await addSecretRow(
      { id: caller.id, organizationId: w.org.id },
      {
        slot: "rolled",
        graceEndsAt: new Date(Date.now() - 1000),
      },
    );
    expect((await call(collection.GET, "GET", "/api/v1/keys", { key: inGrace })).status).toBe(200);
    await expectRefused(await call(collection.GET, "GET", "/api/v1/keys", { key: pastGrace }), 401);
  });

  it("checks the caller's IP ranges against the address our server reports", async () => {
    const caller = await managementKey({
      organizationId: w.org.id,
      label: "office",
      allowedCidrs: ["192.0.2.0/24"],
    });
    expect(
      (await call(collection.GET, "GET", "/api/v1/keys", { key: caller.secret, ip: "192.0.2.10" })).status,
    ).toBe(200);
    const outside = await call(collection.GET, "GET", "/api/v1/keys", {
      key: caller.secret,
      ip: "198.51.100.1",
    });
    await expectRefused(outside, 403, /address/);
    const [entry] = await latestAudit(w.org.id);
    expect(entry).toMatchObject({
      action: "authorization.denied",
      outcome: "denied",
      actorType: "key",
      actorId: caller.id,
      ip: "198.51.100.1",
      targetLabel: "api.listKeys",
      metadata: { reason: "ip_not_allowed" },
    });
    // Without the header (a request that did not come through our server) the address is unknown.
    const unknown = await call(collection.GET, "GET", "/api/v1/keys", { key: caller.secret, ip: "" });
    await expectRefused(unknown, 403);
  });

  it("refuses a key without keys:manage with 403, audited, and changes nothing", async () => {
    const keysBefore = await getDb().apiKey.count();
    const answer = await call(collection.POST, "POST", "/api/v1/keys", {
      key: w.plainKey.secret,
      body: { label: "escalate", permissions: ["keys:manage"] },
    });
    await expectRefused(answer, 403, /keys:manage/);
    expect(await getDb().apiKey.count()).toBe(keysBefore);
    const [entry] = await latestAudit(w.org.id);
    expect(entry).toMatchObject({
      action: "authorization.denied",
      actorId: w.plainKey.id,
      actorLabel: "plain",
      targetLabel: "api.createKey",
      metadata: { reason: "missing_permission" },
    });
  });

  it("rate limits failed attempts per address with 429 and Retry-After", async () => {
    const ip = "198.51.100.77";
    expect((await call(collection.GET, "GET", "/api/v1/keys", { key: w.orgKey.secret, ip })).status).toBe(
      200,
    );
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push(
        (await call(collection.GET, "GET", "/api/v1/keys", { key: generateSecret(), ip })).status,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await call(collection.GET, "GET", "/api/v1/keys", { key: generateSecret(), ip });
    await expectRefused(limited, 429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // A key the verify cache knows still works from that address: one noisy client must not lock
    // out the others.
    expect((await call(collection.GET, "GET", "/api/v1/keys", { key: w.orgKey.secret, ip })).status).toBe(
      200,
    );
  });
});
