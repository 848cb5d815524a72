import { DAY_MS, HOUR_MS } from "@/lib/time";

// The grace periods a roll offers (console, REST API, CLI): how long the old primary secret keeps
// working. Any other end is a date ({ until }); lib/keys/policy.ts turns either into the end.

export const GRACE_PRESETS = {
  now: { ms: 0, label: "Immediately", hint: "The old secret stops working now." },
  "1h": { ms: HOUR_MS, label: "In 1 hour" },
  "24h": { ms: 24 * HOUR_MS, label: "In 24 hours" },
  "7d": { ms: 7 * DAY_MS, label: "In 7 days" },
} as const satisfies Record<string, { ms: number; label: string; hint?: string }>;

export type GracePreset = keyof typeof GRACE_PRESETS;

/** The presets in display order, shortest first. */
export const GRACE_PRESET_NAMES = Object.keys(GRACE_PRESETS) as [GracePreset, ...GracePreset[]];

export const DEFAULT_GRACE: GracePreset = "24h";

export function isGracePreset(value: unknown): value is GracePreset {
  return typeof value === "string" && Object.hasOwn(GRACE_PRESETS, value);
}

/**
 * How recently a rolled (old) secret must have verified to count as still in use: the key table
 * marks such a key "old secret still in use", and **End grace now** is refused until the secret
 * has been idle this long (lib/keys/end-grace.ts).
 */
const OLD_SECRET_IDLE_MS = HOUR_MS;

/** Whether a rolled secret's last valid verification (as flushed by the verify server) is recent. */
export function oldSecretInUse(secret: { slot: string; lastUsedAt: Date | null }, now: Date): boolean {
  return (
    secret.slot === "rolled" &&
    secret.lastUsedAt !== null &&
    now.getTime() - secret.lastUsedAt.getTime() < OLD_SECRET_IDLE_MS
  );
}
