// Ready-to-run configuration that connects a data plane to this Keyplane: a curl call to the verify
// endpoint, and forward-auth set-ups for nginx, Caddy, Traefik and Envoy. Pure functions of their
// input, so the console's connect panel, the README and the gateway integration tests all use the
// same text (tests/integration/forward-auth-nginx.test.ts and forward-auth-caddy.test.ts run a real
// nginx and a real Caddy on exactly what renderNginxConfig and renderCaddyConfig return).
//
// A secret appears in a snippet only when the caller passes one, which the panel does only while
// the one-time reveal dialog has it on screen. Otherwise the curl call reads it from $KEYPLANE_KEY.
// Proxy configurations never carry a secret: the client sends its own key, the proxy forwards it.

export const VERIFY_PATH = "/api/v1/verify";
export const FORWARD_AUTH_PATH = "/api/v1/forward-auth";
export const KEY_VARIABLE = "KEYPLANE_KEY";
export const KEY_PLACEHOLDER = `$${KEY_VARIABLE}`;

/** Where the protected service runs, for the proxy examples. */
export const EXAMPLE_SERVICE = {
  listen: "80",
  serverName: "api.example.com",
  upstream: "http://127.0.0.1:8080",
} as const;

/** What a data plane asks for: the system (id or slug) and the permission its routes need. */
export type ConnectScope = { system: string | null; permission: string | null };

export type ConnectEndpoints = { verify: string; forwardAuth: string };

export type SnippetId = "curl" | "nginx" | "caddy" | "traefik" | "envoy";

/** What Keyplane's allow answer says about the caller, for the proxy to copy to the upstream request. */
export const IDENTITY_HEADERS = [
  "X-Keyplane-Key-Id",
  "X-Keyplane-Organization",
  "X-Keyplane-System",
] as const;

export type ConnectSnippet = {
  id: SnippetId;
  title: string;
  /** Shown above the code: where the text goes ("nginx.conf", "shell"…). */
  filename: string;
  /** What the snippet is and where it goes, one sentence. */
  description: string;
  /** For a screen reader and the copy button: "Copy the nginx configuration". */
  copyLabel: string;
  code: string;
  /** True only for the curl call made while the secret is on screen. */
  containsSecret: boolean;
};

/** The installation's base URL without a trailing slash (a path prefix is kept). */
export function normalizeBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, "");
}

export function connectEndpoints(baseUrl: string): ConnectEndpoints {
  const base = normalizeBaseUrl(baseUrl);
  return { verify: `${base}${VERIFY_PATH}`, forwardAuth: `${base}${FORWARD_AUTH_PATH}` };
}

/** Query text for forward auth; colons stay readable (they are legal in a query). */
export function forwardAuthQuery(scope: ConnectScope): string {
  const parts: string[] = [];
  if (scope.system) parts.push(`system=${encodeQueryValue(scope.system)}`);
  if (scope.permission) parts.push(`permission=${encodeQueryValue(scope.permission)}`);
  return parts.join("&");
}

export function forwardAuthUrl(baseUrl: string, scope: ConnectScope): string {
  const query = forwardAuthQuery(scope);
  return `${connectEndpoints(baseUrl).forwardAuth}${query ? `?${query}` : ""}`;
}

function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}

/** A POSIX shell word that is taken literally, whatever it contains. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------
// curl

export function renderCurlSnippet(options: {
  baseUrl: string;
  scope: ConnectScope;
  /** The key's secret while it is on screen; null uses $KEYPLANE_KEY. */
  secret: string | null;
}): string {
  const { verify } = connectEndpoints(options.baseUrl);
  const body: Record<string, string> = {};
  if (options.scope.system) body.system = options.scope.system;
  if (options.scope.permission) body.permission = options.scope.permission;
  const lines = [
    "# Ask Keyplane whether the key is good: the JSON answer has valid, code, keyId, permissions…",
    options.secret === null
      ? `# ${KEY_VARIABLE} holds the key's secret (Keyplane showed it once, when it was made).`
      : "# This command contains the key's secret: run it, but do not save it in scripts or tickets.",
    `curl -sS -X POST ${verify} \\`,
    options.secret === null
      ? `  -H "Authorization: Bearer ${KEY_PLACEHOLDER}"`
      : `  -H ${shellQuote(`Authorization: Bearer ${options.secret}`)}`,
  ];
  if (Object.keys(body).length > 0) {
    lines[lines.length - 1] += " \\";
    lines.push(`  -H "Content-Type: application/json" \\`, `  -d ${shellQuote(JSON.stringify(body))}`);
  }
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------
// nginx

export type NginxOptions = {
  /** Keyplane's base URL, as the nginx host reaches it. */
  keyplaneUrl: string;
  scope: ConnectScope;
  /** The listen directive's value, e.g. "80" or "127.0.0.1:8443". */
  listen: string;
  serverName: string;
  /** The protected service, e.g. "http://127.0.0.1:8080". */
  upstream: string;
};

/**
 * An nginx server block that lets a request through only when Keyplane accepts its key
 * (auth_request, in Debian's nginx packages). Keyplane's identity headers replace anything the
 * client sent under those names; refusals carry X-Keyplane-Code so a client can tell why.
 */
export function renderNginxConfig(options: NginxOptions): string {
  const https = normalizeBaseUrl(options.keyplaneUrl).startsWith("https:");
  return [
    "# nginx in front of your service: every request needs a key that Keyplane accepts.",
    "server {",
    `    listen ${options.listen};`,
    `    server_name ${options.serverName};`,
    "",
    "    location / {",
    "        auth_request /_keyplane_auth;",
    "        # Who called, from Keyplane's answer (replacing anything the client sent).",
    "        auth_request_set $keyplane_key_id $upstream_http_x_keyplane_key_id;",
    "        auth_request_set $keyplane_organization $upstream_http_x_keyplane_organization;",
    "        auth_request_set $keyplane_system $upstream_http_x_keyplane_system;",
    "        auth_request_set $keyplane_code $upstream_http_x_keyplane_code;",
    "        proxy_set_header X-Keyplane-Key-Id $keyplane_key_id;",
    "        proxy_set_header X-Keyplane-Organization $keyplane_organization;",
    "        proxy_set_header X-Keyplane-System $keyplane_system;",
    "        # Why a request was refused: NOT_FOUND, EXPIRED, DISABLED, REVOKED, SYSTEM_NOT_ALLOWED…",
    "        add_header X-Keyplane-Code $keyplane_code always;",
    `        proxy_pass ${options.upstream};`,
    "    }",
    "",
    "    location = /_keyplane_auth {",
    "        internal;",
    `        proxy_pass ${forwardAuthUrl(options.keyplaneUrl, options.scope)};`,
    "        proxy_pass_request_body off;",
    '        proxy_set_header Content-Length "";',
    "        # The client's address, for keys limited to IP ranges (Keyplane believes it only from",
    "        # an address in its KEYPLANE_TRUSTED_PROXIES; default: loopback).",
    "        proxy_set_header X-Real-IP $remote_addr;",
    ...(https ? ["        proxy_ssl_server_name on;"] : []),
    "    }",
    "}",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Caddy

export type CaddyOptions = {
  /** Keyplane's base URL, as the Caddy host reaches it. */
  keyplaneUrl: string;
  scope: ConnectScope;
  /** The site address, e.g. "api.example.com" (Caddy then serves it over HTTPS on its own). */
  site: string;
  /** The protected service, e.g. "http://127.0.0.1:8080". */
  upstream: string;
};

/**
 * A Caddyfile site block with forward_auth (Caddy 2.5.1 and later), in a route so that its
 * directives run in the order written (Caddy would otherwise run request_header after forward_auth).
 * A refusal (401, 403, 429) reaches the client as Keyplane sent it, X-Keyplane-Code included.
 * The identity headers need care across Caddy versions when an answer lacks one (an organization
 * key has no system): 2.9 and 2.10 leave the client's own value in place, so the client's copies
 * are dropped first; before 2.9 Caddy sets the header to the text of its placeholder
 * ("{http.reverse_proxy.header.X-Keyplane-System}"), which the @no_system matcher removes.
 * forward_auth passes the client's headers on, X-Real-IP included: it is set from the connection,
 * and Keyplane believes it only from a trusted proxy (lib/http/client-address.ts).
 */
export function renderCaddyConfig(options: CaddyOptions): string {
  const url = new URL(normalizeBaseUrl(options.keyplaneUrl));
  const basePath = url.pathname.replace(/\/+$/, "");
  const query = forwardAuthQuery(options.scope);
  return [
    "# Caddy in front of your service: every request needs a key that Keyplane accepts.",
    `${options.site} {`,
    "\troute {",
    "\t\t# Who called comes from Keyplane's answer only, never from the client.",
    ...IDENTITY_HEADERS.map((name) => `\t\trequest_header -${name}`),
    `\t\tforward_auth ${url.origin} {`,
    `\t\t\turi ${basePath}${FORWARD_AUTH_PATH}${query ? `?${query}` : ""}`,
    "\t\t\theader_up Host {upstream_hostport}",
    "\t\t\t# The client's address, for keys limited to IP ranges (Keyplane believes it only from",
    "\t\t\t# an address in its KEYPLANE_TRUSTED_PROXIES; default: loopback).",
    "\t\t\theader_up X-Real-IP {remote_host}",
    `\t\t\tcopy_headers ${IDENTITY_HEADERS.join(" ")}`,
    "\t\t}",
    "\t\t# No system in the answer: Caddy before 2.9 would pass the placeholder's text on.",
    "\t\t@no_system header_regexp X-Keyplane-System ^\\{",
    "\t\trequest_header @no_system -X-Keyplane-System",
    `\t\treverse_proxy ${options.upstream}`,
    "\t}",
    "}",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Traefik

export function renderTraefikConfig(options: {
  keyplaneUrl: string;
  scope: ConnectScope;
  host: string;
  upstream: string;
}): string {
  return [
    "# Traefik dynamic configuration (file provider): Keyplane checks every request to the router.",
    "http:",
    "  middlewares:",
    "    keyplane-auth:",
    "      forwardAuth:",
    `        address: ${yamlString(forwardAuthUrl(options.keyplaneUrl, options.scope))}`,
    "        # The client's address travels in X-Forwarded-For: Keyplane believes it only from an",
    "        # address in its KEYPLANE_TRUSTED_PROXIES (default: loopback).",
    "        # Copied to the upstream request, replacing anything the client sent.",
    "        authResponseHeaders:",
    ...IDENTITY_HEADERS.map((name) => `          - ${name}`),
    "  routers:",
    "    my-service:",
    `      rule: ${yamlString(`Host(\`${options.host}\`)`)}`,
    "      service: my-service",
    "      middlewares:",
    "        - keyplane-auth",
    "  services:",
    "    my-service:",
    "      loadBalancer:",
    "        servers:",
    `          - url: ${yamlString(options.upstream)}`,
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Envoy

/**
 * Envoy's ext_authz HTTP filter and the cluster it calls. Envoy appends the original request path
 * to path_prefix, so the prefix ends inside the query ("…&path="): Keyplane reads its parameters
 * up to there and ignores the rest. Envoy allows a request only on 200, so the prefix asks for
 * `status=200` instead of forward-auth's usual 204.
 */
export function renderEnvoyConfig(options: { keyplaneUrl: string; scope: ConnectScope }): string {
  const url = new URL(normalizeBaseUrl(options.keyplaneUrl));
  const https = url.protocol === "https:";
  const port = url.port || (https ? "443" : "80");
  const basePath = url.pathname.replace(/\/+$/, "");
  const query = forwardAuthQuery(options.scope);
  const pathPrefix = `${basePath}${FORWARD_AUTH_PATH}?${query ? `${query}&` : ""}status=200&path=`;
  return [
    "# Envoy: in your listener's http_connection_manager (set use_remote_address: true there, so",
    "# that Envoy appends the client's address to X-Forwarded-For; Keyplane believes it only from",
    "# an address in its KEYPLANE_TRUSTED_PROXIES), before the router filter:",
    "http_filters:",
    "  - name: envoy.filters.http.ext_authz",
    "    typed_config:",
    '      "@type": type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz',
    "      transport_api_version: V3",
    "      failure_mode_allow: false",
    "      http_service:",
    "        server_uri:",
    `          uri: ${yamlString(`${url.origin}${basePath}`)}`,
    "          cluster: keyplane",
    "          timeout: 1s",
    `        path_prefix: ${yamlString(pathPrefix)}`,
    "        authorization_request:",
    "          allowed_headers:",
    "            patterns:",
    "              - exact: x-api-key",
    "              - exact: x-forwarded-for",
    "        authorization_response:",
    "          allowed_upstream_headers:",
    "            patterns:",
    "              - prefix: x-keyplane-",
    "  - name: envoy.filters.http.router",
    "    typed_config:",
    '      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
    "",
    "# In static_resources:",
    "clusters:",
    "  - name: keyplane",
    "    type: LOGICAL_DNS",
    "    connect_timeout: 1s",
    "    load_assignment:",
    "      cluster_name: keyplane",
    "      endpoints:",
    "        - lb_endpoints:",
    "            - endpoint:",
    "                address:",
    "                  socket_address:",
    `                    address: ${yamlString(url.hostname.replace(/^\[|\]$/g, ""))}`,
    `                    port_value: ${port}`,
    ...(https
      ? [
          "    transport_socket:",
          "      name: envoy.transport_sockets.tls",
          "      typed_config:",
          '        "@type": type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
          `        sni: ${yamlString(url.hostname)}`,
        ]
      : []),
    "",
  ].join("\n");
}

/** A double-quoted YAML scalar (JSON strings are valid YAML). */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// All of them, for the connect panel

export function buildConnectSnippets(options: {
  baseUrl: string;
  scope: ConnectScope;
  /** Pass the secret only while it is on screen (the reveal dialog is open); else null. */
  secret: string | null;
}): ConnectSnippet[] {
  const { baseUrl, scope, secret } = options;
  return [
    {
      id: "curl",
      title: "curl",
      filename: "shell",
      description: "Call the verify endpoint from a shell or a service.",
      copyLabel: "Copy the curl command",
      code: renderCurlSnippet({ baseUrl, scope, secret }),
      containsSecret: secret !== null,
    },
    {
      id: "nginx",
      title: "nginx",
      filename: "nginx.conf",
      description: "A server block for nginx with auth_request in front of your service.",
      copyLabel: "Copy the nginx configuration",
      code: renderNginxConfig({ keyplaneUrl: baseUrl, scope, ...EXAMPLE_SERVICE }),
      containsSecret: false,
    },
    {
      id: "caddy",
      title: "Caddy",
      filename: "Caddyfile",
      description: "A site block for Caddy with forward_auth in front of your service.",
      copyLabel: "Copy the Caddy configuration",
      code: renderCaddyConfig({
        keyplaneUrl: baseUrl,
        scope,
        site: EXAMPLE_SERVICE.serverName,
        upstream: EXAMPLE_SERVICE.upstream,
      }),
      containsSecret: false,
    },
    {
      id: "traefik",
      title: "Traefik",
      filename: "traefik-dynamic.yml",
      description: "A forwardAuth middleware in Traefik's dynamic configuration.",
      copyLabel: "Copy the Traefik configuration",
      code: renderTraefikConfig({
        keyplaneUrl: baseUrl,
        scope,
        host: EXAMPLE_SERVICE.serverName,
        upstream: EXAMPLE_SERVICE.upstream,
      }),
      containsSecret: false,
    },
    {
      id: "envoy",
      title: "Envoy",
      filename: "envoy.yaml",
      description: "The ext_authz HTTP filter and the Keyplane cluster it calls.",
      copyLabel: "Copy the Envoy configuration",
      code: renderEnvoyConfig({ keyplaneUrl: baseUrl, scope }),
      containsSecret: false,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Which system and permission a key's snippets ask for

export type ConnectableKey = {
  /** A system key's own system. */
  system: { id: string; slug: string } | null;
  /** An organization key's system limits (empty: every system). */
  limitedTo: { id: string; slug: string }[];
  /** Sorted permission names. */
  permissions: string[];
};

/**
 * The scope a data plane of this key would ask for: a system key's own system; for an
 * organization key limited to systems, the first of them; the key's first permission, if any.
 * A request that names no system is not checked against systems (lib/verify/decide.ts), so the
 * snippets always name one when the key has one.
 */
export function defaultScope(key: ConnectableKey): ConnectScope {
  return {
    system: key.system?.slug ?? key.limitedTo[0]?.slug ?? null,
    permission: key.permissions[0] ?? null,
  };
}
