import { compileCidrMatcher, type IpMatcher } from "@/lib/keys/cidr-matcher";
import { readMeta, readRatelimits, readRefill } from "@/lib/keys/limits";
import type { KeyEntry } from "./types";

// Turns stored rows into a cache entry once, at load time, so that each verification is a few
// Set lookups and a pre-parsed CIDR match. Pure (no database), so unit tests build entries too.

export interface KeyRecord {
  hash: string;
  keyId: string;
  organizationId: string;
  systemId: string | null;
  systemSlug: string | null;
  state: string;
  expiresAt: Date;
  /** The ApiKey.allowedCidrs Json value: an array of CIDR strings (SQLite may hand back its text). */
  allowedCidrs: unknown;
  version: number;
  permissions: readonly string[];
  systemLimits: readonly { id: string; slug: string }[];
  slot: string;
  graceEndsAt: Date | null;
  externalId?: string | null;
  /** Json columns, as stored (SQLite may hand back their text). */
  meta?: unknown;
  ratelimits?: unknown;
  /** Whether the key has a credit balance (creditsRemaining is not NULL). */
  hasCredits?: boolean;
  creditsRefill?: unknown;
}

const DENY_ALL: IpMatcher = () => false;

export function compileEntry(record: KeyRecord): KeyEntry {
  const limits = new Set<string>();
  for (const system of record.systemLimits) {
    limits.add(system.id);
    limits.add(system.slug);
  }
  const permissionList = [...new Set(record.permissions)].sort();
  const ratelimits = record.ratelimits == null ? [] : readRatelimits(record.ratelimits);
  const credits = record.hasCredits ? { refill: readRefill(record.creditsRefill) } : null;
  return {
    hash: record.hash,
    keyId: record.keyId,
    organizationId: record.organizationId,
    systemId: record.systemId,
    systemSlug: record.systemSlug,
    state: record.state,
    expiresAt: record.expiresAt.getTime(),
    expiresAtIso: record.expiresAt.toISOString(),
    permissions: new Set(permissionList),
    permissionList,
    ipAllowed: compileIpMatcher(record.allowedCidrs, record.keyId),
    systemLimits: limits,
    slot: record.slot,
    graceEndsAt: record.graceEndsAt ? record.graceEndsAt.getTime() : null,
    version: record.version,
    externalId: record.externalId ?? null,
    meta: record.meta == null ? null : readMeta(record.meta),
    ratelimits,
    credits,
    metered: ratelimits.length > 0 || credits !== null,
    responses: { verify: {}, forwardAuth: {} },
  };
}

/**
 * A list that cannot be read is bad data (the console only stores normalized lists): the key is
 * then refused from every address rather than allowed from all of them.
 */
function compileIpMatcher(value: unknown, keyId: string): IpMatcher {
  let list: unknown = value;
  try {
    if (typeof list === "string") list = JSON.parse(list);
    if (Array.isArray(list) && list.every((item): item is string => typeof item === "string")) {
      return compileCidrMatcher(list);
    }
  } catch {
    // fall through to the refusal below
  }
  console.error(`[verify] key ${keyId} has an unreadable IP range list; refusing it from every address`);
  return DENY_ALL;
}
