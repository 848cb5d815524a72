import { describe, expect, it } from "vitest";
import { renderCaddyConfig } from "./caddy";
import { renderCurlSnippet } from "./curl";
import { renderEnvoyConfig } from "./envoy";
import { buildConnectSnippets, defaultScope } from "./index";
import { renderNginxConfig } from "./nginx";
import { connectEndpoints, forwardAuthUrl, KEY_PLACEHOLDER, shellQuote, type ConnectScope } from "./shared";
import { renderTraefikConfig } from "./traefik";

const BASE = "https://keyplane.example.com";
const SECRET = "kp_4Qz8N2wLmT7vXc9RbY1pK3sJ6hG0fD5aE8uI2oP7";
const scoped: ConnectScope = { system: "payments-eu", permission: "nodes:add" };
const unscoped: ConnectScope = { system: null, permission: null };

describe("connect snippets never show a secret that is no longer on screen", () => {
  it.each([
    ["a scoped key", scoped],
    ["an unscoped key", unscoped],
  ])("without the secret (%s), every snippet is free of it and curl reads $KEYPLANE_KEY", (_name, scope) => {
    const snippets = buildConnectSnippets({ baseUrl: BASE, scope, secret: null });
    expect(snippets.map((s) => s.id)).toEqual(["curl", "nginx", "caddy", "traefik", "envoy"]);
    for (const snippet of snippets) {
      expect(snippet.code).not.toMatch(/kp_[0-9A-Za-z]/);
      expect(snippet.containsSecret).toBe(false);
    }
    const curl = snippets.find((s) => s.id === "curl");
    expect(curl?.code).toContain(`-H "Authorization: Bearer ${KEY_PLACEHOLDER}"`);
    expect(curl?.code).toContain("KEYPLANE_KEY holds the key's secret");
  });

  it("with the secret on screen, only the curl call carries it (the proxies forward the client's key)", () => {
    const snippets = buildConnectSnippets({ baseUrl: BASE, scope: scoped, secret: SECRET });
    const withSecret = snippets.filter((s) => s.code.includes(SECRET)).map((s) => s.id);
    expect(withSecret).toEqual(["curl"]);
    expect(snippets.filter((s) => s.containsSecret).map((s) => s.id)).toEqual(["curl"]);
    const curl = snippets[0]?.code ?? "";
    expect(curl).toContain(`-H 'Authorization: Bearer ${SECRET}'`);
    expect(curl).not.toContain(KEY_PLACEHOLDER);
    expect(curl).toContain("contains the key's secret");
  });

  it("quotes a custom secret so the shell takes it literally", () => {
    const custom = `It's-$HOME-"x"!`;
    const curl = renderCurlSnippet({ baseUrl: BASE, scope: unscoped, secret: custom });
    expect(curl).toContain(`-H 'Authorization: Bearer It'\\''s-$HOME-"x"!'`);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe("endpoints", () => {
  it("derive from the base URL, keeping a path prefix and dropping trailing slashes", () => {
    expect(connectEndpoints("https://keyplane.example.com/")).toEqual({
      verify: "https://keyplane.example.com/api/v1/verify",
      forwardAuth: "https://keyplane.example.com/api/v1/forward-auth",
    });
    expect(connectEndpoints("http://10.0.0.5:3000/keyplane//").verify).toBe(
      "http://10.0.0.5:3000/keyplane/api/v1/verify",
    );
  });

  it("put the scope in the forward-auth query, readable and encoded", () => {
    expect(forwardAuthUrl(BASE, scoped)).toBe(
      `${BASE}/api/v1/forward-auth?system=payments-eu&permission=nodes:add`,
    );
    expect(forwardAuthUrl(BASE, { system: null, permission: "a b&c" })).toBe(
      `${BASE}/api/v1/forward-auth?permission=a%20b%26c`,
    );
    expect(forwardAuthUrl(BASE, unscoped)).toBe(`${BASE}/api/v1/forward-auth`);
  });
});

describe("curl", () => {
  it("posts the scope as JSON to the verify endpoint", () => {
    expect(renderCurlSnippet({ baseUrl: BASE, scope: scoped, secret: null })).toBe(
      [
        "# Ask Keyplane whether the key is good: the JSON answer has valid, code, keyId, permissions…",
        "# KEYPLANE_KEY holds the key's secret (Keyplane showed it once, when it was made).",
        `curl -sS -X POST ${BASE}/api/v1/verify \\`,
        '  -H "Authorization: Bearer $KEYPLANE_KEY" \\',
        '  -H "Content-Type: application/json" \\',
        `  -d '{"system":"payments-eu","permission":"nodes:add"}'`,
        "",
      ].join("\n"),
    );
  });

  it("sends no body when there is nothing to ask", () => {
    const curl = renderCurlSnippet({ baseUrl: BASE, scope: unscoped, secret: null });
    expect(curl).not.toContain("-d ");
    expect(curl.trimEnd().endsWith('-H "Authorization: Bearer $KEYPLANE_KEY"')).toBe(true);
  });
});

describe("proxy configurations", () => {
  it("nginx: auth_request to forward-auth, identity headers to the upstream, SNI for https", () => {
    const conf = renderNginxConfig({
      keyplaneUrl: BASE,
      scope: scoped,
      listen: "80",
      serverName: "api.example.com",
      upstream: "http://127.0.0.1:8080",
    });
    expect(conf).toContain("auth_request /_keyplane_auth;");
    expect(conf).toContain(`proxy_pass ${BASE}/api/v1/forward-auth?system=payments-eu&permission=nodes:add;`);
    expect(conf).toContain("proxy_set_header X-Keyplane-Key-Id $keyplane_key_id;");
    expect(conf).toContain("proxy_set_header X-Real-IP $remote_addr;");
    expect(conf).toContain("proxy_pass http://127.0.0.1:8080;");
    expect(conf).toContain("proxy_ssl_server_name on;");
    // Balanced braces, every directive line ends with ";" or a brace.
    expect(conf.split("{").length).toBe(conf.split("}").length);
    for (const line of conf.split("\n").map((l) => l.trim())) {
      if (line === "" || line.startsWith("#")) continue;
      expect(line).toMatch(/[;{}]$/);
    }
    const plain = renderNginxConfig({
      keyplaneUrl: "http://127.0.0.1:3000",
      scope: unscoped,
      listen: "127.0.0.1:8080",
      serverName: "localhost",
      upstream: "http://127.0.0.1:9000",
    });
    expect(plain).not.toContain("proxy_ssl_server_name");
    expect(plain).toContain("proxy_pass http://127.0.0.1:3000/api/v1/forward-auth;");
  });

  it("Caddy: forward_auth to forward-auth with the scope, copying only Keyplane's identity headers", () => {
    const conf = renderCaddyConfig({
      keyplaneUrl: `${BASE}/kp/`,
      scope: scoped,
      site: "api.example.com",
      upstream: "http://127.0.0.1:8080",
    });
    const lines = conf.split("\n").map((line) => line.trim());
    expect(lines).toContain(`forward_auth ${BASE} {`);
    expect(lines).toContain("uri /kp/api/v1/forward-auth?system=payments-eu&permission=nodes:add");
    expect(lines).toContain("copy_headers X-Keyplane-Key-Id X-Keyplane-Organization X-Keyplane-System");
    expect(lines).toContain("header_up X-Real-IP {remote_host}");
    expect(lines).toContain("reverse_proxy http://127.0.0.1:8080");
    // In the route, in this order: the client's identity headers go before Keyplane is asked, and
    // the service is reached only after.
    const at = (line: string) => lines.indexOf(line);
    expect(at("route {")).toBeGreaterThan(at("api.example.com {"));
    for (const name of ["X-Keyplane-Key-Id", "X-Keyplane-Organization", "X-Keyplane-System"])
      expect(at(`request_header -${name}`)).toBeGreaterThan(at("route {"));
    expect(at(`forward_auth ${BASE} {`)).toBeGreaterThan(at("request_header -X-Keyplane-System"));
    expect(at("reverse_proxy http://127.0.0.1:8080")).toBeGreaterThan(
      at("request_header @no_system -X-Keyplane-System"),
    );
    // Balanced braces (placeholders aside), tab-indented as `caddy fmt` writes it.
    const blocks = conf.replace(/\{[a-z_.]+\}|\^\\\{/gi, "");
    expect(blocks.split("{").length).toBe(blocks.split("}").length);
    expect(conf).not.toMatch(/^ +\S/m);

    const plain = renderCaddyConfig({
      keyplaneUrl: "http://127.0.0.1:3000",
      scope: unscoped,
      site: ":8443",
      upstream: "127.0.0.1:9000",
    });
    expect(plain).toContain("\t\tforward_auth http://127.0.0.1:3000 {\n\t\t\turi /api/v1/forward-auth\n");
  });

  it("Traefik: a forwardAuth middleware with the scope and the identity headers", () => {
    const yaml = renderTraefikConfig({
      keyplaneUrl: BASE,
      scope: scoped,
      host: "api.example.com",
      upstream: "http://127.0.0.1:8080",
    });
    expect(yaml).toContain(`address: "${BASE}/api/v1/forward-auth?system=payments-eu&permission=nodes:add"`);
    expect(yaml).toContain("- X-Keyplane-Key-Id");
    expect(yaml).toContain('rule: "Host(`api.example.com`)"');
    expect(yaml).not.toMatch(/\t/);
  });

  it("Envoy: ext_authz with the scope in path_prefix and a TLS cluster for https", () => {
    const yaml = renderEnvoyConfig({ keyplaneUrl: `${BASE}/kp`, scope: scoped });
    expect(yaml).toContain(
      'path_prefix: "/kp/api/v1/forward-auth?system=payments-eu&permission=nodes:add&status=200&path="',
    );
    expect(yaml).toContain('address: "keyplane.example.com"');
    expect(yaml).toContain("port_value: 443");
    expect(yaml).toContain('sni: "keyplane.example.com"');
    const plain = renderEnvoyConfig({ keyplaneUrl: "http://10.0.0.5:3000", scope: unscoped });
    expect(plain).toContain('path_prefix: "/api/v1/forward-auth?status=200&path="');
    expect(plain).toContain("port_value: 3000");
    expect(plain).not.toContain("transport_socket");
  });
});

describe("default scope of a key", () => {
  const payments = { id: "sys_1", slug: "payments" };
  const search = { id: "sys_2", slug: "search" };

  it.each([
    ["system key", { system: payments, limitedTo: [], permissions: ["nodes:add"] }, "payments", "nodes:add"],
    [
      "org key limited to systems",
      { system: null, limitedTo: [search, payments], permissions: [] },
      "search",
      null,
    ],
    ["unlimited org key", { system: null, limitedTo: [], permissions: ["a:b", "c:d"] }, null, "a:b"],
  ])("%s", (_name, key, system, permission) => {
    expect(defaultScope(key)).toEqual({ system, permission });
  });
});
