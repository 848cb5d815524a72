// Per-organization key lifetime policy, expiry resolution and roll grace periods.
// Pure date arithmetic on UTC milliseconds: a "day" is exactly 24 h, so results do not depend on
// the server's time zone or daylight-saving changes.
import { DAY_MS } from "@/lib/time";
import { DEFAULT_EXPIRY_WARNING_DAYS, expiringSoonDays } from "./expiry-warnings";
import { GRACE_PRESETS, isGracePreset, type GracePreset } from "./grace";

export interface KeyPolicy {
  defaultLifetimeDays: number;
  minLifetimeDays: number;
  maxLifetimeDays: number;
  allowCustomSecrets: boolean;
  retrievableSecrets: boolean;
  /** Days before expiry at which keys are flagged, largest first (./expiry-warnings.ts). */
  expiryWarningDays: readonly number[];
  /** What a reported leak does to the key (README.md, "Leaked keys"). */
  leakResponse: LeakResponse;
}

export const LEAK_RESPONSES = ["disable", "revoke"] as const;
export type LeakResponse = (typeof LEAK_RESPONSES)[number];

export function isLeakResponse(value: unknown): value is LeakResponse {
  return (LEAK_RESPONSES as readonly unknown[]).includes(value);
}

export const DEFAULT_KEY_POLICY: Readonly<KeyPolicy> = Object.freeze({
  defaultLifetimeDays: 365,
  minLifetimeDays: 1,
  maxLifetimeDays: 730,
  allowCustomSecrets: false,
  retrievableSecrets: false,
  expiryWarningDays: DEFAULT_EXPIRY_WARNING_DAYS,
  leakResponse: "disable",
});

export const POLICY_MIN_DAYS_FLOOR = 1;
export const POLICY_MAX_DAYS_CEILING = 3650;
/** "Expiring soon" under the default policy: its earliest expiry warning. */
export const EXPIRING_SOON_DAYS = expiringSoonDays(DEFAULT_EXPIRY_WARNING_DAYS);

type Refusal = { ok: false; message: string };
export type ExpiryResult = { ok: true; expiresAt: Date } | Refusal;
export type ExpiryRequest = Date | { days: number } | undefined;

function refuse(message: string): Refusal {
  return { ok: false, message };
}

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && Number.isFinite(value.getTime());
}

// ---------------------------------------------------------------------------------------------
// Expiry

/**
 * Turns the requested expiry into a concrete date under `policy`:
 * undefined → now + default; `{ days }` → now + days (whole days); a Date → as given.
 * The result must lie in [now + min days, now + max days].
 */
export function resolveExpiry(
  policy: KeyPolicy,
  requested: ExpiryRequest,
  now: Date = new Date(),
): ExpiryResult {
  const nowMs = now.getTime();
  const target = requestedExpiryMs(policy, requested, nowMs);
  if (typeof target !== "number") return target;
  if (target < nowMs + policy.minLifetimeDays * DAY_MS) {
    return refuse(`Expiry must be at least ${days(policy.minLifetimeDays)} from now`);
  }
  if (target > nowMs + policy.maxLifetimeDays * DAY_MS) {
    return refuse(`Expiry cannot be more than ${days(policy.maxLifetimeDays)} from now`);
  }
  return { ok: true, expiresAt: new Date(target) };
}

function requestedExpiryMs(policy: KeyPolicy, requested: ExpiryRequest, nowMs: number): number | Refusal {
  if (requested === undefined) return nowMs + policy.defaultLifetimeDays * DAY_MS;
  if (requested instanceof Date) {
    return isValidDate(requested) ? requested.getTime() : refuse("Expiry must be a valid date");
  }
  if (!Number.isSafeInteger(requested.days)) return refuse("Lifetime must be a whole number of days");
  return nowMs + requested.days * DAY_MS;
}

/** Expired keys are "expired", not "expiring soon"; keys without an expiry never expire. */
export function isExpired(expiresAt: Date | null | undefined, now: Date = new Date()): boolean {
  return expiresAt != null && expiresAt.getTime() <= now.getTime();
}

/**
 * True when the key is still valid but expires within `withinDays` (the policy's earliest
 * expiry warning; EXPIRING_SOON_DAYS under the default policy).
 */
export function isExpiringSoon(
  expiresAt: Date | null | undefined,
  now: Date = new Date(),
  withinDays: number = EXPIRING_SOON_DAYS,
): boolean {
  if (expiresAt == null) return false;
  const { gt, lte } = expiringSoonWindow(now, withinDays);
  return expiresAt > gt && expiresAt <= lte;
}

/** The expiry dates within `withinDays` of `now`, as a query's range: (now, now + days]. */
export function expiringSoonWindow(
  now: Date,
  withinDays: number = EXPIRING_SOON_DAYS,
): { gt: Date; lte: Date } {
  return { gt: now, lte: new Date(now.getTime() + withinDays * DAY_MS) };
}

// ---------------------------------------------------------------------------------------------
// Roll grace period: how long the old secret keeps working after a roll.

export type GraceChoice = GracePreset | { until: Date };
export type GraceResult = { ok: true; endsAt: Date; clampedToKeyExpiry: boolean } | Refusal;

/**
 * When the old secret stops working. Presets are clamped to the key's expiry (the old secret can
 * never outlive the key) and reported via `clampedToKeyExpiry`; an explicit date past the expiry
 * or in the past is refused. `keyExpiresAt` null means the key has no expiry.
 */
export function resolveGraceEnd(
  choice: GraceChoice,
  keyExpiresAt: Date | null,
  now: Date = new Date(),
): GraceResult {
  const nowMs = now.getTime();
  if (typeof choice === "string") return presetGraceEnd(choice, keyExpiresAt, nowMs);
  if (!isValidDate(choice.until)) return refuse("Grace period end must be a valid date");
  const untilMs = choice.until.getTime();
  if (untilMs < nowMs) return refuse("Grace period end cannot be in the past");
  if (keyExpiresAt !== null && untilMs > keyExpiresAt.getTime()) {
    return refuse("Grace period cannot end after the key expires");
  }
  return { ok: true, endsAt: new Date(untilMs), clampedToKeyExpiry: false };
}

function presetGraceEnd(choice: GracePreset, keyExpiresAt: Date | null, nowMs: number): GraceResult {
  if (!isGracePreset(choice)) return refuse("Unknown grace period choice");
  const wanted = nowMs + GRACE_PRESETS[choice].ms;
  if (keyExpiresAt === null || wanted <= keyExpiresAt.getTime()) {
    return { ok: true, endsAt: new Date(wanted), clampedToKeyExpiry: false };
  }
  // An already-expired key ends its grace now, never in the past.
  return { ok: true, endsAt: new Date(Math.max(nowMs, keyExpiresAt.getTime())), clampedToKeyExpiry: true };
}

// ---------------------------------------------------------------------------------------------
// Policy validation (org settings form)

type PolicyField = "defaultLifetimeDays" | "minLifetimeDays" | "maxLifetimeDays";
export type PolicyValidation =
  { ok: true } | { ok: false; errors: { field: PolicyField; message: string }[] };

const FIELD_LABELS: Readonly<Record<PolicyField, string>> = {
  defaultLifetimeDays: "Default lifetime",
  minLifetimeDays: "Minimum lifetime",
  maxLifetimeDays: "Maximum lifetime",
};

/** Checks whole days, 1 ≤ min ≤ default ≤ max ≤ 3650; reports every problem, one per field. */
export function validatePolicy(p: Pick<KeyPolicy, PolicyField>): PolicyValidation {
  const errors: { field: PolicyField; message: string }[] = [];
  for (const field of Object.keys(FIELD_LABELS) as PolicyField[]) {
    if (!Number.isSafeInteger(p[field])) {
      errors.push({ field, message: `${FIELD_LABELS[field]} must be a whole number of days` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  addRangeErrors(p, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true };
}

function addRangeErrors(
  p: Pick<KeyPolicy, PolicyField>,
  errors: { field: PolicyField; message: string }[],
): void {
  if (p.minLifetimeDays < POLICY_MIN_DAYS_FLOOR) {
    errors.push({
      field: "minLifetimeDays",
      message: `Minimum lifetime must be at least ${days(POLICY_MIN_DAYS_FLOOR)}`,
    });
  } else if (p.minLifetimeDays > p.maxLifetimeDays) {
    errors.push({
      field: "minLifetimeDays",
      message: "Minimum lifetime cannot be more than the maximum lifetime",
    });
  }
  if (p.maxLifetimeDays > POLICY_MAX_DAYS_CEILING) {
    errors.push({
      field: "maxLifetimeDays",
      message: `Maximum lifetime cannot be more than ${days(POLICY_MAX_DAYS_CEILING)}`,
    });
  }
  if (p.defaultLifetimeDays < p.minLifetimeDays || p.defaultLifetimeDays > p.maxLifetimeDays) {
    errors.push({
      field: "defaultLifetimeDays",
      message: "Default lifetime must be between the minimum and maximum lifetime",
    });
  }
}
