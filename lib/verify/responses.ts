import type { ServerResponse } from "node:http";
import { errorMessage, logger } from "@/lib/ops/logger";
import { emptyResult, toResult } from "./decide";
import type { PreparedResponse, Verification, VerifyCode, VerifyResult } from "./types";

// Rendering answers. An entry's answers are encoded once and kept on the entry (it is dropped
// with them), so a cache hit writes a ready string and a ready header list. Every answer carries
// Cache-Control: no-store: a verification must never be served from an HTTP cache.

const JSON_TYPE = "application/json; charset=utf-8";

export function send(res: ServerResponse, prepared: PreparedResponse): void {
  res.writeHead(prepared.status, prepared.headers as string[]);
  if (prepared.body === null) res.end();
  else res.end(prepared.body);
}

/** The database could not be read: refuse (fail closed) and log one line, never the secret. */
export function unavailable(res: ServerResponse, error: unknown, prepared: PreparedResponse): void {
  logger().error({ job: "verify", error: errorMessage(error) }, "verify lookup failed");
  if (!res.headersSent) send(res, prepared);
  else res.end();
}

function prepareJson(
  status: number,
  payload: object,
  extraHeaders: readonly string[] = [],
): PreparedResponse {
  const body = JSON.stringify(payload);
  return {
    status,
    headers: [
      "content-type",
      JSON_TYPE,
      "cache-control",
      "no-store",
      "content-length",
      String(Buffer.byteLength(body)),
      ...extraHeaders,
    ],
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/verify: 200 for every decision (USAGE_EXCEEDED included), 429 for RATE_LIMITED.

const emptyVerify: Partial<Record<VerifyCode, PreparedResponse>> = {};

export function verifyResponse(outcome: Verification): PreparedResponse {
  const { code, entry } = outcome;
  if (code === "RATE_LIMITED")
    return prepareJson(429, toResult(entry, code, outcome), ["retry-after", String(outcome.retryAfter)]);
  if (entry === null) return (emptyVerify[code] ??= prepareJson(200, emptyResult(code)));
  // Limits and balances change with every verification: such answers are rendered each time.
  if (isMetered(outcome)) return prepareJson(200, toResult(entry, code, outcome));
  return (entry.responses.verify[code] ??= prepareJson(200, toResult(entry, code)));
}

export type VerifyErrorCode =
  | "INVALID_REQUEST"
  | "MISSING_KEY"
  | "CONFLICTING_KEYS"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "METHOD_NOT_ALLOWED"
  | "UNAVAILABLE";

/**
 * A request that could not be verified at all. The usual shape (valid false, code NOT_FOUND, so a
 * client that only reads `valid` or switches on `code` refuses) plus an `error` object.
 */
export function verifyError(
  status: number,
  code: VerifyErrorCode,
  message: string,
  extraHeaders: readonly string[] = [],
): PreparedResponse {
  const payload: VerifyResult & { error: { code: VerifyErrorCode; message: string } } = {
    ...emptyResult("NOT_FOUND"),
    error: { code, message },
  };
  return prepareJson(status, payload, extraHeaders);
}

function isMetered(outcome: Verification): boolean {
  return outcome.ratelimits !== undefined || outcome.credits !== undefined;
}

// ---------------------------------------------------------------------------------------------
// /api/v1/forward-auth: 204 with identity headers (200 when asked: Envoy's ext_authz allows only
// on 200), 401 / 403 / 429 (rate limited, or out of credits) with the JSON answer.

/** The status of forward-auth's allow answer. */
export type AllowStatus = 200 | 204;

const UNAUTHENTICATED: ReadonlySet<VerifyCode> = new Set(["NOT_FOUND", "EXPIRED", "DISABLED", "REVOKED"]);
const emptyForward: Partial<Record<VerifyCode, PreparedResponse>> = {};

export function forwardAuthResponse(outcome: Verification, allowStatus: AllowStatus = 204): PreparedResponse {
  const { code, entry } = outcome;
  if (allowStatus === 200 && code === "VALID" && entry !== null) {
    return (entry.responses.forwardAuthAllow200 ??= with200(forwardAuthResponse(outcome, 204)));
  }
  if (code === "RATE_LIMITED") {
    return prepareJson(429, toResult(entry, code, outcome), [
      "x-keyplane-code",
      code,
      "retry-after",
      String(outcome.retryAfter),
    ]);
  }
  if (code === "USAGE_EXCEEDED")
    return prepareJson(429, toResult(entry, code, outcome), ["x-keyplane-code", code]);
  if (entry === null) return (emptyForward[code] ??= forwardRefusal(code, emptyResult(code)));
  const memo = entry.responses.forwardAuth;
  const ready = memo[code];
  if (ready) return ready;
  if (code !== "VALID") return (memo[code] = forwardRefusal(code, toResult(entry, code)));
  const headers = [
    "cache-control",
    "no-store",
    "x-keyplane-code",
    code,
    "x-keyplane-key-id",
    entry.keyId,
    "x-keyplane-organization",
    entry.organizationId,
  ];
  if (entry.systemId !== null) headers.push("x-keyplane-system", entry.systemId);
  if (entry.externalId !== null) headers.push("x-keyplane-external-id", entry.externalId);
  return (memo[code] = { status: 204, headers, body: null });
}

function with200(allow: PreparedResponse): PreparedResponse {
  return { status: 200, headers: [...allow.headers, "content-length", "0"], body: null };
}

function forwardRefusal(code: VerifyCode, result: VerifyResult): PreparedResponse {
  if (UNAUTHENTICATED.has(code)) {
    return prepareJson(401, result, ["x-keyplane-code", code, "www-authenticate", 'Bearer realm="keyplane"']);
  }
  return prepareJson(403, result, ["x-keyplane-code", code]);
}

/** Forward-auth without any key: 401, like an unknown one. */
export const FORWARD_MISSING_KEY = forwardRefusal("NOT_FOUND", emptyResult("NOT_FOUND"));
export const FORWARD_UNAVAILABLE = prepareJson(503, emptyResult("NOT_FOUND"), [
  "x-keyplane-code",
  "NOT_FOUND",
]);
