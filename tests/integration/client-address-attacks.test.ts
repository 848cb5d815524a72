import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSecret } from "@/lib/keys/format";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { createApiWorld, latestAudit, managementKey, stopVerifyRuntime, type ApiWorld } from "../support/api";
import { startApiServer } from "../support/api-server";
import type { ClientAddressOptions } from "../support/client-address";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createUser, uniqueEmail } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";
import { startSignInServer } from "../support/sign-in-server";

// Issue 12, failures 3, 4 and 5: a caller choosing the address Keyplane believes. Every attack goes
// through a real HTTP server that sets the caller's address as Keyplane's own server does. The
// tests connect from 127.0.0.1: "behind a proxy" means the server trusts loopback and the test
// plays that proxy, appending the address it saw (REAL) to what the client sent; "direct" means
// the server trusts only an address the test does not connect from.

useTestDatabase();

/** The attacker's real address, as a trusted proxy in front of Keyplane appends it. */
const REAL = "198.51.100.7";
/** The address the attacker claims: inside the ranges the keys below are limited to. */
const CLAIMED = "203.0.113.5";
const LIMITED_TO = ["203.0.113.0/24"];
const BEHIND_LOOPBACK_PROXY: ClientAddressOptions = { trustedProxies: "loopback" };
/** Trusts one address that is not the test's own: every connection here is untrusted. */
const DIRECT: ClientAddressOptions = { trustedProxies: "192.0.2.1" };

type Server = { url: string; close: () => Promise<void> };

/** What the loopback proxy passes on: the client's X-Forwarded-For, then REAL appended. */
const viaProxy = (claimed: string) => `${claimed}, 127.0.0.1, ${REAL}`;

describe("failure 3: X-Forwarded-For written by the client", () => {
  let w: ApiWorld;
  let behindProxy: Server;
  let direct: Server;
  let limitedKey: { id: string; secret: string };

  beforeAll(async () => {
    w = await createApiWorld();
    limitedKey = await managementKey({
      organizationId: w.org.id,
      label: "office-only",
      allowedCidrs: LIMITED_TO,
    });
    behindProxy = await startApiServer(BEHIND_LOOPBACK_PROXY);
    direct = await startApiServer(DIRECT);
  });

  afterAll(async () => {
    await behindProxy?.close();
    await direct?.close();
    await stopVerifyRuntime();
  });

  const whoami = (server: Server, forwardedFor: string) =>
    fetch(`${server.url}/api/v1/whoami`, {
      headers: { authorization: `Bearer ${limitedKey.secret}`, "x-forwarded-for": forwardedFor },
    });

  it("an IP-limited management key is refused from outside its range, whatever the client writes", async () => {
    // The client sends "CLAIMED, 127.0.0.1"; the proxy appends the address it saw.
    const proxied = await whoami(behindProxy, `${CLAIMED}, 127.0.0.1, ${REAL}`);
    expect(proxied.status).toBe(403);
    // Straight to a server that does not trust the caller: the header is not read at all.
    const straight = await whoami(direct, `${CLAIMED}, 127.0.0.1`);
    expect(straight.status).toBe(403);
  });

  it("the audit log records the address the trusted proxy saw, not the client's claim", async () => {
    const { key: target } = await createKeyRow({ organizationId: w.org.id, label: "audit-target" });
    const response = await fetch(`${behindProxy.url}/api/v1/keys/${target.id}/disable`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${w.orgKey.secret}`,
        "content-type": "application/json",
        "x-forwarded-for": `${CLAIMED}, 127.0.0.1, ${REAL}`,
      },
      body: "{}",
    });
    expect(response.status).toBe(200);
    const [entry] = await latestAudit(w.org.id);
    expect(entry?.ip).toBe(REAL);
  });

  it(
    "the per-address sign-in lock holds when every attempt claims a new address",
    { timeout: 120_000 },
    async () => {
      const signIn = await startSignInServer(BEHIND_LOOPBACK_PROXY);
      try {
        const password = "correct horse battery staple";
        const victim = await createUser({ password: password });
        // 30 failed sign-ins (the per-address limit), each on another account so that no account
        // lock is involved, each claiming another address in front of the one the proxy saw.
        for (let i = 0; i < 30; i++) {
          const answer = await signIn.attempt(uniqueEmail("nobody"), "wrong password", {
            forwardedFor: viaProxy(`203.0.113.${i + 1}`),
          });
          expect(answer.ok).toBe(false);
        }
        const last = await signIn.attempt(victim.email, password, { forwardedFor: viaProxy(CLAIMED) });
        expect(last).toEqual({ ok: false, code: "locked" });
      } finally {
        await signIn.close();
      }
    },
  );
});

describe("failure 4: forward-auth believes X-Real-IP from any caller", () => {
  let fastPath: VerifyFastPath;
  let direct: Server;
  let secret: string;

  beforeAll(async () => {
    const { org } = await createOrgWithOwner("Initech");
    ({ secret } = await createKeyRow({ organizationId: org.id, allowedCidrs: LIMITED_TO }));
    fastPath = createVerifyFastPath({ runtime: new VerifyRuntime({ listen: false }) });
    direct = await startFastPathServer(fastPath, DIRECT);
  });

  afterAll(async () => {
    await direct?.close();
    await fastPath?.close();
  });

  it.each([
    ["X-Real-IP", { "x-real-ip": CLAIMED }],
    ["X-Forwarded-For", { "x-forwarded-for": CLAIMED }],
  ])("a direct call claiming an address in the key's range with %s is refused", async (_name, claim) => {
    const response = await fetch(`${direct.url}/api/v1/forward-auth`, {
      headers: { authorization: `Bearer ${secret}`, ...claim },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-keyplane-code")).toBe("IP_NOT_ALLOWED");
  });
});

describe("failure 5: the verify miss limiter keyed on a value the caller chooses", () => {
  let fastPath: VerifyFastPath;
  let direct: Server;
  const ATTEMPTS = 2_000;

  beforeAll(async () => {
    // The production limiter (20 misses in a burst per address).
    fastPath = createVerifyFastPath({ runtime: new VerifyRuntime({ listen: false }) });
    direct = await startFastPathServer(fastPath, DIRECT);
  });

  afterAll(async () => {
    await direct?.close();
    await fastPath?.close();
  });

  /** Statuses of ATTEMPTS unknown keys, each with a new address made by `claim`. */
  async function flood(
    path: string,
    claim: (i: number) => { headers?: Record<string, string>; body?: object },
  ) {
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      const { headers = {}, body } = claim(i);
      const response = await fetch(`${direct.url}${path}`, {
        method: body ? "POST" : "GET",
        headers: {
          authorization: `Bearer ${generateSecret()}`,
          "content-type": "application/json",
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    return statuses;
  }

  const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

  it("a new body ip with every unknown key still meets 429 from the 21st attempt (NOT_FOUND is a 200)", async () => {
    const statuses = await flood("/api/v1/verify", (i) => ({ body: { ip: address(i) } }));
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(ATTEMPTS - 100);
  }, 120_000);

  it("a new X-Real-IP with every unknown key on forward-auth meets 429 as well", async () => {
    const statuses = await flood("/api/v1/forward-auth", (i) => ({ headers: { "x-real-ip": address(i) } }));
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(ATTEMPTS - 100);
  }, 120_000);
});
