// What every snippet shares: the endpoints, the scope a data plane asks for, quoting.

import { FORWARD_AUTH_PATH, VERIFY_PATH } from "@/lib/verify/paths";

export { FORWARD_AUTH_PATH };
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

type SnippetId = "curl" | "nginx" | "caddy" | "traefik" | "envoy";

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

/** A double-quoted YAML scalar (JSON strings are valid YAML). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}
