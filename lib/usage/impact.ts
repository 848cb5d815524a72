import type { Tx } from "@/lib/db";
import { oldSecretInUse } from "@/lib/keys/grace";
import { DAY_MS, HOUR_MS } from "@/lib/time";

// What a key's verifications look like right now, in ONE place: the console's details panel, roll
// dialog and the disable / revoke / regenerate confirmations (the impact preview), and REST
// `GET /api/v1/keys/{id}/usage` all read keyImpact. Counts come from the hourly rows the verify
// server flushes in batches (KeyUsage per key, KeySecretUsage per secret and reported address), so
// "last hour" and "last 24 hours" start at the top of the hour that window begins in.

export type SecretUsage = {
  id: string;
  slot: "primary" | "secondary" | "rolled";
  hint: string;
  graceEndsAt: Date | null;
  lastUsedAt: Date | null;
  /** As the data plane reported it. */
  lastUsedIp: string | null;
  callsLastHour: number;
  calls24h: number;
  /** A rolled secret that verified within the last hour (lib/keys/grace.ts). */
  inUse: boolean;
};

export type KeyImpact = {
  /** Valid verifications in the last 24 hours. */
  calls24h: number;
  refused24h: number;
  /** Distinct client addresses reported with valid verifications in the last 24 hours. */
  addresses24h: number;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  /** The systems the key works for; `allSystems` for an organization key without limits. */
  systems: { id: string; name: string }[];
  allSystems: boolean;
  secrets: SecretUsage[];
  oldSecretInUse: boolean;
};

const SLOT_ORDER = { primary: 0, secondary: 1, rolled: 2 } as const;

function toSlot(value: string): SecretUsage["slot"] {
  return value === "secondary" || value === "rolled" ? value : "primary";
}

/** The top of the hour `ms` before `now`: the first hourly row a window of `ms` counts (every usage figure of the console uses it). */
export function windowStart(now: Date, ms: number): Date {
  const start = now.getTime() - ms;
  return new Date(start - (start % HOUR_MS));
}

/** One key of the organization (null for any other key): its usage and what a change would hit. */
export async function keyImpact(
  db: Tx,
  organizationId: string,
  keyId: string,
  now = new Date(),
): Promise<KeyImpact | null> {
  const dayStart = windowStart(now, DAY_MS);
  const hourStart = windowStart(now, HOUR_MS);
  const inKey = { organizationId, keyId };
  const [key, usage, perSecretDay, perSecretHour, addresses] = await Promise.all([
    db.apiKey.findFirst({
      where: { id: keyId, organizationId },
      select: {
        lastUsedAt: true,
        lastUsedIp: true,
        system: { select: { id: true, name: true } },
        systemLimits: { select: { system: { select: { id: true, name: true } } } },
        secrets: {
          select: { id: true, slot: true, hint: true, graceEndsAt: true, lastUsedAt: true, lastUsedIp: true },
        },
      },
    }),
    db.keyUsage.aggregate({
      where: { ...inKey, hour: { gte: dayStart } },
      _sum: { valid: true, refused: true },
    }),
    db.keySecretUsage.groupBy({
      by: ["secretId"],
      where: { ...inKey, hour: { gte: dayStart } },
      _sum: { calls: true },
    }),
    db.keySecretUsage.groupBy({
      by: ["secretId"],
      where: { ...inKey, hour: { gte: hourStart } },
      _sum: { calls: true },
    }),
    db.keySecretUsage.groupBy({
      by: ["ip"],
      where: { ...inKey, hour: { gte: dayStart }, ip: { not: "" } },
    }),
  ]);
  if (!key) return null;
  const sums = (rows: { secretId: string; _sum: { calls: number | null } }[]) =>
    new Map(rows.map((row) => [row.secretId, row._sum.calls ?? 0]));
  const day = sums(perSecretDay);
  const hour = sums(perSecretHour);
  const secrets = key.secrets
    .map((secret) => ({
      ...secret,
      slot: toSlot(secret.slot),
      callsLastHour: hour.get(secret.id) ?? 0,
      calls24h: day.get(secret.id) ?? 0,
      inUse: oldSecretInUse(secret, now),
    }))
    .sort((a, b) => SLOT_ORDER[a.slot] - SLOT_ORDER[b.slot]);
  const limits = key.systemLimits.map((limit) => limit.system).sort((a, b) => a.name.localeCompare(b.name));
  return {
    calls24h: usage._sum.valid ?? 0,
    refused24h: usage._sum.refused ?? 0,
    addresses24h: addresses.length,
    lastUsedAt: key.lastUsedAt,
    lastUsedIp: key.lastUsedIp,
    systems: key.system ? [key.system] : limits,
    allSystems: !key.system && limits.length === 0,
    secrets,
    oldSecretInUse: secrets.some((secret) => secret.inUse),
  };
}
