import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectScope } from "@/lib/connect/snippets/shared";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { transact } from "@/lib/db/transaction";
import { createKey } from "@/lib/keys/create";
import { generateSecret } from "@/lib/keys/format";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import { createKeySchema, type CreateKeyInput } from "@/lib/keys/schemas";
import { disableKey, enableKey } from "@/lib/keys/set-state";
import { createOrgWithOwner, createSystemRow } from "./fixtures";
import { GATEWAY_PATH, startGateway, type GatewayRun, type GatewaySite } from "./gateway-servers";

// A real gateway (Debian's nginx, Caddy) in front of a tiny upstream, asking Keyplane's forward-auth
// fast path about every request, configured by exactly the snippet the console's connect panel
// shows. One key goes through its lifecycle with the production cores inside transact(), so the
// verify cache hears each change the way it does in production. Each gateway's test file says how
// to configure and run it; the lifecycle and its checks are shared here, the processes around the
// gateway in gateway-servers.ts.

/** CI must run every gateway test: a missing gateway there fails instead of skipping. */
const IN_CI = Boolean(process.env.CI) && process.env.CI !== "false";

/** The route the gateway protects, and the system and permission it asks Keyplane for. */
const SCOPE: ConnectScope = { system: "edge", permission: "nodes:add" };

export type GatewaySpec = {
  /** "nginx", "Caddy": names the tests and the messages. */
  name: string;
  binary: string;
  /** The Debian package that provides the binary (installed by .ci/run when missing). */
  debianPackage: string;
  /** Writes the configuration into site.dir; returns the binary's arguments and environment. */
  prepare: (site: GatewaySite) => GatewayRun;
  /** X-Keyplane-Code on an allowed request: nginx adds it to every answer, Caddy only relays refusals. */
  codeWhenAllowed: string | null;
  /** The gateway's own tests, run after the lifecycle against the running gateway. */
  extraTests?: (gatewayUrl: () => string) => void;
};

export function describeGatewayLifecycle(spec: GatewaySpec): void {
  const installed = existsSync(spec.binary);
  if (!installed && IN_CI) {
    // One failing test, counted and named in CI's report, rather than a lifecycle that never ran.
    it(`${spec.name} forward auth needs ${spec.binary}`, () => {
      throw new Error(
        `${spec.binary} is missing, and CI runs every gateway test: install Debian's ${spec.debianPackage} (.ci/run does when it is missing).`,
      );
    });
    return;
  }
  if (!installed)
    console.warn(
      `[${spec.name}] skipped: ${spec.binary} is missing (apt-get install ${spec.debianPackage}).`,
    );

  describe.skipIf(!installed)(
    `${spec.name} forward auth in front of a service, through a key's lifecycle`,
    () => {
      let running: Awaited<ReturnType<typeof startGateway>> | undefined;
      let world: Awaited<ReturnType<typeof createGatewayWorld>>;
      let key: { id: string; label: string; version: number };
      let first: string;
      let second: string;

      beforeAll(async () => {
        world = await createGatewayWorld();
        running = await startGateway(spec, SCOPE);
      });

      afterAll(async () => {
        await running?.stop();
      });

      const call = (secret: string | null, headers: Record<string, string> = {}) => {
        if (!running) throw new Error(`${spec.name} is not running`);
        return running.call(secret, headers);
      };
      const allowed = { status: 200, code: spec.codeWhenAllowed };
      const refused = (status: number, code: string) => ({ status, code, seen: null });

      it("refuses a request without a key, or with an unknown one, before it reaches the service", async () => {
        expect(await call(null)).toEqual(refused(401, "NOT_FOUND"));
        expect(await call(generateSecret())).toEqual(refused(401, "NOT_FOUND"));
      });

      it("lets a valid key through, with Keyplane's identity headers replacing the client's", async () => {
        const created = await world.createKey({ label: "edge-dataplane", permissions: ["nodes:add"] });
        key = created.key;
        first = created.secret;
        const forged = {
          "x-keyplane-key-id": "forged",
          "x-keyplane-organization": "forged",
          "x-keyplane-system": "forged",
        };
        expect(await call(first, forged)).toEqual({
          ...allowed,
          seen: {
            path: GATEWAY_PATH,
            keyId: key.id,
            organization: world.organizationId,
            system: world.systemId,
            // The key is forwarded as the client sent it; the gateway only adds the verdict.
            authorization: `Bearer ${first}`,
          },
        });
      });

      it("refuses a key without the route's permission with 403", async () => {
        const { secret } = await world.createKey({ permissions: ["metrics:read"] });
        expect(await call(secret)).toEqual(refused(403, "INSUFFICIENT_PERMISSIONS"));
      });

      it("tells Keyplane the client's real address, whatever address the client claims", async () => {
        const claims = { "x-real-ip": "198.51.100.4", "x-forwarded-for": "198.51.100.4" };
        const remote = await world.createKey({
          permissions: ["nodes:add"],
          allowedCidrs: "198.51.100.0/24",
        });
        expect(await call(remote.secret, claims)).toEqual(refused(403, "IP_NOT_ALLOWED"));
        // The address does reach Keyplane: a key limited to the client's real one gets through.
        const local = await world.createKey({ permissions: ["nodes:add"], allowedCidrs: "127.0.0.0/8" });
        expect((await call(local.secret, claims)).status).toBe(200);
      });

      it("sends no system for an organization key, even when the client sends one", async () => {
        const orgKey = await world.createKey({ systemId: null, permissions: ["nodes:add"] });
        const outcome = await call(orgKey.secret, { "x-keyplane-system": world.systemId });
        expect(outcome).toMatchObject(allowed);
        expect(outcome.seen).toMatchObject({ keyId: orgKey.key.id, system: null });
      });

      it("denies a disabled key and lets it through again once enabled", async () => {
        key = (
          await world.change((ctx, tx) =>
            disableKey(ctx, { keyId: key.id, expectedVersion: key.version }, tx),
          )
        ).key;
        expect(await call(first)).toEqual(refused(401, "DISABLED"));
        key = (
          await world.change((ctx, tx) => enableKey(ctx, { keyId: key.id, expectedVersion: key.version }, tx))
        ).key;
        expect(await call(first)).toMatchObject(allowed);
      });

      it("keeps the old secret working until the grace end of a roll, then only the new one", async () => {
        const graceEndsAt = new Date(Date.now() + 1_500);
        const rolled = await world.change((ctx, tx) =>
          rollKey(ctx, { keyId: key.id, expectedVersion: key.version, grace: { until: graceEndsAt } }, tx),
        );
        key = rolled.key;
        second = rolled.secrets.primary ?? "";
        expect(second).not.toBe(first);
        expect(await call(first)).toMatchObject(allowed);
        expect(await call(second)).toMatchObject(allowed);

        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, graceEndsAt.getTime() - Date.now() + 100)),
        );
        expect(await call(first)).toEqual(refused(401, "NOT_FOUND"));
        expect(await call(second)).toMatchObject(allowed);
      });

      it("denies a revoked key for good", async () => {
        await world.change((ctx, tx) => revokeKey(ctx, { keyId: key.id, confirmLabel: key.label }, tx));
        expect(await call(second)).toEqual(refused(401, "REVOKED"));
        expect((await call(first)).status).toBe(401);
      });

      spec.extraTests?.(() => running?.url ?? "");
    },
  );
}

/** An organization with the system "edge", a catalog, and an owner to make key changes as. */
async function createGatewayWorld() {
  const { org, owner } = await createOrgWithOwner("Acme");
  const system = await createSystemRow(org.id, "Edge");
  const ctx: Ctx = {
    actor: { type: "user", id: owner.id, label: owner.email },
    organizationId: org.id,
    meta: { ip: "203.0.113.7", userAgent: "vitest" },
  };
  await transact((tx) =>
    tx.permission.createMany({
      data: ["nodes:add", "metrics:read"].map((name) => ({ organizationId: org.id, name })),
    }),
  );
  const change = <T>(work: (ctx: Ctx, tx: Tx) => Promise<T>) => transact((tx) => work(ctx, tx));
  return {
    organizationId: org.id,
    systemId: system.id,
    change,
    /** A key of the system "edge" unless told otherwise, made by the production core. */
    createKey: async (input: Partial<CreateKeyInput>) => {
      const parsed = createKeySchema.parse({
        organizationId: org.id,
        systemId: system.id,
        label: `key-${Math.random().toString(36).slice(2, 8)}`,
        ...input,
      });
      const created = await change((c, tx) => createKey(c, parsed, tx));
      return { key: created.key, secret: created.secrets.primary ?? "" };
    },
  };
}
