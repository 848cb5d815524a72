import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEnvoyConfig, renderNginxConfig, renderTraefikConfig } from "@/lib/connect/snippets";
import type { Ctx } from "@/lib/context";
import { transact } from "@/lib/db/transaction";
import { createKey } from "@/lib/keys/create";
import { revokeKey } from "@/lib/keys/revoke";
import { rollKey } from "@/lib/keys/roll";
import { createKeySchema } from "@/lib/keys/schemas";
import { disableKey, enableKey } from "@/lib/keys/set-state";
import { createVerifyFastPath, type VerifyFastPath } from "@/lib/verify/http";
import { createVerifyRuntime } from "@/lib/verify/runtime";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createSystemRow } from "../support/fixtures";
import { createKeyRow, startFastPathServer } from "../support/keys";

// A real nginx (Debian's, with auth_request) in front of a tiny upstream, asking Keyplane's
// forward-auth fast path about every request, configured by exactly the server block the console's
// connect panel shows (renderNginxConfig). The key goes through its lifecycle with the production
// cores inside transact(), so the verify cache hears each change the way it does in production.

const NGINX = "/usr/sbin/nginx";
const haveNginx = existsSync(NGINX);
if (!haveNginx)
  console.warn(`[forward-auth-nginx] skipped: ${NGINX} is missing (apt-get install nginx-light).`);

useTestDatabase();

type Echo = { status: number; code: string | null; seen: Record<string, string | null> | null };

describe.skipIf(!haveNginx)("nginx auth_request in front of a service, through a key's lifecycle", () => {
  let dir: string;
  let nginx: ChildProcess | undefined;
  let nginxUrl: string;
  let upstream: Server;
  let fastPath: VerifyFastPath;
  let keyplane: { url: string; close: () => Promise<void> };
  let ctx: Ctx;
  let systemId: string;
  let key: { id: string; label: string; version: number };
  let first: string;
  let second: string;

  beforeAll(async () => {
    const { org, owner } = await createOrgWithOwner("Acme");
    const system = await createSystemRow(org.id, "Edge");
    systemId = system.id;
    ctx = {
      actor: { type: "user", id: owner.id, label: owner.email },
      organizationId: org.id,
      roles: { orgRole: "owner" },
      meta: { ip: "203.0.113.7", userAgent: "vitest" },
    };
    await transact((tx) =>
      tx.permission.create({ data: { organizationId: org.id, name: "nodes:add" }, select: { id: true } }),
    );

    fastPath = createVerifyFastPath({
      runtime: createVerifyRuntime({
        ttlMs: 30_000,
        limiter: { capacity: 1_000 },
        usage: { intervalMs: 60_000 },
        listen: false,
      }),
    });
    keyplane = await startFastPathServer(fastPath);
    upstream = await startEchoUpstream();

    dir = mkdtempSync(join(tmpdir(), "keyplane-nginx-"));
    // nginx's workers may run as another user: they must reach the temp directories.
    chmodSync(dir, 0o755);
    const port = await freePort();
    nginxUrl = `http://127.0.0.1:${port}`;
    const server = renderNginxConfig({
      keyplaneUrl: keyplane.url,
      scope: { system: "edge", permission: "nodes:add" },
      listen: `127.0.0.1:${port}`,
      serverName: "localhost",
      upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    });
    writeFileSync(join(dir, "nginx.conf"), wrapInMainConfig(dir, server));
    nginx = spawn(
      NGINX,
      [
        "-p",
        `${dir}/`,
        "-e",
        join(dir, "error.log"),
        "-c",
        join(dir, "nginx.conf"),
        "-g",
        `daemon off; pid ${join(dir, "nginx.pid")};`,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    await waitForPort(port, nginx, dir);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once("exit", resolve));
      nginx.kill("SIGTERM");
      await exited;
    }
    await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
    await keyplane?.close();
    await fastPath?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function call(secret: string | null, headers: Record<string, string> = {}): Promise<Echo> {
    const response = await fetch(`${nginxUrl}/orders?id=7`, {
      headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
    });
    const text = await response.text();
    return {
      status: response.status,
      code: response.headers.get("x-keyplane-code"),
      seen: response.status === 200 ? (JSON.parse(text) as Record<string, string | null>) : null,
    };
  }

  it("lets a new key through, with Keyplane's identity headers replacing the client's", async () => {
    const input = createKeySchema.parse({
      organizationId: ctx.organizationId,
      systemId,
      label: "edge-dataplane",
      permissions: ["nodes:add"],
    });
    const created = await transact((tx) => createKey(ctx, input, tx));
    key = created.key;
    first = created.secrets.primary ?? "";

    const allowed = await call(first, { "x-keyplane-key-id": "forged", "x-keyplane-system": "forged" });
    expect(allowed).toMatchObject({ status: 200, code: "VALID" });
    expect(allowed.seen).toEqual({
      path: "/orders?id=7",
      keyId: key.id,
      organization: ctx.organizationId,
      system: systemId,
      // The key is forwarded as the client sent it; nginx only adds the verdict.
      authorization: `Bearer ${first}`,
    });
  });

  it("refuses a request without a key, and one with an unknown key, without reaching the service", async () => {
    expect(await call(null)).toEqual({ status: 401, code: "NOT_FOUND", seen: null });
    expect(await call(`${first.slice(0, -6)}abcdef`)).toMatchObject({ status: 401, seen: null });
  });

  it("keeps the old secret working until the grace end of a roll, then only the new one", async () => {
    const graceEndsAt = new Date(Date.now() + 1_500);
    const rolled = await transact((tx) =>
      rollKey(ctx, { keyId: key.id, expectedVersion: key.version, grace: { until: graceEndsAt } }, tx),
    );
    key = rolled.key;
    second = rolled.secrets.primary ?? "";
    expect(second).not.toBe(first);
    expect((await call(first)).status).toBe(200);
    expect((await call(second)).status).toBe(200);

    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, graceEndsAt.getTime() - Date.now() + 100)),
    );
    expect(await call(first)).toMatchObject({ status: 401, code: "NOT_FOUND", seen: null });
    expect((await call(second)).status).toBe(200);
  });

  it("denies a disabled key and lets it through again once enabled", async () => {
    key = (await transact((tx) => disableKey(ctx, { keyId: key.id, expectedVersion: key.version }, tx))).key;
    expect(await call(second)).toMatchObject({ status: 401, code: "DISABLED", seen: null });
    key = (await transact((tx) => enableKey(ctx, { keyId: key.id, expectedVersion: key.version }, tx))).key;
    expect(await call(second)).toMatchObject({ status: 200, code: "VALID" });
  });

  it("denies a revoked key for good", async () => {
    await transact((tx) => revokeKey(ctx, { keyId: key.id, confirmLabel: key.label }, tx));
    expect(await call(second)).toMatchObject({ status: 401, code: "REVOKED", seen: null });
    expect((await call(first)).status).toBe(401);
  });

  it("never serves the internal auth location to a client", async () => {
    expect((await fetch(`${nginxUrl}/_keyplane_auth`)).status).toBe(404);
  });
});

// Traefik and Envoy are not installed here: their check requests are made by hand, exactly as
// those proxies build them from the panel's configuration (Traefik: GET on the address with the
// client's headers and X-Forwarded-For; Envoy: path_prefix + the original path and query).
describe("the Traefik and Envoy snippets' check requests", () => {
  let fastPath: VerifyFastPath;
  let keyplane: { url: string; close: () => Promise<void> };
  let secret: string;
  let systemId: string;
  const scope = { system: "edge", permission: "nodes:add" };

  beforeAll(async () => {
    const { org } = await createOrgWithOwner("Initech");
    systemId = (await createSystemRow(org.id, "Edge")).id;
    secret = (await createKeyRow({ organizationId: org.id, systemId, permissions: ["nodes:add"] })).secret;
    fastPath = createVerifyFastPath({
      runtime: createVerifyRuntime({
        ttlMs: 30_000,
        limiter: { capacity: 1_000 },
        usage: { intervalMs: 60_000 },
        listen: false,
      }),
    });
    keyplane = await startFastPathServer(fastPath);
  });

  afterAll(async () => {
    await keyplane?.close();
    await fastPath?.close();
  });

  it("Traefik: the middleware's address, with the client's key and X-Forwarded-For", async () => {
    const yaml = renderTraefikConfig({
      keyplaneUrl: keyplane.url,
      scope,
      host: "api.example.com",
      upstream: "x",
    });
    const address = JSON.parse(/address: (".*")/.exec(yaml)?.[1] ?? '""') as string;
    const response = await fetch(address, {
      headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": "198.51.100.4" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("x-keyplane-system")).toBe(systemId);
  });

  it("Envoy: path_prefix followed by the original path and query; 200 on allow; the client's query is not read", async () => {
    const yaml = renderEnvoyConfig({ keyplaneUrl: keyplane.url, scope });
    const prefix = JSON.parse(/path_prefix: (".*")/.exec(yaml)?.[1] ?? '""') as string;
    const check = (originalPath: string) =>
      fetch(`${keyplane.url}${prefix}${originalPath}`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": "198.51.100.4" },
      });
    const plain = await check("/orders?id=7");
    // Envoy's ext_authz lets a request through only on 200.
    expect(plain.status).toBe(200);
    expect(plain.headers.get("x-keyplane-code")).toBe("VALID");
    expect(plain.headers.get("x-keyplane-key-id")).not.toBeNull();
    // Parameters in the client's own query (after path=) are never Keyplane's: neither a system,
    // nor a permission, nor the header to read the key from.
    expect((await check("/orders?system=other&id=7")).status).toBe(200);
    expect((await check("/orders?id=7&permission=keys:manage")).status).toBe(200);
    expect((await check("/orders?header=x-nothing")).status).toBe(200);
    // Without a key the check refuses.
    const keyless = await fetch(`${keyplane.url}${prefix}/orders`, { method: "POST" });
    expect(keyless.status).toBe(401);
  });
});

/** What the upstream saw: the identity headers nginx set, and the key the client sent. */
async function startEchoUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === "string" ? value : null;
    };
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        path: req.url ?? "",
        keyId: header("x-keyplane-key-id"),
        organization: header("x-keyplane-organization"),
        system: header("x-keyplane-system"),
        authorization: header("authorization"),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** The test's own main context around the server block; paths all inside the temp directory. */
function wrapInMainConfig(dir: string, server: string): string {
  const temp = (name: string) => join(dir, name);
  return [
    "worker_processes 1;",
    `error_log ${temp("error.log")} info;`,
    "events { worker_connections 64; }",
    "http {",
    "    access_log off;",
    `    client_body_temp_path ${temp("client_body")};`,
    `    proxy_temp_path ${temp("proxy")};`,
    `    fastcgi_temp_path ${temp("fastcgi")};`,
    `    uwsgi_temp_path ${temp("uwsgi")};`,
    `    scgi_temp_path ${temp("scgi")};`,
    server.replace(/^/gm, "    "),
    "}",
    "",
  ].join("\n");
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Resolves once nginx accepts connections; fails with its error log if it exits first. */
async function waitForPort(port: number, child: ChildProcess, dir: string): Promise<void> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log"), "utf8") : "";
  throw new Error(`nginx did not start (exit ${child.exitCode}):\n${stderr}\n${log}`);
}
