import type { IpMatcher } from "@/lib/keys/cidr-matcher";
import type { CreditRefill, KeyRatelimit } from "@/lib/keys/limits";

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
  "USAGE_EXCEEDED",
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
  /** The key's rate limits to check besides its auto-applied ones, each with its cost (default 1). */
  ratelimits?: readonly RatelimitRequest[];
  /** Credits this verification spends when the key has credits (default 1). */
  cost?: number;
}

export interface RatelimitRequest {
  name: string;
  cost?: number;
}

/** One rate limit's state after a verification: `reset` is when its window ends (ms since the epoch). */
export interface RatelimitState {
  name: string;
  limit: number;
  remaining: number;
  reset: number;
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
  /** The caller's own id for the key's customer or workload, when it has one. */
  externalId?: string;
  /** The key's metadata object, when it has one. */
  meta?: Record<string, unknown>;
  /** The rate limits this verification checked. */
  ratelimits?: RatelimitState[];
  /** The key's credit balance after this verification, for a key with credits. */
  credits?: { remaining: number };
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
  readonly externalId: string | null;
  readonly meta: Readonly<Record<string, unknown>> | null;
  readonly ratelimits: readonly KeyRatelimit[];
  /** null = the key spends no credits (the balance itself lives in the database). */
  readonly credits: { readonly refill: CreditRefill | null } | null;
  /** Whether a VALID decision still has limits or credits to pass: false keeps the plain fast path. */
  readonly metered: boolean;
  /** Filled lazily by the HTTP layer; dropped with the entry. */
  readonly responses: ResponseMemo;
}

/** A request on the hot path (runtime.ts). */
export interface VerifyInput extends VerifyRequest {
  /** Whose failed attempts are counted together: the reported client IP, else the caller's address. */
  source: string;
}

/** The outcome on the hot path: a code plus the entry that answers are rendered from. */
export interface Verification {
  code: VerifyCode;
  entry: KeyEntry | null;
  /** Seconds, for RATE_LIMITED; 0 otherwise. */
  retryAfter: number;
  /** For a key with rate limits: the limits this verification checked. */
  ratelimits?: RatelimitState[];
  /** For a key with credits: the balance after this verification. */
  credits?: number;
}
