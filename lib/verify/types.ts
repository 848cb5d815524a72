import type { IpMatcher } from "@/lib/keys/cidr-matcher";

// Shapes shared by the verify modules. The public answer (VerifyResult) is what
// POST /api/v1/verify returns; KeyEntry is what the in-process cache holds per secret hash.

export const VERIFY_CODES = [
  "VALID",
  "NOT_FOUND",
  "EXPIRED",
  "DISABLED",
  "REVOKED",
  "IP_NOT_ALLOWED",
  "SYSTEM_NOT_ALLOWED",
  "INSUFFICIENT_PERMISSIONS",
  "RATE_LIMITED",
] as const;

export type VerifyCode = (typeof VERIFY_CODES)[number];

/** What a data plane asks: is this secret good for these permissions, from this IP, for this system? */
export interface VerifyRequest {
  secret: string;
  /** Every listed permission is required; a string is one permission; absent or [] = none. */
  permissions?: string | readonly string[];
  /** The address of the machine that presented the key, as the data plane saw it. */
  ip?: string;
  /** A system id or slug the key must be good for; absent = no system check. */
  system?: string;
}

export interface VerifyResult {
  valid: boolean;
  code: VerifyCode;
  keyId: string | null;
  organizationId: string | null;
  /** The key's own system (null for an organization key). */
  systemId: string | null;
  /** The key's permissions when the key itself is live (active, not expired); [] otherwise. */
  permissions: string[];
  /** ISO 8601, or null when no key was identified. */
  expiresAt: string | null;
}

/** A rendered answer, kept per entry and code so a cache hit serializes nothing. */
export interface PreparedResponse {
  status: number;
  /** Flat [name, value, name, value…] list, as res.writeHead takes it. */
  headers: readonly string[];
  /**
   * A string rather than a Buffer: Node then sends status line, headers and body in one write
   * instead of a writev of two buffers.
   */
  body: string | null;
}

/** Answers already rendered for an entry, per endpoint and code. */
interface ResponseMemo {
  verify: Partial<Record<VerifyCode, PreparedResponse>>;
  forwardAuth: Partial<Record<VerifyCode, PreparedResponse>>;
  /** The allow answer with status 200 instead of 204 (`?status=200`, for Envoy). */
  forwardAuthAllow200?: PreparedResponse;
}

/** Everything verification needs about one secret, compiled once when loaded. */
export interface KeyEntry {
  readonly hash: string;
  readonly keyId: string;
  readonly organizationId: string;
  readonly systemId: string | null;
  readonly systemSlug: string | null;
  /** active | disabled | revoked (anything else is treated as disabled: fail closed). */
  readonly state: string;
  /** Milliseconds since the epoch; the key verifies up to and including this instant. */
  readonly expiresAt: number;
  readonly expiresAtIso: string;
  readonly permissions: ReadonlySet<string>;
  /** Sorted, for answers. */
  readonly permissionList: readonly string[];
  readonly ipAllowed: IpMatcher;
  /** An organization key's allowed systems, by id and by slug; empty = every system of the organization. */
  readonly systemLimits: ReadonlySet<string>;
  /** primary | secondary | rolled. */
  readonly slot: string;
  /** For a rolled secret: it verifies up to and including this instant, then it is NOT_FOUND. */
  readonly graceEndsAt: number | null;
  readonly version: number;
  /** Filled lazily by the HTTP layer; dropped with the entry. */
  readonly responses: ResponseMemo;
}
