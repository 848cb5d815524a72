// Envoy's ext_authz HTTP filter.
import {
  FORWARD_AUTH_PATH,
  forwardAuthQuery,
  normalizeBaseUrl,
  yamlString,
  type ConnectScope,
} from "./shared";

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
