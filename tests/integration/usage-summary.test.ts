import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { getKeyDetails } from "@/lib/keys/queries";
import { getOrgOverview } from "@/lib/orgs/overview";
import { getKeyUsage, getOrganizationUsage } from "@/lib/usage/queries";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";

// The charts' figures: what the verify server counted, per key and per organization, per UTC day,
// never mixing in another organization's keys.

useTestDatabase();

const DAY_MS = 86_400_000;
let acme: { id: string; ownerId: string };
let globex: { id: string };
let fastPath: VerifyFastPath;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const created = await createOrgWithOwner("Acme");
  acme = { id: created.org.id, ownerId: created.owner.id };
  globex = { id: (await createOrgWithOwner("Globex")).org.id };
  fastPath = createVerifyFastPath({
    runtime: new VerifyRuntime({ ttlMs: 30_000, usage: { intervalMs: 60_000 } }),
  });
  server = await startFastPathServer(fastPath);
});

afterAll(async () => {
  await server?.close();
  await fastPath?.close();
});

async function verify(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { code: string }).code;
}

function hourStart(date: Date): Date {
  return new Date(date.getTime() - (date.getTime() % 3_600_000));
}

describe("verification counts for the charts", () => {
  it("a key's details count what the verify server saw, per day", async () => {
    const { key, secret } = await createKeyRow({ organizationId: acme.id, permissions: ["nodes:add"] });
    for (let i = 0; i < 3; i++) expect(await verify({ key: secret, permission: "nodes:add" })).toBe("VALID");
    expect(await verify({ key: secret, permission: "keys:manage" })).toBe("INSUFFICIENT_PERMISSIONS");
    await fastPath.runtime.usage.flush();

    const details = await getKeyDetails(acme.id, key.id);
    expect(details?.usage).toMatchObject({ valid: 3, refused: 1 });
    expect(details?.usage.days.at(-1)).toEqual({
      day: new Date().toISOString().slice(0, 10),
      valid: 3,
      refused: 1,
    });
  });

  it("adds up an organization's keys per day and leaves out other organizations and old hours", async () => {
    const now = new Date();
    const { key: one } = await createKeyRow({ organizationId: globex.id });
    const { key: two } = await createKeyRow({ organizationId: globex.id });
    const { key: foreign } = await createKeyRow({ organizationId: acme.id });
    const yesterday = hourStart(new Date(now.getTime() - DAY_MS));
    await getDb().keyUsage.createMany({
      data: [
        { keyId: one.id, organizationId: globex.id, hour: hourStart(now), valid: 10, refused: 2 },
        { keyId: two.id, organizationId: globex.id, hour: hourStart(now), valid: 5, refused: 0 },
        { keyId: two.id, organizationId: globex.id, hour: yesterday, valid: 4, refused: 1 },
        {
          keyId: two.id,
          organizationId: globex.id,
          hour: new Date(now.getTime() - 40 * DAY_MS),
          valid: 1000,
          refused: 1000,
        },
        { keyId: foreign.id, organizationId: acme.id, hour: hourStart(now), valid: 99, refused: 99 },
      ],
    });

    const usage = await getOrganizationUsage(globex.id, now);
    expect(usage).toMatchObject({ valid: 19, refused: 3 });
    expect(usage.days.at(-1)).toMatchObject({ valid: 15, refused: 2 });
    expect(usage.days.at(-2)).toMatchObject({ valid: 4, refused: 1 });
    expect(await getKeyUsage(globex.id, two.id, now)).toMatchObject({ valid: 9, refused: 1 });
    // Another organization's id finds nothing, even with the right key id.
    expect(await getKeyUsage(acme.id, two.id, now)).toMatchObject({ valid: 0, refused: 0 });
  });

  it("the overview shows the chart to roles that read keys only", async () => {
    const options = { includeAudit: false };
    const owner = await getOrgOverview(
      globex.id,
      { userId: acme.ownerId, role: "owner" },
      { ...options, includeKeys: true },
    );
    expect(owner.usage).toMatchObject({ valid: 19, refused: 3 });
    const member = await getOrgOverview(
      globex.id,
      { userId: acme.ownerId, role: "member" },
      { ...options, includeKeys: false },
    );
    expect(member.usage).toBeNull();
  });
});
