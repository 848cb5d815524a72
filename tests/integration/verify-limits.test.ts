import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import type { CreditRefill, KeyRatelimit } from "@/lib/keys/limits";
import { usageColumns } from "@/lib/keys/usage-columns";
import { createRedis } from "@/lib/ops/redis";
import { createVerifyFastPath } from "@/lib/verify/http";
import { createRedisLimitStore } from "@/lib/verify/key-limits";
import { VerifyRuntime, type VerifyRuntimeOptions } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";

// Keys that carry their own limits (README, "Rate limits, credits and metadata"): exact counts
// under 50 concurrent connections, on one instance and across two that share the database (and
// Redis for rate limits), refills at the period boundary, and both doors' answers.

useTestDatabase();

const REDIS_URL = process.env.KEYPLANE_REDIS_URL ?? "redis://127.0.0.1:6379";
let organizationId: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  organizationId = (await createOrgWithOwner("Acme")).org.id;
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

type Answer = { status: number; headers: Headers; json: Record<string, unknown> | null };

async function instance(options: VerifyRuntimeOptions = {}) {
  const fastPath = createVerifyFastPath({
    runtime: new VerifyRuntime({ ttlMs: 30_000, usage: { intervalMs: 60_000 }, ...options }),
  });
  const server = await startFastPathServer(fastPath);
  closers.push(fastPath.close, server.close);
  const read = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
  };
  return {
    verify: async (body: Record<string, unknown>) =>
      read(
        await fetch(`${server.url}/api/v1/verify`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      ),
    forwardAuth: async (secret: string, query = "") =>
      read(await fetch(`${server.url}/api/v1/forward-auth${query}`, { headers: { "x-api-key": secret } })),
  };
}

async function meteredKey(fields: {
  ratelimits?: KeyRatelimit[];
  credits?: { remaining: number; refill?: CreditRefill | null } | null;
  meta?: Record<string, unknown> | null;
  externalId?: string | null;
}) {
  const { key, secret } = await createKeyRow({ organizationId });
  await getDb().apiKey.update({ where: { id: key.id }, data: usageColumns(fields, Date.now()) });
  return { key, secret };
}

/** `total` calls spread over 50 concurrent workers; the codes answered, counted. */
async function flood(total: number, call: (i: number) => Promise<Answer>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < total) {
        const i = next++;
        const answer = await call(i);
        const code = String(answer.json?.code ?? answer.headers.get("x-keyplane-code") ?? answer.status);
        counts[code] = (counts[code] ?? 0) + 1;
      }
    }),
  );
  return counts;
}

const HOUR = 3_600_000;
const perHour = (limit: number, autoApply = true): KeyRatelimit => ({
  name: "requests",
  limit,
  durationMs: HOUR,
  autoApply,
});

describe("usage credits", () => {
  it("a key with 1,000 credits answers VALID exactly 1,000 times under 50 connections across two instances", async () => {
    const { key, secret } = await meteredKey({ credits: { remaining: 1000 } });
    const [a, b] = [await instance(), await instance()];
    const counts = await flood(1200, (i) => (i % 2 === 0 ? a : b).verify({ key: secret }));
    expect(counts).toEqual({ VALID: 1000, USAGE_EXCEEDED: 200 });
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.creditsRemaining).toBe(0);
  }, 180_000);

  it("accounts every credit exactly when concurrent spends of different costs are grouped, across two instances", async () => {
    const { key, secret } = await meteredKey({ credits: { remaining: 500 } });
    const [a, b] = [await instance(), await instance()];
    const spends: { cost: number; remaining: number }[] = [];
    const counts = await flood(400, async (i) => {
      const cost = (i % 3) + 1;
      const answer = await (i % 2 === 0 ? a : b).verify({ key: secret, cost });
      const remaining = (answer.json?.credits as { remaining: number } | undefined)?.remaining;
      if (answer.json?.code === "VALID" && remaining !== undefined) spends.push({ cost, remaining });
      return answer;
    });
    expect(counts.VALID).toBe(spends.length);
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    // Every VALID answer took its cost from the balance the one before it left: one chain, 500 down to
    // what the row holds, with no credit taken twice or taken without a VALID answer.
    spends.sort((x, y) => y.remaining - x.remaining);
    let balance = 500;
    for (const spend of spends) {
      expect(spend.remaining).toBe(balance - spend.cost);
      balance = spend.remaining;
    }
    expect(row.creditsRemaining).toBe(balance);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(balance).toBeLessThan(3);
  }, 180_000);

  it("gives each of many keys exactly its own credits when their spends share statements", async () => {
    const keys = await Promise.all(
      Array.from({ length: 20 }, () => meteredKey({ credits: { remaining: 30 } })),
    );
    const [a, b] = [await instance(), await instance()];
    const valid = new Map<string, number>();
    const counts = await flood(20 * 40, async (i) => {
      const { key, secret } = keys[i % keys.length] as (typeof keys)[number];
      const answer = await (i % 2 === 0 ? a : b).verify({ key: secret });
      if (answer.json?.code === "VALID") valid.set(key.id, (valid.get(key.id) ?? 0) + 1);
      return answer;
    });
    expect(counts).toEqual({ VALID: 20 * 30, USAGE_EXCEEDED: 20 * 10 });
    for (const { key } of keys) expect(valid.get(key.id)).toBe(30);
    const rows = await getDb().apiKey.findMany({ where: { id: { in: keys.map(({ key }) => key.id) } } });
    expect(rows.map((row) => row.creditsRemaining)).toEqual(rows.map(() => 0));
  }, 180_000);

  it("spends the request's cost, answers the balance, and refuses through both doors at zero", async () => {
    const { secret } = await meteredKey({ credits: { remaining: 5 } });
    const door = await instance();
    const spent = await door.verify({ key: secret, cost: 3 });
    expect(spent.json).toMatchObject({ valid: true, code: "VALID", credits: { remaining: 2 } });
    const tooMuch = await door.verify({ key: secret, cost: 3 });
    expect(tooMuch.status).toBe(200);
    expect(tooMuch.json).toMatchObject({ valid: false, code: "USAGE_EXCEEDED", credits: { remaining: 2 } });
    expect((await door.forwardAuth(secret)).status).toBe(204);
    expect((await door.forwardAuth(secret)).status).toBe(204);
    const refused = await door.forwardAuth(secret);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-keyplane-code")).toBe("USAGE_EXCEEDED");
    expect(refused.json).toMatchObject({ code: "USAGE_EXCEEDED", credits: { remaining: 0 } });
  });

  it("refills at the period boundary, by the clock", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-01-30T12:00:00Z"));
    const { key, secret } = await meteredKey({
      credits: { remaining: 1, refill: { interval: "monthly", amount: 3, day: 31 } },
    });
    const door = await instance();
    expect((await door.verify({ key: secret })).json?.code).toBe("VALID");
    vi.setSystemTime(new Date("2027-01-30T23:59:59.999Z"));
    expect((await door.verify({ key: secret })).json?.code).toBe("USAGE_EXCEEDED");
    vi.setSystemTime(new Date("2027-01-31T00:00:00Z")); // the refill day
    const refilled = await door.verify({ key: secret });
    expect(refilled.json).toMatchObject({ code: "VALID", credits: { remaining: 2 } });
    // February has no 31st: its last day is the refill day.
    vi.setSystemTime(new Date("2027-02-27T23:59:59Z"));
    await door.verify({ key: secret });
    await door.verify({ key: secret });
    expect((await door.verify({ key: secret })).json?.code).toBe("USAGE_EXCEEDED");
    vi.setSystemTime(new Date("2027-02-28T00:00:00Z"));
    expect((await door.verify({ key: secret })).json).toMatchObject({ credits: { remaining: 2 } });
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.creditsPeriod).toBe("2027-02-28");
  });
});

describe("rate limits", () => {
  it("is exact on one instance under 50 connections, and answers RATE_LIMITED with the limits", async () => {
    const { secret } = await meteredKey({ ratelimits: [perHour(100)] });
    const door = await instance();
    expect(await flood(150, () => door.verify({ key: secret }))).toEqual({ VALID: 100, RATE_LIMITED: 50 });
    const limited = await door.verify({ key: secret });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.json).toMatchObject({
      valid: false,
      code: "RATE_LIMITED",
      ratelimits: [{ name: "requests", limit: 100, remaining: 0 }],
    });
    const reset = (limited.json?.ratelimits as { reset: number }[])[0]!.reset;
    expect(reset % HOUR).toBe(0);
    const forwarded = await door.forwardAuth(secret);
    expect(forwarded.status).toBe(429);
    expect(forwarded.headers.get("x-keyplane-code")).toBe("RATE_LIMITED");
    expect(Number(forwarded.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("checks a limit that is not auto-applied only when the request names it, at its cost", async () => {
    const { secret } = await meteredKey({ ratelimits: [perHour(5, false)] });
    const door = await instance();
    for (let i = 0; i < 10; i++) expect((await door.verify({ key: secret })).json?.code).toBe("VALID");
    const named = await door.verify({ key: secret, ratelimits: [{ name: "requests", cost: 4 }] });
    expect(named.json).toMatchObject({ code: "VALID", ratelimits: [{ name: "requests", remaining: 1 }] });
    expect((await door.forwardAuth(secret, "?ratelimit=requests")).status).toBe(204);
    expect((await door.forwardAuth(secret, "?ratelimit=requests")).status).toBe(429);
    expect((await door.forwardAuth(secret)).status).toBe(204);
  });

  it("without Redis, each instance counts on its own (the documented per-instance bound)", async () => {
    const { secret } = await meteredKey({ ratelimits: [perHour(10)] });
    const [a, b] = [await instance(), await instance()];
    const counts = await flood(40, (i) => (i % 2 === 0 ? a : b).verify({ key: secret }));
    expect(counts).toEqual({ VALID: 20, RATE_LIMITED: 20 });
  });

  it("with Redis, two instances share one budget exactly under 50 connections", async () => {
    const store = () => {
      const redis = createRedis(REDIS_URL);
      closers.push(async () => void (await redis.quit()));
      return createRedisLimitStore(redis);
    };
    const { secret } = await meteredKey({ ratelimits: [perHour(100)], credits: { remaining: 1000 } });
    const [a, b] = [await instance({ limits: store() }), await instance({ limits: store() })];
    const counts = await flood(160, (i) => (i % 2 === 0 ? a : b).verify({ key: secret }));
    expect(counts).toEqual({ VALID: 100, RATE_LIMITED: 60 });
    // Refused by a limit, a verification spends no credits.
    const after = await a.verify({ key: secret, cost: 0 });
    expect(after.json).toMatchObject({ code: "RATE_LIMITED" });
    const row = await getDb().apiKey.findFirstOrThrow({ where: { organizationId, creditsRemaining: 900 } });
    expect(row.creditsRemaining).toBe(900);
  });
});

describe("metadata and external id", () => {
  it("verify returns them, forward-auth sends X-Keyplane-External-Id, plain keys answer as before", async () => {
    const { secret } = await meteredKey({ meta: { plan: "pro", seats: 3 }, externalId: "cus_123" });
    const door = await instance();
    const answer = await door.verify({ key: secret });
    expect(answer.json).toMatchObject({
      code: "VALID",
      externalId: "cus_123",
      meta: { plan: "pro", seats: 3 },
    });
    const allowed = await door.forwardAuth(secret);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("x-keyplane-external-id")).toBe("cus_123");

    const plain = await createKeyRow({ organizationId });
    const plainAnswer = await door.verify({ key: plain.secret });
    expect(Object.keys(plainAnswer.json ?? {}).sort()).toEqual(
      ["code", "expiresAt", "keyId", "organizationId", "permissions", "systemId", "valid"].sort(),
    );
    expect((await door.forwardAuth(plain.secret)).headers.get("x-keyplane-external-id")).toBeNull();
  });
});
