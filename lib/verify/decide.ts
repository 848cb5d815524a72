import {
  VERIFY_CODES,
  type KeyEntry,
  type RatelimitState,
  type VerifyCode,
  type VerifyRequest,
  type VerifyResult,
} from "./types";

// The verification decision, pure: no clock, no I/O. The hot path calls decideCode (a string, no
// allocation); toResult turns a code into the public answer.
//
// Precedence when several things are wrong: revoked > disabled > expired > ip > system > permission.
// A secret that no longer exists (a rolled secret past its grace end) is NOT_FOUND before all
// of them, exactly as if it had never been stored.

export type DecideRequest = Pick<VerifyRequest, "permissions" | "ip" | "system">;

/**
 * @param now milliseconds since the epoch.
 * @param systemInOrganization for an organization key without system limits, whether
 *   `request.system` names a system of the key's organization (the caller resolves it, since that
 *   needs the database); left undefined, such a request is refused (fail closed).
 */
export function decideCode(
  request: DecideRequest,
  entry: KeyEntry | null | undefined,
  now: number,
  systemInOrganization?: boolean,
): VerifyCode {
  if (!entry || !secretIsLive(entry, now)) return "NOT_FOUND";
  if (entry.state === "revoked") return "REVOKED";
  if (entry.state !== "active") return "DISABLED";
  if (now > entry.expiresAt) return "EXPIRED";
  if (!entry.ipAllowed(request.ip)) return "IP_NOT_ALLOWED";
  if (!systemAllowed(entry, request.system, systemInOrganization)) return "SYSTEM_NOT_ALLOWED";
  if (!hasPermissions(entry.permissions, request.permissions)) return "INSUFFICIENT_PERMISSIONS";
  return "VALID";
}

/** Primary and secondary secrets live as long as the key; a rolled one until its grace end, inclusive. */
function secretIsLive(entry: KeyEntry, now: number): boolean {
  if (entry.slot === "primary" || entry.slot === "secondary") return true;
  if (entry.slot === "rolled") return entry.graceEndsAt !== null && now <= entry.graceEndsAt;
  return false; // an unknown slot is bad data: refuse rather than guess
}

/** True when the request needs a system check that only the database can answer. */
export function needsSystemResolution(entry: KeyEntry, system: string | undefined): boolean {
  return system !== undefined && system !== "" && entry.systemId === null && entry.systemLimits.size === 0;
}

function systemAllowed(
  entry: KeyEntry,
  system: string | undefined,
  inOrganization: boolean | undefined,
): boolean {
  if (system === undefined || system === "") return true;
  if (entry.systemId !== null) return system === entry.systemId || system === entry.systemSlug;
  if (entry.systemLimits.size > 0) return entry.systemLimits.has(system);
  return inOrganization === true;
}

function hasPermissions(
  held: ReadonlySet<string>,
  required: string | readonly string[] | undefined,
): boolean {
  if (required === undefined) return true;
  if (typeof required === "string") return held.has(required);
  for (let i = 0; i < required.length; i++) {
    if (!held.has(required[i] as string)) return false;
  }
  return true;
}

/**
 * Codes whose answer names the key: it was found, so the caller already holds one of its secrets
 * (every code but NOT_FOUND; RATE_LIMITED only from the key's own limits, which come with the
 * key's entry, never from the miss limiter, which has none).
 */
const IDENTIFIED: ReadonlySet<VerifyCode> = new Set(VERIFY_CODES.filter((code) => code !== "NOT_FOUND"));

/** What metering adds to an answer (lib/verify/runtime.ts): the limits checked and the balance left. */
export interface MeteredFields {
  ratelimits?: RatelimitState[];
  credits?: number;
}

/** The key is usable in principle (the refusal is about this request), so its permissions are shown. */
const LIVE: ReadonlySet<VerifyCode> = new Set([
  "VALID",
  "IP_NOT_ALLOWED",
  "SYSTEM_NOT_ALLOWED",
  "INSUFFICIENT_PERMISSIONS",
]);

export function toResult(
  entry: KeyEntry | null | undefined,
  code: VerifyCode,
  metered?: MeteredFields,
): VerifyResult {
  if (!entry || !IDENTIFIED.has(code)) return emptyResult(code);
  const result: VerifyResult = {
    valid: code === "VALID",
    code,
    keyId: entry.keyId,
    organizationId: entry.organizationId,
    systemId: entry.systemId,
    permissions: LIVE.has(code) ? [...entry.permissionList] : [],
    expiresAt: entry.expiresAtIso,
  };
  if (entry.externalId !== null) result.externalId = entry.externalId;
  if (entry.meta !== null) result.meta = entry.meta;
  if (metered?.ratelimits) result.ratelimits = metered.ratelimits;
  if (metered?.credits !== undefined) result.credits = { remaining: metered.credits };
  return result;
}

export function emptyResult(code: VerifyCode): VerifyResult {
  return {
    valid: false,
    code,
    keyId: null,
    organizationId: null,
    systemId: null,
    permissions: [],
    expiresAt: null,
  };
}
