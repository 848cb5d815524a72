import { randomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { getDb } from "@/lib/db";
import { generateSecret } from "@/lib/keys/format";
import { hashSecret } from "@/lib/keys/hash";
import { DEFAULT_MISS_CAPACITY } from "@/lib/verify/rate-limit";
import { testProvider, useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { managementKey } from "../support/api";
import { startServerChild, type ServerChild } from "../support/server-child";

// Several instances on one PostgreSQL database (README, "Several instances"): two real server
// processes (scripts/lib/serve.ts, REST API handlers in place of Next.js) on two ports. A change
// made through one is refused by the other's verify within a second (the time is printed, not
// asserted: timings belong in `npm run bench`); a flood of failed verifications against both spends
// ONE budget, through PostgreSQL or Redis; and killing one instance mid-write loses nothing it
// acknowledged and leaves the audit chain intact. PostgreSQL only (CI always sets TEST_DATABASE_URL).

const database = useTestDatabase();
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Up to this long for a change to reach the other instance (the bound). */
const PROPAGATION_MS = 1_000;

type Json = Record<string, unknown>;

async function api(server: ServerChild, secret: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

/** A verification from `source` (the instances believe X-Forwarded-For from loopback). */
async function verify(server: ServerChild, secret: string, source = "198.51.100.1"): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": source },
  });
  return ((await response.json()) as { code: string }).code;
}

/** Polls `server` until `secret` no longer verifies, at most PROPAGATION_MS; the answer and the time. */
async function untilRefused(server: ServerChild, secret: string, since: number) {
  let code = await verify(server, secret);
  while (code === "VALID" && performance.now() - since < PROPAGATION_MS) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    code = await verify(server, secret);
  }
  return { code, ms: performance.now() - since };
}

function randomSource(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** Unknown secrets from one source, alternating between the instances; the answers' codes. */
async function flood(instances: ServerChild[], source: string, attempts: number): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < attempts; i++) {
    codes.push(await verify(instances[i % instances.length] as ServerChild, generateSecret(), source));
  }
  return codes;
}

const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;

describe.runIf(process.env.CI)("CI", () => {
  it("runs the several-instances test on PostgreSQL", () => {
    expect(process.env.TEST_DATABASE_URL, "CI must set TEST_DATABASE_URL").toMatch(/^postgres/);
  });
});

describe.skipIf(testProvider() !== "postgresql")("several instances on one PostgreSQL database", () => {
  let organizationId: string;
  let manager: { secret: string };
  let a: ServerChild;
  let b: ServerChild;
  const started: ServerChild[] = [];

  async function start(env: Record<string, string> = {}): Promise<ServerChild> {
    const server = await startServerChild(database.current().url, {
      KEYPLANE_TRUSTED_PROXIES: "loopback",
      ...env,
    });
    started.push(server);
    // Ready once the change listener LISTENs: before that, another instance's change could be missed.
    for (let tries = 0; tries < 200; tries++) {
      if ((await fetch(`${server.url}/readyz`)).status === 200) return server;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the instance never became ready");
  }

  beforeAll(async () => {
    organizationId = (await createOrgWithOwner("Acme")).org.id;
    manager = await managementKey({ organizationId, label: "instances-manager" });
    [a, b] = await Promise.all([start(), start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(started.map((server) => server.signal("SIGKILL")));
  });

  async function createKey(on: ServerChild, label: string) {
    const created = await api(on, manager.secret, "POST", "/keys", { label });
    expect(created.status).toBe(201);
    const key = created.json.key as { id: string };
    const secret = (created.json.secrets as { primary: string }).primary;
    return { id: key.id, secret };
  }

  it("a revoke, a disable and a roll through one instance are refused by the other within 1 s", async () => {
    const changes = [
      { name: "revoke", path: "revoke", body: undefined, refused: "REVOKED" },
      { name: "disable", path: "disable", body: undefined, refused: "DISABLED" },
      { name: "roll (grace now)", path: "roll", body: { grace: "now" }, refused: "NOT_FOUND" },
    ];
    for (const change of changes) {
      const key = await createKey(a, `propagation-${change.path}`);
      // The other instance has the key in its cache: the change must reach it, not a cold read.
      expect(await verify(b, key.secret)).toBe("VALID");
      expect(await verify(b, key.secret)).toBe("VALID");
      const answer = await api(a, manager.secret, "POST", `/keys/${key.id}/${change.path}`, change.body);
      expect(answer.status).toBe(200);
      const since = performance.now();
      const { code, ms } = await untilRefused(b, key.secret, since);
      console.log(`several instances: ${change.name} on A refused by B's verify after ${ms.toFixed(0)} ms`);
      expect(code).toBe(change.refused);
      if (change.path === "roll") {
        const rolled = (answer.json.secrets as { primary: string }).primary;
        expect(await verify(b, rolled)).toBe("VALID");
      }
    }
  });

  it("a flood of failed verifications against both instances spends one budget, shared through PostgreSQL", async () => {
    const codes = await flood([a, b], randomSource(), DEFAULT_MISS_CAPACITY * 3);
    // One budget per instance would answer NOT_FOUND twice the capacity.
    expect(count(codes, "NOT_FOUND")).toBe(DEFAULT_MISS_CAPACITY);
    expect(count(codes, "RATE_LIMITED")).toBe(DEFAULT_MISS_CAPACITY * 2);
    const rows = await getDb().rateLimit.findMany({ where: { key: { startsWith: "verify-miss:" } } });
    expect(rows.length).toBeGreaterThan(0);
  });

  it("with KEYPLANE_REDIS_URL, the flood's budget is shared through Redis", async () => {
    const [c, d] = await Promise.all([
      start({ KEYPLANE_REDIS_URL: REDIS_URL }),
      start({ KEYPLANE_REDIS_URL: REDIS_URL }),
    ]);
    const before = await getDb().rateLimit.count({ where: { key: { startsWith: "verify-miss:" } } });
    const codes = await flood(
      [c as ServerChild, d as ServerChild],
      randomSource(),
      DEFAULT_MISS_CAPACITY * 3,
    );
    expect(count(codes, "NOT_FOUND")).toBe(DEFAULT_MISS_CAPACITY);
    expect(count(codes, "RATE_LIMITED")).toBe(DEFAULT_MISS_CAPACITY * 2);
    // Counted in Redis, not in the database.
    expect(await getDb().rateLimit.count({ where: { key: { startsWith: "verify-miss:" } } })).toBe(before);
  }, 180_000);

  it("killing one instance mid-write loses no acknowledged change and leaves the audit chain intact", async () => {
    const victim = await start();
    const created: { id: string; secret: string }[] = [];
    const rolled: { id: string; secret: string }[] = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const answer = await api(victim, manager.secret, "POST", "/keys", { label: `crash-${n}-${i}` });
          if (answer.status !== 201) continue;
          const key = { id: (answer.json.key as { id: string }).id, secret: "" };
          key.secret = (answer.json.secrets as { primary: string }).primary;
          created.push(key);
          const roll = await api(victim, manager.secret, "POST", `/keys/${key.id}/roll`, { grace: "1h" });
          if (roll.status === 200) {
            rolled.push({ id: key.id, secret: (roll.json.secrets as { primary: string }).primary });
          }
        } catch {
          return; // the connection died with the instance
        }
      }
    };
    const writers = Array.from({ length: 6 }, (_, n) => writer(n));
    // Kill it once it has acknowledged some writes, while the writers keep going.
    while (created.length + rolled.length < 12) await new Promise((resolve) => setTimeout(resolve, 10));
    await victim.signal("SIGKILL");
    stop = true;
    await Promise.all(writers);
    console.log(
      `several instances: SIGKILL after ${created.length} acknowledged creates and ${rolled.length} rolls`,
    );

    const db = getDb();
    for (const key of created) {
      const row = await db.apiKey.findUnique({ where: { id: key.id }, select: { id: true } });
      expect(row, `acknowledged create ${key.id}`).not.toBeNull();
    }
    for (const key of rolled) {
      const secret = await db.keySecret.findFirst({
        where: { keyId: key.id, slot: "primary", hash: hashSecret(key.secret) },
      });
      expect(secret, `acknowledged roll of ${key.id}`).not.toBeNull();
    }
    // The survivor answers for all of it.
    for (const key of rolled.slice(0, 3)) expect(await verify(b, key.secret)).toBe("VALID");
    const audit = await db.auditEntry.count({
      where: { organizationId, action: "key.created", targetId: { in: created.map((k) => k.id) } },
    });
    expect(audit).toBe(created.length);
    const chain = await checkAuditChain(organizationId);
    expect(chain.ok).toBe(true);
  }, 120_000);
});
