// Ready-to-run configuration that connects a data plane to this Keyplane: a curl call to the verify
// endpoint, and forward-auth set-ups for nginx, Caddy, Traefik and Envoy. Pure functions of their
// input, so the console's connect panel, the README and the gateway integration tests all use the
// same text (tests/integration/forward-auth-nginx.test.ts and forward-auth-caddy.test.ts run a real
// nginx and a real Caddy on exactly what renderNginxConfig and renderCaddyConfig return).
//
// A secret appears in a snippet only when the caller passes one, which the panel does only while
// the one-time reveal dialog has it on screen. Otherwise the curl call reads it from $KEYPLANE_KEY.
// Proxy configurations never carry a secret: the client sends its own key, the proxy forwards it.

import { renderCaddyConfig } from "./caddy";
import { renderCurlSnippet } from "./curl";
import { renderEnvoyConfig } from "./envoy";
import { renderNginxConfig } from "./nginx";
import { EXAMPLE_SERVICE, type ConnectScope, type ConnectSnippet } from "./shared";
import { renderTraefikConfig } from "./traefik";

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
