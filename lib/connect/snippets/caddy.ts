// Caddy in front of a service, with forward_auth.
import {
  FORWARD_AUTH_PATH,
  forwardAuthQuery,
  IDENTITY_HEADERS,
  normalizeBaseUrl,
  type ConnectScope,
} from "./shared";

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
