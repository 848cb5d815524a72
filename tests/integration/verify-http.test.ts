import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { generateSecret } from "@/lib/keys/format";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { createKeyLoader } from "@/lib/verify/load";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createSystemRow } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";

// The verify endpoint over real HTTP, served by the fast path alone on a node:http server.

useTestDatabase();

const DAY = 86_400_000;
const secrets: Record<string, string> = {};
const ids: Record<string, string> = {};
let fastPath: VerifyFastPath;
let server: { url: string; close: () => Promise<void> };
const load = vi.fn(createKeyLoader(getDb));

beforeAll(async () => {
  const { org } = await createOrgWithOwner("Acme");
  const { org: other } = await createOrgWithOwner("Globex");
  const payments = await createSystemRow(org.id, "Payments");
  const billing = await createSystemRow(org.id, "Billing");
  const foreign = await createSystemRow(other.id, "Foreign");
  Object.assign(ids, { org: org.id, payments: payments.id, billing: billing.id, foreign: foreign.id });
  const base = { organizationId: org.id, permissions: ["nodes:add", "catalog:register"] };
  const rows = {
    valid: await createKeyRow(base),
    ip: await createKeyRow({ ...base, allowedCidrs: ["10.0.0.0/8", "2001:db8::/32"] }),
    expired: await createKeyRow({ ...base, expiresAt: new Date(Date.now() - DAY) }),
    disabled: await createKeyRow({ ...base, state: "disabled" }),
    revoked: await createKeyRow({ ...base, state: "revoked" }),
    system: await createKeyRow({ ...base, systemId: payments.id }),
    limited: await createKeyRow({ ...base, systemLimits: [billing.id] }),
    custom: await createKeyRow(base, { secret: "Custom-Secret-42!" }),
  };
  for (const [name, row] of Object.entries(rows)) {
    secrets[name] = row.secret;
    ids[name] = row.key.id;
  }
  const runtime = new VerifyRuntime({
    load,
    ttlMs: 30_000,
    limiter: { capacity: 1_000 },
    usage: { intervalMs: 60_000 },
  });
  fastPath = createVerifyFastPath({ runtime });
  server = await startFastPathServer(fastPath);
});

afterAll(async () => {
  await server?.close();
  await fastPath?.close();
});

type Body = Record<string, unknown>;

async function verify(body: Body | string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Body };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe("POST /api/v1/verify", () => {
  it("answers a valid key with the documented shape, uncacheable", async () => {
    const { status, headers, json } = await verify({ permission: "nodes:add" }, bearer(secrets.valid!));
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(json).toEqual({
      valid: true,
      code: "VALID",
      keyId: ids.valid,
      organizationId: ids.org,
      systemId: null,
      permissions: ["catalog:register", "nodes:add"],
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("takes the key from the JSON body too, and custom secrets", async () => {
    expect((await verify({ key: secrets.valid })).json.code).toBe("VALID");
    expect((await verify({ key: secrets.custom, permissions: ["nodes:add"] })).json.code).toBe("VALID");
  });

  const cases: [string, string, () => Body][] = [
    ["unknown well-formed key", "NOT_FOUND", () => ({ key: generateSecret() })],
    ["expired key", "EXPIRED", () => ({ key: secrets.expired })],
    ["disabled key", "DISABLED", () => ({ key: secrets.disabled })],
    ["revoked key", "REVOKED", () => ({ key: secrets.revoked })],
    ["ip in range", "VALID", () => ({ key: secrets.ip, ip: "10.2.3.4" })],
    ["ipv6 in range", "VALID", () => ({ key: secrets.ip, ip: "2001:db8::7" })],
    ["ip out of range", "IP_NOT_ALLOWED", () => ({ key: secrets.ip, ip: "192.0.2.1" })],
    ["no ip for a restricted key", "IP_NOT_ALLOWED", () => ({ key: secrets.ip })],
    [
      "missing permission",
      "INSUFFICIENT_PERMISSIONS",
      () => ({ key: secrets.valid, permissions: ["nodes:add", "keys:manage"] }),
    ],
    ["system key, own system by slug", "VALID", () => ({ key: secrets.system, system: "payments" })],
    ["system key, own system by id", "VALID", () => ({ key: secrets.system, system: ids.payments })],
    ["system key, other system", "SYSTEM_NOT_ALLOWED", () => ({ key: secrets.system, system: ids.billing })],
    ["limited org key, its system", "VALID", () => ({ key: secrets.limited, system: "billing" })],
    [
      "limited org key, other system",
      "SYSTEM_NOT_ALLOWED",
      () => ({ key: secrets.limited, system: "payments" }),
    ],
    ["org key, a system of its organization", "VALID", () => ({ key: secrets.valid, system: "billing" })],
    [
      "org key, another organization's system",
      "SYSTEM_NOT_ALLOWED",
      () => ({ key: secrets.valid, system: ids.foreign }),
    ],
    ["org key, unknown system", "SYSTEM_NOT_ALLOWED", () => ({ key: secrets.valid, system: "nope" })],
  ];
  it.each(cases)("%s → %s", async (_name, code, body) => {
    const { status, json } = await verify(body());
    expect(status).toBe(200);
    expect(json.code).toBe(code);
    expect(json.valid).toBe(code === "VALID");
  });

  it("names refused keys but shows permissions only for live ones", async () => {
    expect((await verify({ key: secrets.revoked })).json).toMatchObject({
      keyId: ids.revoked,
      permissions: [],
    });
    const refused = (await verify({ key: secrets.valid, permission: "keys:manage" })).json;
    expect(refused).toMatchObject({ keyId: ids.valid, permissions: ["catalog:register", "nodes:add"] });
    expect((await verify({ key: generateSecret() })).json).toMatchObject({
      keyId: null,
      organizationId: null,
    });
  });

  // Only "kp_" keys can be judged offline: any other printable 12–256 character string may be a
  // custom secret, so it is looked up (and counted by the miss limiter).
  it("answers malformed keys NOT_FOUND without touching the database", async () => {
    const good = generateSecret();
    const junk = [
      `${good.slice(0, -1)}${good.endsWith("A") ? "B" : "A"}`, // checksum
      `kp_${good.slice(3, 10)}${good[10] === "a" ? "b" : "a"}${good.slice(11)}`, // one character changed
      good.slice(0, -2), // length
      "kp_",
      "x".repeat(10 * 1024),
      `kp_${"é".repeat(38)}`,
      "Custom-Secret\u0000-42!",
      "short",
      "with space inside it",
      "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑",
    ];
    const before = load.mock.calls.length;
    for (const key of junk) {
      const { status, json } = await verify({ key });
      expect(status).toBe(200);
      expect(json).toMatchObject({ valid: false, code: "NOT_FOUND", keyId: null });
    }
    expect(load.mock.calls.length).toBe(before);
  });

  it("serves a cached key without a database call", async () => {
    await verify({ key: secrets.valid });
    const before = load.mock.calls.length;
    for (let i = 0; i < 20; i++) expect((await verify({ key: secrets.valid })).json.code).toBe("VALID");
    expect(load.mock.calls.length).toBe(before);
  });

  const refusals: [string, number, string, () => Promise<Response>][] = [
    ["no key", 400, "MISSING_KEY", () => post({})],
    ["no body and no header", 400, "MISSING_KEY", () => post(undefined)],
    [
      "a non-Bearer Authorization",
      400,
      "MISSING_KEY",
      () => post(undefined, { authorization: "Basic dXNlcjpwYXNz" }),
    ],
    ["unparseable JSON", 400, "INVALID_REQUEST", () => post("{nope")],
    ["a JSON array", 400, "INVALID_REQUEST", () => post("[1]")],
    ["a non-string key", 400, "INVALID_REQUEST", () => post({ key: 42 })],
    ["bad permissions", 400, "INVALID_REQUEST", () => post({ key: secrets.valid, permissions: [1] })],
    ["conflicting keys", 400, "CONFLICTING_KEYS", () => post({ key: secrets.valid }, bearer(secrets.ip!))],
    [
      "a form body",
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      () => post("key=x", { "content-type": "application/x-www-form-urlencoded" }),
    ],
    ["a body over 16 KiB", 413, "PAYLOAD_TOO_LARGE", () => post({ key: "x".repeat(17 * 1024) })],
    ["GET", 405, "METHOD_NOT_ALLOWED", () => fetch(`${server.url}/api/v1/verify`)],
  ];
  it.each(refusals)("refuses %s with %i and the usual shape", async (_name, status, error, send) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({
      valid: false,
      code: "NOT_FOUND",
      keyId: null,
      error: { code: error },
    });
  });

  it("leaves other paths to the next handler", async () => {
    expect((await fetch(`${server.url}/api/v1/keys`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/verify-something`, { method: "POST" })).status).toBe(404);
  });
});

function post(body: Body | string | undefined, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body),
  });
}

describe("GET …/api/v1/forward-auth", () => {
  async function forward(path: string, headers: Record<string, string>) {
    const response = await fetch(`${server.url}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  it("lets a valid key through with identity headers and no body", async () => {
    const { status, headers, text } = await forward(
      "/api/v1/forward-auth?permission=nodes:add",
      bearer(secrets.system!),
    );
    expect(status).toBe(204);
    expect(text).toBe("");
    expect(headers.get("x-keyplane-key-id")).toBe(ids.system);
    expect(headers.get("x-keyplane-organization")).toBe(ids.org);
    expect(headers.get("x-keyplane-system")).toBe(ids.payments);
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it("reads X-API-Key, a configured header, and any path prefix", async () => {
    expect((await forward("/api/v1/forward-auth", { "x-api-key": secrets.valid! })).status).toBe(204);
    expect(
      (await forward("/gw/auth/api/v1/forward-auth?header=X-Custom-Key", { "x-custom-key": secrets.valid! }))
        .status,
    ).toBe(204);
    // With a configured header, the default ones are not read.
    expect((await forward("/api/v1/forward-auth?header=x-custom-key", bearer(secrets.valid!))).status).toBe(
      401,
    );
  });

  it("answers 200 when asked (Envoy) and ignores the client's path Envoy appends after path=", async () => {
    const allowed = await forward(
      "/api/v1/forward-auth?permission=nodes:add&status=200&path=/nodes?x=1",
      bearer(secrets.system!),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.text).toBe("");
    expect(allowed.headers.get("x-keyplane-key-id")).toBe(ids.system);
    // A refusal keeps its own status.
    expect((await forward("/api/v1/forward-auth?status=200", bearer(generateSecret()))).status).toBe(401);
    // The client's query cannot loosen or change what the route asked for.
    const injected = await forward(
      "/api/v1/forward-auth?system=billing&status=200&path=/x?system=payments",
      bearer(secrets.system!),
    );
    expect(injected.status).toBe(403);
    expect(injected.headers.get("x-keyplane-code")).toBe("SYSTEM_NOT_ALLOWED");
    const otherHeader = await forward(
      "/api/v1/forward-auth?status=200&path=/x?header=x-other",
      bearer(secrets.system!),
    );
    expect(otherHeader.status).toBe(200);
  });

  const statuses: [string, number, string, string, () => Record<string, string>][] = [
    ["no key", 401, "NOT_FOUND", "", () => ({})],
    ["unknown key", 401, "NOT_FOUND", "", () => bearer(generateSecret())],
    ["malformed key", 401, "NOT_FOUND", "", () => bearer("kp_nonsense")],
    ["expired", 401, "EXPIRED", "", () => bearer(secrets.expired!)],
    ["disabled", 401, "DISABLED", "", () => bearer(secrets.disabled!)],
    ["revoked", 401, "REVOKED", "", () => bearer(secrets.revoked!)],
    [
      "ip from X-Forwarded-For (last hop)",
      403,
      "IP_NOT_ALLOWED",
      "",
      () => ({ ...bearer(secrets.ip!), "x-forwarded-for": "10.0.0.1, 192.0.2.9" }),
    ],
    [
      "ip in range via X-Forwarded-For",
      204,
      "VALID",
      "",
      () => ({ ...bearer(secrets.ip!), "x-forwarded-for": "192.0.2.9, 10.0.0.1" }),
    ],
    [
      "X-Real-IP wins",
      204,
      "VALID",
      "",
      () => ({ ...bearer(secrets.ip!), "x-real-ip": "10.9.9.9", "x-forwarded-for": "192.0.2.9" }),
    ],
    [
      "permission",
      403,
      "INSUFFICIENT_PERMISSIONS",
      "?permission=nodes:add&permission=keys:manage",
      () => bearer(secrets.valid!),
    ],
    ["system", 403, "SYSTEM_NOT_ALLOWED", "?system=billing", () => bearer(secrets.system!)],
  ];
  it.each(statuses)("%s → %i %s", async (_name, status, code, query, headers) => {
    const response = await forward(`/api/v1/forward-auth${query}`, headers());
    expect(response.status).toBe(status);
    expect(response.headers.get("x-keyplane-code")).toBe(code);
    if (status === 401) expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    if (status !== 204) expect(JSON.parse(response.text)).toMatchObject({ valid: false, code });
  });
});
