import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastPathHandler } from "@/lib/http/server";
import { clientAddressOf } from "@/lib/http/client-address";
import { countVerification } from "@/lib/ops/counters";
import { bearerToken, parseVerifyBody, type ParsedBody } from "./body";
import { handleForwardAuth } from "./forward-auth";
import { send, unavailable, verifyError, verifyResponse } from "./responses";
import { FORWARD_AUTH_PATH, VERIFY_PATH } from "./paths";
import { getVerifyRuntime, type VerifyRuntime } from "./runtime";
import type { Verification } from "./types";

// The verification hot path, answered by Keyplane's node:http server before Next.js sees the
// request (ARCHITECTURE.md, "One process, two doors"): POST /api/v1/verify and, under any prefix,
// /api/v1/forward-auth. On a cache hit nothing here awaits, logs, or calls Prisma; the answer is a
// Buffer prepared when the entry was first answered.

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export interface VerifyFastPathOptions {
  /** Defaults to the process-wide runtime (getVerifyRuntime). */
  runtime?: VerifyRuntime;
  maxBodyBytes?: number;
}

export type VerifyFastPath = FastPathHandler & {
  runtime: VerifyRuntime;
  /** Flushes usage and stops the change listener; call when the server stops. */
  close: () => Promise<void>;
};

export function createVerifyFastPath(options: VerifyFastPathOptions = {}): VerifyFastPath {
  const runtime = options.runtime ?? getVerifyRuntime();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handler = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    if (path === VERIFY_PATH || path === `${VERIFY_PATH}/`) {
      handleVerify(runtime, req, res, maxBody);
      return true;
    }
    if (path.endsWith(FORWARD_AUTH_PATH) || path.endsWith(`${FORWARD_AUTH_PATH}/`)) {
      handleForwardAuth(runtime, req, res, query < 0 ? "" : url.slice(query + 1));
      return true;
    }
    return false;
  };
  return Object.assign(handler, { runtime, close: () => runtime.close() });
}

const METHOD_NOT_ALLOWED = verifyError(405, "METHOD_NOT_ALLOWED", "Use POST.", ["allow", "POST"]);
const TOO_LARGE = verifyError(413, "PAYLOAD_TOO_LARGE", "The request body is limited to 16 KiB.", [
  "connection",
  "close",
]);

function handleVerify(
  runtime: VerifyRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  maxBody: number,
): void {
  const startedAt = performance.now();
  if (req.method !== "POST") {
    req.resume();
    return send(res, METHOD_NOT_ALLOWED);
  }
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBody) {
    req.resume();
    return send(res, TOO_LARGE);
  }
  // One chunk is the common case: keep it as is, and only concatenate when there are several.
  let first: Buffer | null = null;
  let more: Buffer[] | null = null;
  let size = 0;
  let refused = false;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > maxBody) {
      refused = true;
      return send(res, TOO_LARGE);
    }
    if (first === null) first = chunk;
    else (more ??= [first]).push(chunk);
  });
  req.on("end", () => {
    if (refused) return;
    const body = more ? Buffer.concat(more) : first;
    answerVerify(runtime, req, res, parseVerifyBody(body, req.headers["content-type"]), startedAt);
  });
  // A client that goes away mid-body: nothing to answer; without a listener the error would throw.
  req.on("error", () => undefined);
}

function answerVerify(
  runtime: VerifyRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  body: ParsedBody,
  startedAt: number,
): void {
  if (!body.ok) return send(res, body.error);
  const fromHeader = bearerToken(req.headers.authorization);
  const { fields } = body;
  if (fromHeader !== undefined && fields.key !== undefined && fields.key !== fromHeader) {
    return send(res, CONFLICTING_KEYS);
  }
  const secret = fromHeader ?? fields.key;
  if (secret === undefined) return send(res, MISSING_KEY);
  // "ip" is the data plane's claim about its own client: checked against the key's IP ranges and
  // recorded as the reported address. Failed attempts are counted per caller, the address our
  // server decided (lib/http/client-address.ts), never per a value the caller chooses.
  const outcome = runtime.verify({
    secret,
    permissions: fields.permissions,
    ip: fields.ip,
    system: fields.system,
    ratelimits: fields.ratelimits,
    cost: fields.cost,
    source: clientAddressOf(req).address,
  });
  if (outcome instanceof Promise) {
    outcome.then(
      (settled) => {
        send(res, verifyResponse(settled));
        countVerification("verify", settled.code, startedAt);
      },
      (error: unknown) => {
        unavailable(res, error, UNAVAILABLE);
        countVerification("verify", "UNAVAILABLE", startedAt);
      },
    );
  } else {
    send(res, verifyResponse(outcome as Verification));
    countVerification("verify", (outcome as Verification).code, startedAt);
  }
}

const MISSING_KEY = verifyError(
  400,
  "MISSING_KEY",
  'Send the key as "Authorization: Bearer <key>" or as "key" in a JSON body.',
);
const CONFLICTING_KEYS = verifyError(
  400,
  "CONFLICTING_KEYS",
  "The Authorization header and the body name different keys.",
);
const UNAVAILABLE = verifyError(503, "UNAVAILABLE", "Verification is temporarily unavailable.", [
  "retry-after",
  "1",
]);
