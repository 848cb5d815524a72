import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { transact } from "@/lib/db/transaction";
import { updateKey } from "@/lib/keys/update";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createSystemRow } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";

// Organization keys limited to systems, over real HTTP on both doors of the fast path. The rule
// (lib/verify/decide.ts): a request that names a system (by id or slug) is allowed for a limited
// key only when that system is one of its limits; a request that names no system makes no system
// check at all, so a data plane that belongs to a system must name it on every request.

useTestDatabase();

const ids: Record<string, string> = {};
let secret: string;
let owner: { id: string; email: string };
let keyVersion: number;
let fastPath: VerifyFastPath;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const acme = await createOrgWithOwner("Acme");
  const other = await createOrgWithOwner("Globex");
  owner = acme.owner;
  const [billing, search, payments, foreign] = await Promise.all([
    createSystemRow(acme.org.id, "Billing"),
    createSystemRow(acme.org.id, "Search"),
    createSystemRow(acme.org.id, "Payments"),
    createSystemRow(other.org.id, "Billing"),
  ]);
  Object.assign(ids, {
    org: acme.org.id,
    billing: billing.id,
    search: search.id,
    payments: payments.id,
    foreign: foreign.id,
  });
  const limited = await createKeyRow({
    organizationId: acme.org.id,
    permissions: ["nodes:add"],
    systemLimits: [billing.id, search.id],
  });
  secret = limited.secret;
  ids.key = limited.key.id;
  keyVersion = limited.key.version;
  fastPath = createVerifyFastPath({
    runtime: new VerifyRuntime({
      ttlMs: 30_000,
      limiter: { capacity: 1_000 },
      usage: { intervalMs: 60_000 },
      listen: false,
    }),
  });
  server = await startFastPathServer(fastPath);
});

afterAll(async () => {
  await server?.close();
  await fastPath?.close();
});

async function verify(body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    valid: boolean;
    code: string;
    keyId: string | null;
    permissions: string[];
  };
}

async function forwardAuth(query: string) {
  const response = await fetch(`${server.url}/api/v1/forward-auth${query}`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  await response.text();
  return {
    status: response.status,
    code: response.headers.get("x-keyplane-code"),
    headers: response.headers,
  };
}

type Case = [name: string, code: "VALID" | "SYSTEM_NOT_ALLOWED", system: () => string | undefined];
const cases: Case[] = [
  ["a listed system by slug", "VALID", () => "billing"],
  ["a listed system by id", "VALID", () => ids.billing],
  ["the other listed system by id", "VALID", () => ids.search],
  ["the other listed system by slug", "VALID", () => "search"],
  ["an unlisted system of its organization by slug", "SYSTEM_NOT_ALLOWED", () => "payments"],
  ["an unlisted system of its organization by id", "SYSTEM_NOT_ALLOWED", () => ids.payments],
  ["another organization's system with a listed slug, by id", "SYSTEM_NOT_ALLOWED", () => ids.foreign],
  ["a system that does not exist", "SYSTEM_NOT_ALLOWED", () => "nope"],
  ["no system named (no system check)", "VALID", () => undefined],
];

describe("an organization key limited to systems", () => {
  it.each(cases)("verify, %s → %s", async (_name, code, system) => {
    const answer = await verify({ system: system(), permission: "nodes:add" });
    expect(answer).toMatchObject({
      valid: code === "VALID",
      code,
      keyId: ids.key,
      permissions: ["nodes:add"],
    });
  });

  it.each(cases)("forward-auth, %s → %s", async (_name, code, system) => {
    const named = system();
    const {
      status,
      code: answered,
      headers,
    } = await forwardAuth(
      `?permission=nodes:add${named === undefined ? "" : `&system=${encodeURIComponent(named)}`}`,
    );
    expect(status).toBe(code === "VALID" ? 204 : 403);
    expect(answered).toBe(code);
    if (code === "VALID") {
      expect(headers.get("x-keyplane-key-id")).toBe(ids.key);
      // An organization key has no system of its own to report, limited or not.
      expect(headers.get("x-keyplane-system")).toBeNull();
    }
  });

  it("refuses the system before judging the permission", async () => {
    expect((await verify({ system: "payments", permission: "keys:manage" })).code).toBe("SYSTEM_NOT_ALLOWED");
    expect((await verify({ system: "billing", permission: "keys:manage" })).code).toBe(
      "INSUFFICIENT_PERMISSIONS",
    );
  });

  it("follows an edit of its limits at once (through the key core and the cache invalidation)", async () => {
    const ctx: Ctx = {
      actor: { type: "user", id: owner.id, label: owner.email },
      organizationId: ids.org ?? "",
      meta: { ip: "203.0.113.7", userAgent: "vitest" },
      // Moving and lifting limits widens the key: as the console after the owner's fresh step-up.
      freshStepUp: true,
    };
    expect((await verify({ system: "payments" })).code).toBe("SYSTEM_NOT_ALLOWED");
    const moved = await transact((tx) =>
      updateKey(
        ctx,
        { keyId: ids.key ?? "", expectedVersion: keyVersion, systemLimits: [ids.payments ?? ""] },
        tx,
      ),
    );
    keyVersion = moved.key.version;
    expect(moved.key.systemLimits.map((s) => s.name)).toEqual(["Payments"]);
    expect((await verify({ system: "payments" })).code).toBe("VALID");
    expect((await verify({ system: "billing" })).code).toBe("SYSTEM_NOT_ALLOWED");
    expect((await forwardAuth("?system=billing")).status).toBe(403);

    // Without limits it acts for every system of its organization, and only those.
    await transact((tx) =>
      updateKey(ctx, { keyId: ids.key ?? "", expectedVersion: keyVersion, systemLimits: [] }, tx),
    );
    expect((await verify({ system: "billing" })).code).toBe("VALID");
    expect((await verify({ system: ids.foreign })).code).toBe("SYSTEM_NOT_ALLOWED");
    expect((await forwardAuth(`?system=${ids.search}`)).status).toBe(204);
  });
});
