// Traefik's forwardAuth middleware.
import { forwardAuthUrl, IDENTITY_HEADERS, yamlString, type ConnectScope } from "./shared";

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
