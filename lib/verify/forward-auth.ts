import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddressOf } from "@/lib/http/client-address";
import { countVerification } from "@/lib/ops/counters";
import { bearerToken, MAX_RATELIMITS } from "./body";
import {
  FORWARD_MISSING_KEY,
  FORWARD_UNAVAILABLE,
  forwardAuthResponse,
  send,
  type AllowStatus,
  unavailable,
} from "./responses";
import type { VerifyRuntime } from "./runtime";
import type { RatelimitRequest, Verification } from "./types";

// Forward authentication for proxies (Traefik forwardAuth, nginx auth_request, Caddy
// forward_auth, Envoy ext_authz in HTTP mode): the proxy sends us the client's request headers on
// any path ending with /api/v1/forward-auth and lets the request through on a 2xx.
//
// - The key comes from the header named by ?header= (e.g. ?header=x-api-key), or by default from
//   "Authorization: Bearer …", then "X-API-Key".
// - ?permission= (repeatable: all are required) and ?system= (an id or slug) say what the route needs;
//   ?ratelimit= (repeatable) names key rate limits to check besides the auto-applied ones.
// - The client's IP is what a trusted proxy (KEYPLANE_TRUSTED_PROXIES) reports: X-Real-IP, else
//   X-Forwarded-For walked from the right past trusted hops (lib/http/client-address.ts). From any
//   other caller both headers are ignored. Without a reported address a key restricted to IP
//   ranges is refused (fail closed). Failed attempts are counted per that client address, else
//   per the caller's own.
// - Envoy's ext_authz appends the client's path (and its query) to the configured prefix, so the
//   prefix ends in "&path=": parameters from "path" on are the client's and are never read.
// - Answers: 204 (200 with ?status=200, which Envoy's ext_authz requires) with
//   X-Keyplane-Key-Id / -Organization / -System / -External-Id; 401 for a missing, unknown,
//   expired, disabled or revoked key; 403 for IP, system or permission; 429 when rate limited
//   (Retry-After) or out of credits (USAGE_EXCEEDED).
//   The proxy must be told to copy the X-Keyplane-* headers to the upstream request.

interface ForwardQuery {
  header: string | undefined;
  permissions: string | string[] | undefined;
  system: string | undefined;
  ratelimits: RatelimitRequest[] | undefined;
  allowStatus: AllowStatus;
}

const NO_QUERY: ForwardQuery = {
  header: undefined,
  permissions: undefined,
  system: undefined,
  ratelimits: undefined,
  allowStatus: 204,
};
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** A proxy sends the same few query strings (one per protected route) over and over. */
const queries = new Map<string, ForwardQuery>();
const MAX_QUERIES = 256;

export function handleForwardAuth(
  runtime: VerifyRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  query: string,
): void {
  const startedAt = performance.now();
  // Envoy forwards the original method, body included: discard a body so the connection can be reused.
  if (req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined)
    req.resume();
  const wanted = parseQuery(query);
  const secret = readKey(req, wanted.header);
  if (secret === undefined) return send(res, FORWARD_MISSING_KEY);
  const client = clientAddressOf(req);
  const outcome = runtime.verify({
    secret,
    permissions: wanted.permissions,
    ip: client.forwarded,
    system: wanted.system,
    ratelimits: wanted.ratelimits,
    source: client.forwarded ?? client.address,
  });
  if (outcome instanceof Promise) {
    outcome.then(
      (settled) => {
        send(res, forwardAuthResponse(settled, wanted.allowStatus));
        countVerification("forward-auth", settled.code, startedAt);
      },
      (error: unknown) => {
        unavailable(res, error, FORWARD_UNAVAILABLE);
        countVerification("forward-auth", "UNAVAILABLE", startedAt);
      },
    );
  } else {
    send(res, forwardAuthResponse(outcome as Verification, wanted.allowStatus));
    countVerification("forward-auth", (outcome as Verification).code, startedAt);
  }
}

function parseQuery(query: string): ForwardQuery {
  if (query === "") return NO_QUERY;
  const known = queries.get(query);
  if (known) return known;
  let header: string | undefined;
  let system: string | undefined;
  let allowStatus: AllowStatus = 204;
  const permissions: string[] = [];
  const ratelimits: RatelimitRequest[] = [];
  for (const [name, value] of new URLSearchParams(query)) {
    if (name === "path") break; // the client's own path and query (Envoy), never ours to read
    if (name === "permission") {
      if (value !== "") permissions.push(value);
    } else if (name === "header") header ??= value.trim().toLowerCase();
    else if (name === "system") system ??= value || undefined;
    else if (name === "ratelimit") {
      if (value !== "" && ratelimits.length < MAX_RATELIMITS) ratelimits.push({ name: value });
    } else if (name === "status" && value === "200") allowStatus = 200;
  }
  const parsed: ForwardQuery = {
    header: header && HEADER_NAME.test(header) ? header : undefined,
    permissions:
      permissions.length === 0 ? undefined : permissions.length === 1 ? permissions[0] : permissions,
    system,
    ratelimits: ratelimits.length === 0 ? undefined : ratelimits,
    allowStatus,
  };
  if (queries.size >= MAX_QUERIES) queries.clear();
  queries.set(query, parsed);
  return parsed;
}

function readKey(req: IncomingMessage, header: string | undefined): string | undefined {
  if (header !== undefined) {
    const value = req.headers[header];
    if (typeof value !== "string") return undefined;
    if (header === "authorization") return bearerToken(value);
    return value.trim() || undefined;
  }
  const bearer = bearerToken(req.headers.authorization);
  if (bearer !== undefined) return bearer;
  const apiKey = req.headers["x-api-key"];
  return typeof apiKey === "string" ? apiKey.trim() || undefined : undefined;
}
