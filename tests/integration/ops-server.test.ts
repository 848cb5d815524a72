import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { managementKey } from "../support/api";
import { createKeyRow } from "../support/keys";
import { freePort } from "../../scripts/bench/baseline";
import { startServerChild, type ServerChild } from "../support/server-child";

// Keyplane's real server process (scripts/lib/serve.ts, REST API handlers in place of Next.js):
// health and readiness, metrics behind a token or on their own port, one JSON log line per request
// that never holds a secret, and a SIGTERM during a verify load that loses no answer and no usage.

const database = useTestDatabase();
const TOKEN = "metrics-token-for-tests-0123456789";
let server: ServerChild;
let organizationId: string;
let manager: { id: string; secret: string };

beforeAll(async () => {
  const { org } = await createOrgWithOwner("Acme");
  organizationId = org.id;
  manager = await managementKey({ organizationId, label: "ops-manager" });
  server = await startServerChild(database.current().url, { KEYPLANE_METRICS_TOKEN: TOKEN });
}, 120_000);

afterAll(async () => {
  await server?.signal("SIGKILL");
});

async function verify(secret: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, ...headers },
  });
  return (await response.json()) as { code: string };
}

describe("health", () => {
  it("answers /healthz and /readyz", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    // On PostgreSQL it is ready once its change listener LISTENs, just after start-up.
    let ready = await fetch(`${server.url}/readyz`);
    for (let tries = 0; ready.status !== 200 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await fetch(`${server.url}/readyz`);
    }
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });
});

describe("metrics on the public port", () => {
  it("needs the bearer token", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: "Bearer nope-nope-nope-nope" },
    });
    expect(wrong.status).toBe(401);
  });

  it("counts verifications by door and code, the cache and process metrics", async () => {
    const { secret } = await createKeyRow({ organizationId });
    expect((await verify(secret)).code).toBe("VALID");
    expect((await verify(secret)).code).toBe("VALID");
    expect((await verify("kp_not_a_key")).code).toBe("NOT_FOUND");
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^keyplane_verifications_total\{door="verify",code="VALID"\} 2$/m);
    expect(text).toMatch(/^keyplane_verifications_total\{door="verify",code="NOT_FOUND"\} 1$/m);
    expect(text).toMatch(/^keyplane_verify_duration_seconds_count 3$/m);
    expect(text).toMatch(/^keyplane_verify_duration_seconds_bucket\{le="\+Inf"\} 3$/m);
    expect(text).toMatch(/^keyplane_verify_cache_hits_total 1$/m);
    expect(text).toMatch(/^keyplane_verify_cache_entries 1$/m);
    expect(text).toMatch(/^keyplane_verify_cache_loads_total 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^keyplane_usage_batches_written_total \d+$/m);
  });
});

describe("metrics on their own port", () => {
  it("serves /metrics there without a token, and answers 404 for it on the public port", async () => {
    const metricsPort = await freePort();
    const other = await startServerChild(database.current().url, {
      KEYPLANE_METRICS_PORT: String(metricsPort),
    });
    try {
      expect((await fetch(`${other.url}/metrics`)).status).toBe(404);
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^# TYPE keyplane_verify_duration_seconds histogram$/m);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/verify`, { method: "POST" })).status).toBe(
        404,
      );
    } finally {
      expect(await other.signal("SIGTERM")).toBe(0);
    }
  }, 120_000);
});

describe("request log", () => {
  it("writes one JSON line per request with its id, route, status, organization and actor, and no secret", async () => {
    const created = await fetch(`${server.url}/api/v1/keys`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${manager.secret}`,
        "content-type": "application/json",
        "x-request-id": "ops-test-create-1",
      },
      body: JSON.stringify({ label: "from-the-log-test" }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-request-id")).toBe("ops-test-create-1");
    const { secrets } = (await created.json()) as { secrets: { primary: string } };
    expect((await verify(secrets.primary)).code).toBe("VALID");
    // An insane request id is replaced, not echoed.
    const odd = await fetch(`${server.url}/api/v1/keys`, {
      headers: { authorization: `Bearer ${manager.secret}`, "x-request-id": "no spaces/or slashes allowed" },
    });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // A password, an authenticator code and a reset token sent to the server never reach its log.
    const password = "Correct-Horse-Battery-Staple-91";
    const totp = "492817";
    const resetToken = "reset0token0abcdef0123456789";
    await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-request-id": "ops-test-sign-in" },
      body: new URLSearchParams({ email: "owner@example.com", password, code: totp }).toString(),
    });
    await fetch(`${server.url}/set-password/${resetToken}?token=${resetToken}`, {
      headers: { "x-request-id": "ops-test-reset" },
    });

    const lines = await logLines((records) =>
      ["ops-test-create-1", "ops-test-sign-in", "ops-test-reset"].every((id) =>
        records.some((r) => r.requestId === id),
      ),
    );
    const create = lines.find((line) => line.requestId === "ops-test-create-1");
    expect(create).toMatchObject({
      level: "info",
      method: "POST",
      route: "/api/v1/keys",
      status: 201,
      organization: organizationId,
      actor: `key:${manager.id}`,
    });
    expect(typeof create?.time).toBe("string");
    expect(typeof create?.durationMs).toBe("number");
    expect(lines.find((line) => line.requestId === "ops-test-reset")?.route).toBe("/set-password/:token");
    expect(lines.find((line) => line.requestId === "ops-test-sign-in")?.route).toBe(
      "/api/auth/callback/credentials",
    );
    const log = server.stdout();
    for (const needle of [manager.secret, secrets.primary, password, totp, resetToken]) {
      expect(log).not.toContain(needle);
    }
  });
});

describe("graceful shutdown", () => {
  it("answers every request on a connection opened before SIGTERM and writes every count", async () => {
    const keys = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createKeyRow({ organizationId, label: `load-${i}` })),
    );
    const valid = new Map(keys.map(({ key }) => [key.id, 0]));
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    let answered = 0;
    let failed = 0;
    const failures: string[] = [];
    let signalled = false;
    let signalSent: () => void = () => undefined;
    const enoughLoad = new Promise<void>((resolve) => (signalSent = resolve));

    const worker = async (n: number) => {
      const { key, secret } = keys[n % keys.length]!;
      for (;;) {
        const outcome = await post(agent, server.url, secret);
        if (outcome.kind === "refused") return; // a new connection after SIGTERM: not in flight
        if (outcome.kind === "failed") {
          failed++;
          failures.push(outcome.error);
          return;
        }
        answered++;
        if (outcome.code === "VALID") valid.set(key.id, (valid.get(key.id) ?? 0) + 1);
        if (answered >= 300 && !signalled) signalSent();
        if (outcome.closed && signalled) return;
      }
    };
    const workers = Array.from({ length: 16 }, (_, n) => worker(n));
    const settled = Promise.all(workers);
    await Promise.race([enoughLoad, settled]);
    expect(answered).toBeGreaterThanOrEqual(300);
    signalled = true;
    const exitCode = server.signal("SIGTERM");
    await settled;
    agent.destroy();
    expect(await exitCode).toBe(0);
    expect(failures).toEqual([]);
    expect(failed).toBe(0);

    const rows = await getDb().keyUsage.groupBy({
      by: ["keyId"],
      where: { keyId: { in: keys.map(({ key }) => key.id) } },
      _sum: { valid: true },
    });
    const written = new Map(rows.map((row) => [row.keyId, row._sum.valid ?? 0]));
    for (const [keyId, count] of valid) expect(written.get(keyId) ?? 0).toBe(count);
    expect([...valid.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    const log = await logLines((records) => records.some((r) => r.msg === "stopped"));
    expect(log.find((line) => line.msg === "stopped")).toMatchObject({ job: "shutdown", cutOff: false });
  }, 120_000);
});

type LogRecord = Record<string, unknown>;

/** The server's JSON log lines, once `ready` holds for them (the log is written asynchronously). */
async function logLines(ready: (records: LogRecord[]) => boolean): Promise<LogRecord[]> {
  for (;;) {
    const records = server
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as LogRecord);
    if (ready(records)) return records;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Outcome =
  | { kind: "answered"; code: string; closed: boolean }
  | { kind: "refused" }
  | { kind: "failed"; error: string };

/** One verification on the keep-alive agent; "refused" when no connection could be opened. */
function post(agent: Agent, base: string, secret: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      `${base}/api/v1/verify`,
      { method: "POST", agent, headers: { authorization: `Bearer ${secret}`, "content-length": 0 } },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => {
          const closed = res.headers.connection === "close";
          try {
            resolve({ kind: "answered", code: (JSON.parse(text) as { code: string }).code, closed });
          } catch {
            resolve({ kind: "failed", error: `unreadable answer ${res.statusCode}: ${text}` });
          }
        });
        res.on("error", (error) => resolve({ kind: "failed", error: error.message }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === "ECONNREFUSED"
          ? { kind: "refused" }
          : { kind: "failed", error: `${error.code}: ${error.message}` },
      ),
    );
    req.end();
  });
}
