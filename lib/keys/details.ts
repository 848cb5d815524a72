import type { Prisma, Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { expiringSoonDays, parseWarningDays } from "./expiry-warnings";
import { readMeta, readRatelimits, readRefill, type KeyCredits, type KeyRatelimit } from "./limits";
import { EXPIRING_SOON_DAYS, isExpired, isExpiringSoon } from "./policy";

// The one shape a key is shown in after a change and on its details page. Secrets appear only
// as slot, hint and dates: never a hash, a ciphertext or a value.

export type KeyState = "active" | "disabled" | "revoked";
/** What the key does right now: the stored state, or "expired" once its expiry has passed. */
export type KeyStatus = KeyState | "expired";
type SecretSlotName = "primary" | "secondary" | "rolled";

type KeySecretSummary = {
  id: string;
  slot: SecretSlotName;
  hint: string;
  createdAt: Date;
  graceEndsAt: Date | null;
  retrievable: boolean;
};

type KeyCreator =
  { type: "user"; id: string; name: string; email: string } | { type: "key"; id: string } | null;

export type KeyDetails = {
  id: string;
  organizationId: string;
  systemId: string | null;
  system: { id: string; name: string } | null;
  label: string;
  description: string;
  state: KeyState;
  status: KeyStatus;
  expiresAt: Date;
  expired: boolean;
  expiringSoon: boolean;
  allowedCidrs: string[];
  permissions: string[];
  systemLimits: { id: string; name: string }[];
  createdAt: Date;
  updatedAt: Date;
  createdBy: KeyCreator;
  disabledAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  version: number;
  hasSecondary: boolean;
  secrets: KeySecretSummary[];
  externalId: string | null;
  meta: Record<string, unknown> | null;
  ratelimits: KeyRatelimit[];
  /** null = the key spends no credits. */
  credits: KeyCredits | null;
};

/** A key after a change that made secrets: the only place a plaintext secret is ever returned. */
export type KeyWithSecrets = { key: KeyDetails; secrets: { primary?: string; secondary?: string } };

const keyDetailsSelect = {
  id: true,
  organizationId: true,
  systemId: true,
  system: { select: { id: true, name: true } },
  label: true,
  description: true,
  state: true,
  expiresAt: true,
  allowedCidrs: true,
  permissions: { select: { permission: { select: { name: true } } } },
  systemLimits: { select: { system: { select: { id: true, name: true } } } },
  createdAt: true,
  updatedAt: true,
  createdById: true,
  createdByKeyId: true,
  createdBy: { select: { id: true, name: true, email: true } },
  disabledAt: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  version: true,
  externalId: true,
  meta: true,
  ratelimits: true,
  creditsRemaining: true,
  creditsRefill: true,
  secrets: {
    select: { id: true, slot: true, hint: true, createdAt: true, graceEndsAt: true, valueEnc: true },
    orderBy: { createdAt: "asc" },
  },
  // "Expiring soon" follows the organization's expiry warnings (./expiry-warnings.ts).
  organization: { select: { policy: { select: { expiryWarningDays: true } } } },
} as const satisfies Prisma.ApiKeySelect;

type KeyDetailsRow = Prisma.ApiKeyGetPayload<{ select: typeof keyDetailsSelect }>;

const SLOT_ORDER: Record<SecretSlotName, number> = { primary: 0, secondary: 1, rolled: 2 };

function toKeyDetails(row: KeyDetailsRow, now = new Date()): KeyDetails {
  const state = toKeyState(row.state);
  const warnings = row.organization.policy?.expiryWarningDays;
  const soonDays = warnings === undefined ? EXPIRING_SOON_DAYS : expiringSoonDays(parseWarningDays(warnings));
  const secrets = row.secrets
    .map((secret) => ({
      id: secret.id,
      slot: toSlot(secret.slot),
      hint: secret.hint,
      createdAt: secret.createdAt,
      graceEndsAt: secret.graceEndsAt,
      retrievable: secret.valueEnc !== null,
    }))
    .sort((a, b) => SLOT_ORDER[a.slot] - SLOT_ORDER[b.slot]);
  return {
    id: row.id,
    organizationId: row.organizationId,
    systemId: row.systemId,
    system: row.system,
    label: row.label,
    description: row.description,
    state,
    status: keyStatus(state, row.expiresAt, now),
    expiresAt: row.expiresAt,
    expired: isExpired(row.expiresAt, now),
    expiringSoon: state === "active" && isExpiringSoon(row.expiresAt, now, soonDays),
    allowedCidrs: toStringList(row.allowedCidrs),
    permissions: row.permissions.map((p) => p.permission.name).sort(),
    systemLimits: row.systemLimits.map((l) => l.system).sort((a, b) => a.name.localeCompare(b.name)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: toCreator(row),
    disabledAt: row.disabledAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    version: row.version,
    hasSecondary: secrets.some((s) => s.slot === "secondary"),
    secrets,
    externalId: row.externalId,
    meta: readMeta(row.meta),
    ratelimits: readRatelimits(row.ratelimits),
    credits:
      row.creditsRemaining === null
        ? null
        : { remaining: row.creditsRemaining, refill: readRefill(row.creditsRefill) },
  };
}

/** Reads a key of the organization in the caller's transaction; null when there is none. */
export async function readKeyDetails(
  tx: Tx,
  organizationId: string,
  keyId: string,
): Promise<KeyDetails | null> {
  const row = await tx.apiKey.findFirst({ where: { id: keyId, organizationId }, select: keyDetailsSelect });
  return row ? toKeyDetails(row) : null;
}

/** The same, for a key this transaction has just checked or written. */
export async function requireKeyDetails(tx: Tx, organizationId: string, keyId: string): Promise<KeyDetails> {
  const key = await readKeyDetails(tx, organizationId, keyId);
  if (!key) throw notFound("The key");
  return key;
}

export function keyStatus(state: KeyState, expiresAt: Date, now = new Date()): KeyStatus {
  if (state === "revoked" || state === "disabled") return state;
  return isExpired(expiresAt, now) ? "expired" : "active";
}

export function toKeyState(value: string): KeyState {
  return value === "disabled" || value === "revoked" ? value : "active";
}

function toSlot(value: string): SecretSlotName {
  return value === "secondary" || value === "rolled" ? value : "primary";
}

/** allowedCidrs is a JSON column; for display, anything but strings in an array is left out. */
export function toStringList(value: Prisma.JsonValue): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function toCreator(row: KeyDetailsRow): KeyCreator {
  if (row.createdBy) return { type: "user", ...row.createdBy };
  if (row.createdByKeyId) return { type: "key", id: row.createdByKeyId };
  return null;
}
