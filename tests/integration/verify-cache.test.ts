import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db";
import { publishKeyChange } from "@/lib/keys/events";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { createKeyLoader } from "@/lib/verify/load";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { addSecretRow, createKeyRow, startFastPathServer } from "../support/keys";

// The cache behind the verify endpoint: a change published after commit is seen by the very next
// verification, rolled secrets stop at their grace end to the millisecond, entries are re-read
// after the TTL, and concurrent misses share one load.

useTestDatabase();

let organizationId: string;
const load = vi.fn(createKeyLoader(getDb));
const servers: { close: () => Promise<void> }[] = [];
const paths: VerifyFastPath[] = [];

beforeAll(async () => {
  organizationId = (await createOrgWithOwner("Acme")).org.id;
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const path of paths) await path.close();
});

async function serve(ttlMs = 30_000): Promise<(secret: string) => Promise<string>> {
  const fastPath = createVerifyFastPath({
    runtime: new VerifyRuntime({
      load,
      ttlMs,
      limiter: { capacity: 1_000 },
      usage: { intervalMs: 60_000 },
    }),
  });
  const server = await startFastPathServer(fastPath);
  paths.push(fastPath);
  servers.push(server);
  return async (secret) => {
    const response = await fetch(`${server.url}/api/v1/verify`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}` },
    });
    return ((await response.json()) as { code: string }).code;
  };
}

describe("verify cache", () => {
  it("answers from the cache until publishKeyChange, then the very next verify sees the change", async () => {
    const verify = await serve();
    const { key, secret } = await createKeyRow({ organizationId });
    expect(await verify(secret)).toBe("VALID");

    await getDb().apiKey.update({ where: { id: key.id }, data: { state: "revoked", revokedAt: new Date() } });
    // Not yet published: the cached entry still answers (this is what the cache is for).
    expect(await verify(secret)).toBe("VALID");

    publishKeyChange(key.id);
    expect(await verify(secret)).toBe("REVOKED");
  });

  it("drops every secret of the changed key, and sees a new secret at once", async () => {
    const verify = await serve();
    const { key, secret: primary } = await createKeyRow({ organizationId });
    const secondary = "Second-Secret-99?";
    expect(await verify(primary)).toBe("VALID");
    // Tried before it exists: remembered as unknown for a moment (negative cache)…
    expect(await verify(secondary)).toBe("NOT_FOUND");
    await addSecretRow(key, { slot: "secondary", secret: secondary });
    await getDb().apiKey.update({ where: { id: key.id }, data: { state: "disabled" } });
    // …until the key's change is published.
    publishKeyChange(key.id);
    expect(await verify(primary)).toBe("DISABLED");
    expect(await verify(secondary)).toBe("DISABLED");
  });

  it("keeps a rolled secret valid until its grace end and not after", async () => {
    const verify = await serve();
    const { key, secret: current } = await createKeyRow({ organizationId });
    // Close enough to wait for, far enough that a busy machine still verifies before it.
    const graceEndsAt = new Date(Date.now() + 1_500);
    const rolled = await addSecretRow(key, { slot: "rolled", graceEndsAt });
    expect(await verify(rolled)).toBe("VALID");
    await new Promise((resolve) => setTimeout(resolve, graceEndsAt.getTime() - Date.now() + 20));
    // Still cached (TTL 30 s), yet refused: the grace end is checked on every verification.
    const loads = load.mock.calls.length;
    expect(await verify(rolled)).toBe("NOT_FOUND");
    expect(load.mock.calls.length).toBe(loads);
    expect(await verify(current)).toBe("VALID");
  });

  it("re-reads an entry once the TTL has passed", async () => {
    const verify = await serve(150);
    const { key, secret } = await createKeyRow({ organizationId });
    expect(await verify(secret)).toBe("VALID");
    await getDb().apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // A change nobody published (a lost notice) is bounded by the TTL.
    await vi.waitFor(async () => expect(await verify(secret)).toBe("EXPIRED"), {
      timeout: 2_000,
      interval: 50,
    });
  });

  it("shares one database read between concurrent misses of one secret", async () => {
    const verify = await serve();
    const { secret } = await createKeyRow({ organizationId });
    const before = load.mock.calls.length;
    const codes = await Promise.all(Array.from({ length: 25 }, () => verify(secret)));
    expect(new Set(codes)).toEqual(new Set(["VALID"]));
    expect(load.mock.calls.length - before).toBe(1);
  });
});
