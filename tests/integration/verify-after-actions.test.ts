import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  disableKeyAction,
  enableKeyAction,
  revokeKeyAction,
  rollKeyAction,
  updateKeyAction,
} from "@/lib/keys/actions";
import { getDb } from "@/lib/db";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { createKeyLoader } from "@/lib/verify/load";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { actAs, createKeyAs, createKeysWorld, type KeysWorld } from "../support/key-lifecycle";
import { startFastPathServer } from "../support/keys";

// From the console to the data plane: each change made through a server action is seen by the
// very next verification through the HTTP fast path, although the cache would keep an entry for
// ten minutes. Nothing here publishes by hand: the actions' own after-commit hooks must do it.

useTestDatabase();

let w: KeysWorld;
let fastPath: VerifyFastPath;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  w = await createKeysWorld("Dataplane");
  fastPath = createVerifyFastPath({
    runtime: new VerifyRuntime({
      load: createKeyLoader(getDb),
      ttlMs: 10 * 60_000,
      limiter: { capacity: 1_000 },
      usage: { intervalMs: 60_000 },
    }),
  });
  server = await startFastPathServer(fastPath);
});

afterAll(async () => {
  await server?.close();
  await fastPath?.close();
});

async function verify(secret: string, permission?: string): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: JSON.stringify(permission ? { permission } : {}),
  });
  return ((await response.json()) as { code: string }).code;
}

function ok<T>(result: { ok: true; data: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

describe("console changes reach the verify endpoint at once", () => {
  it("disable, enable, edit, roll and revoke through the actions", async () => {
    const created = await createKeyAs(w.admin, {
      organizationId: w.org.id,
      label: "edge-gateway",
      permissions: ["nodes:add"],
      expiry: "30",
    });
    const keyId = created.key.id;
    const first = created.secrets.primary ?? "";
    expect(await verify(first, "nodes:add")).toBe("VALID");

    await actAs(w.admin);
    ok(await disableKeyAction({ keyId, expectedVersion: 1 }));
    expect(await verify(first)).toBe("DISABLED");

    ok(await enableKeyAction({ keyId, expectedVersion: 2 }));
    expect(await verify(first, "nodes:add")).toBe("VALID");

    ok(
      await updateKeyAction({
        keyId,
        expectedVersion: 3,
        permissions: ["metrics:read"],
        totpCode: await actAs(w.admin),
      }),
    );
    expect(await verify(first, "nodes:add")).toBe("INSUFFICIENT_PERMISSIONS");
    expect(await verify(first, "metrics:read")).toBe("VALID");

    const rolled = ok(
      await rollKeyAction({ keyId, expectedVersion: 4, grace: "now", totpCode: await actAs(w.admin) }),
    );
    const second = rolled.secrets.primary ?? "";
    expect(await verify(first)).toBe("NOT_FOUND");
    expect(await verify(second)).toBe("VALID");

    ok(await revokeKeyAction({ keyId, confirmLabel: "edge-gateway", totpCode: await actAs(w.admin) }));
    expect(await verify(second)).toBe("REVOKED");
  });
});
