import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEnvoyConfig } from "@/lib/connect/snippets/envoy";
import { renderNginxConfig } from "@/lib/connect/snippets/nginx";
import { renderTraefikConfig } from "@/lib/connect/snippets/traefik";
import { useTestDatabase } from "../support/db";
import { createOrgWithOwner, createSystemRow } from "../support/fixtures";
import { describeGatewayLifecycle } from "../support/gateway";
import { startKeyplane } from "../support/gateway-servers";
import { createKeyRow } from "../support/keys";

// A real nginx (Debian's, with auth_request) in front of a tiny upstream through a key's lifecycle
// (tests/support/gateway.ts), configured by exactly the server block the console's connect panel
// shows (renderNginxConfig), inside this test's own main context.

const NGINX = "/usr/sbin/nginx";

useTestDatabase();

describeGatewayLifecycle({
  name: "nginx",
  binary: NGINX,
  debianPackage: "nginx-light",
  // add_header … always: every answer says why, a successful one included.
  codeWhenAllowed: "VALID",
  prepare: ({ dir, port, keyplaneUrl, upstreamUrl, scope }) => {
    const server = renderNginxConfig({
      keyplaneUrl,
      scope,
      listen: `127.0.0.1:${port}`,
      serverName: "localhost",
      upstream: upstreamUrl,
    });
    writeFileSync(join(dir, "nginx.conf"), wrapInMainConfig(dir, server));
    const errorLog = join(dir, "error.log");
    return {
      args: [
        "-p",
        `${dir}/`,
        "-e",
        errorLog,
        "-c",
        join(dir, "nginx.conf"),
        "-g",
        `daemon off; pid ${join(dir, "nginx.pid")};`,
      ],
      logFile: errorLog,
    };
  },
  extraTests: (gatewayUrl) => {
    it("never serves the internal auth location to a client", async () => {
      expect((await fetch(`${gatewayUrl()}/_keyplane_auth`)).status).toBe(404);
    });
  },
});

// Traefik and Envoy are not installed here: their check requests are made by hand, exactly as
// those proxies build them from the panel's configuration (Traefik: GET on the address with the
// client's headers and X-Forwarded-For; Envoy: path_prefix + the original path and query).
describe("the Traefik and Envoy snippets' check requests", () => {
  let keyplane: { url: string; close: () => Promise<void> };
  let secret: string;
  let systemId: string;
  const scope = { system: "edge", permission: "nodes:add" };

  beforeAll(async () => {
    const { org } = await createOrgWithOwner("Initech");
    systemId = (await createSystemRow(org.id, "Edge")).id;
    secret = (await createKeyRow({ organizationId: org.id, systemId, permissions: ["nodes:add"] })).secret;
    keyplane = await startKeyplane();
  });

  afterAll(async () => {
    await keyplane?.close();
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
