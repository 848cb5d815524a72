import type { Ctx, RequestMeta } from "@/lib/context";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ORG_ONLY_PERMISSION } from "@/lib/keys/references";
import { metaFromHeaders } from "@/lib/http/request-meta";
import { bearerToken } from "@/lib/verify/body";
import { getVerifyRuntime } from "@/lib/verify/runtime";
import type { VerifyCode } from "@/lib/verify/types";
import { DeniedError, RetryLaterError } from "./errors";
import { noteRequestActor } from "@/lib/ops/request-context";

// Who is calling the management API: the key in `Authorization: Bearer …`, checked by the same
// verification service and cache as POST /api/v1/verify (state, expiry, rolled-secret grace end,
// IP ranges against the client address our own server decided (lib/http/client-address.ts), and
// the miss rate limiter), then required to hold keys:manage. There is no second lookup path to
// drift apart.

export type ApiCaller = {
  keyId: string;
  label: string;
  organizationId: string;
  /** A system key's own system; null for an organization key. */
  systemId: string | null;
  /** An organization key's system limits (empty = every system). */
  systemLimits: readonly string[];
};

export type Authenticated = { caller: ApiCaller; ctx: Ctx };

const MANAGE_PERMISSION = ORG_ONLY_PERMISSION;

const UNAUTHENTICATED_MESSAGES: Partial<Record<VerifyCode, string>> = {
  NOT_FOUND: "The API key is not valid.",
  EXPIRED: "The API key has expired.",
  DISABLED: "The API key is disabled.",
  REVOKED: "The API key has been revoked.",
};

export async function authenticate(request: Request): Promise<Authenticated> {
  const meta = metaFromHeaders(request.headers);
  const secret = bearerToken(request.headers.get("authorization") ?? undefined);
  if (secret === undefined) {
    throw new AppError("UNAUTHENTICATED", "Send an API key as “Authorization: Bearer <key>”.");
  }
  const runtime = getVerifyRuntime();
  const ip = meta.ip ?? undefined;
  const outcome = await runtime.verify({
    secret,
    permissions: MANAGE_PERMISSION,
    ip,
    source: ip ?? "api",
  });
  const { code, entry } = outcome;
  if (code === "RATE_LIMITED") {
    throw new RetryLaterError("Too many failed attempts. Try again later.", outcome.retryAfter);
  }
  const unauthenticated = UNAUTHENTICATED_MESSAGES[code];
  if (unauthenticated !== undefined || entry === null) {
    throw new AppError("UNAUTHENTICATED", unauthenticated ?? "The API key is not valid.");
  }
  const caller = await loadCaller(entry.keyId, entry.organizationId);
  if (!caller) throw new AppError("UNAUTHENTICATED", "The API key is not valid.");
  const ctx = callerCtx(caller, meta);
  if (code === "IP_NOT_ALLOWED") {
    throw new DeniedError("This API key may not be used from your address.", ctx, "ip_not_allowed");
  }
  if (code !== "VALID") {
    throw new DeniedError(`This API key does not hold ${MANAGE_PERMISSION}.`, ctx, "missing_permission");
  }
  return { caller, ctx };
}

/** The caller's label and scope, read fresh: the verify cache holds neither. */
async function loadCaller(keyId: string, organizationId: string): Promise<ApiCaller | null> {
  const row = await getDb().apiKey.findFirst({
    where: { id: keyId, organizationId, state: "active" },
    select: { label: true, systemId: true, systemLimits: { select: { systemId: true } } },
  });
  if (!row) return null;
  return {
    keyId,
    label: row.label,
    organizationId,
    systemId: row.systemId,
    systemLimits: row.systemLimits.map((limit) => limit.systemId),
  };
}

function callerCtx(caller: ApiCaller, meta: RequestMeta): Ctx {
  noteRequestActor(caller.organizationId, { type: "key", id: caller.keyId });
  return {
    actor: { type: "key", id: caller.keyId, label: caller.label },
    // What a key may reach is decided by lib/api/access.ts from its scope, not by a role.
    organizationId: caller.organizationId,
    meta,
  };
}
