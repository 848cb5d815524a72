// nginx in front of a service, with auth_request.
import { forwardAuthUrl, normalizeBaseUrl, type ConnectScope } from "./shared";

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
