import type { BulkReport } from "@/lib/keys/bulk";
import { toKeyState, type KeyDetails, type KeyWithSecrets } from "@/lib/keys/details";
import type { KeyPage, KeyRow } from "@/lib/keys/queries";
import type { SystemRow } from "@/lib/systems/queries";
import type { SystemSummary } from "@/lib/systems/systems";
import type { z } from "zod";
import type { KeyImpact } from "@/lib/usage/impact";
import type {
  ApiKey,
  ApiKeyImpact,
  ApiKeyListItem,
  bulkKeysResponseSchema,
  keyListResponseSchema,
  keyWithSecretsResponseSchema,
} from "./schemas/key-responses";
import type { ApiSystemListItem, apiSystemSchema } from "./schemas/systems";

// The cores' results as JSON: dates become ISO text, and only the fields the response schemas
// name go out. Written as explicit object literals so the compiler flags a field that exists on
// one side only.

function iso(date: Date): string {
  return date.toISOString();
}

function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function presentKey(key: KeyDetails): ApiKey {
  return {
    id: key.id,
    organizationId: key.organizationId,
    systemId: key.systemId,
    system: key.system,
    label: key.label,
    description: key.description,
    state: key.state,
    status: key.status,
    expiresAt: iso(key.expiresAt),
    expired: key.expired,
    expiringSoon: key.expiringSoon,
    allowedCidrs: key.allowedCidrs,
    permissions: key.permissions,
    systemLimits: key.systemLimits,
    createdAt: iso(key.createdAt),
    updatedAt: iso(key.updatedAt),
    createdBy: key.createdBy,
    disabledAt: isoOrNull(key.disabledAt),
    revokedAt: isoOrNull(key.revokedAt),
    lastUsedAt: isoOrNull(key.lastUsedAt),
    lastUsedIp: key.lastUsedIp,
    version: key.version,
    hasSecondary: key.hasSecondary,
    secrets: key.secrets.map((secret) => ({
      id: secret.id,
      slot: secret.slot,
      hint: secret.hint,
      createdAt: iso(secret.createdAt),
      graceEndsAt: isoOrNull(secret.graceEndsAt),
      retrievable: secret.retrievable,
    })),
    externalId: key.externalId,
    meta: key.meta,
    ratelimits: key.ratelimits,
    credits: key.credits,
  };
}

/** Only for create, roll and regenerate: the one moment a secret leaves the server. */
export function presentKeyWithSecrets(result: KeyWithSecrets): z.output<typeof keyWithSecretsResponseSchema> {
  return { key: presentKey(result.key), secrets: result.secrets };
}

function presentKeyRow(row: KeyRow): ApiKeyListItem {
  return {
    id: row.id,
    label: row.label,
    hint: row.hint,
    scope: row.scope,
    permissions: row.permissions,
    state: row.state,
    status: row.status,
    expired: row.expired,
    expiringSoon: row.expiringSoon,
    expiresAt: iso(row.expiresAt),
    createdAt: iso(row.createdAt),
    createdBy: row.createdBy,
    lastUsedAt: isoOrNull(row.lastUsedAt),
    version: row.version,
    hasSecondary: row.hasSecondary,
    systemLimits: row.systemLimits,
    externalId: row.externalId,
    creditsRemaining: row.creditsRemaining,
  };
}

export function presentKeyPage(page: KeyPage): z.output<typeof keyListResponseSchema> {
  return {
    data: page.rows.map(presentKeyRow),
    page: page.page,
    perPage: page.perPage,
    total: page.total,
    pageCount: page.pageCount,
  };
}

export function presentSystem(system: SystemSummary): z.output<typeof apiSystemSchema> {
  return { id: system.id, name: system.name, slug: system.slug, description: system.description };
}

export function presentSystemRow(row: SystemRow): ApiSystemListItem {
  return { ...presentSystem(row), createdAt: iso(row.createdAt), liveKeys: row.liveKeys };
}

export function presentKeyImpact(impact: KeyImpact): ApiKeyImpact {
  return {
    calls24h: impact.calls24h,
    refused24h: impact.refused24h,
    addresses24h: impact.addresses24h,
    lastUsedAt: isoOrNull(impact.lastUsedAt),
    lastUsedIp: impact.lastUsedIp,
    systems: impact.systems,
    allSystems: impact.allSystems,
    secrets: impact.secrets.map((secret) => ({
      id: secret.id,
      slot: secret.slot,
      hint: secret.hint,
      graceEndsAt: isoOrNull(secret.graceEndsAt),
      lastUsedAt: isoOrNull(secret.lastUsedAt),
      lastUsedIp: secret.lastUsedIp,
      callsLastHour: secret.callsLastHour,
      calls24h: secret.calls24h,
      inUse: secret.inUse,
    })),
    oldSecretInUse: impact.oldSecretInUse,
  };
}

export function presentBulkReport(report: BulkReport): z.output<typeof bulkKeysResponseSchema> {
  return {
    action: report.action,
    dryRun: report.dryRun,
    requested: report.requested,
    changed: report.changed.map((key) => ({
      id: key.id,
      label: key.label,
      systemId: key.systemId,
      state: toKeyState(key.state),
      lastUsedAt: isoOrNull(key.lastUsedAt),
      calls24h: key.calls24h,
    })),
    skipped: report.skipped.map((skip) => ({
      id: skip.id,
      label: skip.label,
      reason: skip.reason,
      message: skip.message,
    })),
  };
}
