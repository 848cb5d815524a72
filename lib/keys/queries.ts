import { dbProvider, getDb, type Prisma } from "@/lib/db";
import { getKeyPolicy } from "@/lib/keys/policy-store";
import { keyImpact, type KeyImpact } from "@/lib/usage/impact";
import { getKeyUsage } from "@/lib/usage/queries";
import type { UsageSummary } from "@/lib/usage/summary";
import {
  readKeyDetails,
  keyStatus,
  toKeyState,
  type KeyDetails,
  type KeyState,
  type KeyStatus,
} from "./details";
import { expiringSoonDays } from "./expiry-warnings";
import { oldSecretInUse } from "./grace";
import { KEY_PAGE_SIZES, type KeyFilterState, type KeySort } from "./list-params";
import { expiringSoonWindow, isExpired, isExpiringSoon } from "./policy";

// Reads for the key table and the key details page. Filtering, sorting and paging happen in the
// database (a count, the page's ids from an index, then its rows), so a table of 100,000 keys loads
// about as fast as one of ten.

export type KeyScope = { type: "organization" } | { type: "system"; systemId: string };

export type ListKeysOptions = {
  scope: KeyScope;
  q?: string;
  states?: readonly KeyFilterState[];
  /** Only active keys that expire within this many days. */
  expiresWithin?: number;
  /** Only keys with this external id. */
  externalId?: string;
  sort?: KeySort;
  dir?: "asc" | "desc";
  page?: number;
  perPage?: number;
};

export type KeyRow = {
  id: string;
  label: string;
  hint: string | null;
  scope: { type: "organization" } | { type: "system"; systemId: string; systemName: string };
  permissions: string[];
  state: KeyState;
  status: KeyStatus;
  expired: boolean;
  expiringSoon: boolean;
  expiresAt: Date;
  createdAt: Date;
  createdBy: { type: "user"; name: string; email: string } | { type: "key"; id: string } | null;
  lastUsedAt: Date | null;
  version: number;
  hasSecondary: boolean;
  systemLimits: string[];
  /** In a grace period, the rolled (old) secret verified within the last hour. */
  oldSecretInUse: boolean;
  externalId: string | null;
  /** null = the key spends no credits. */
  creditsRemaining: number | null;
};

export type KeyPage = {
  rows: KeyRow[];
  total: number;
  pageCount: number;
  page: number;
  perPage: number;
  /**
   * Whether any key of the table's scope (the organization's keys, or one system's) uses credits,
   * whatever the filter: the table then shows a credits column.
   */
  usesCredits: boolean;
};

const rowSelect = {
  id: true,
  label: true,
  systemId: true,
  system: { select: { name: true } },
  state: true,
  expiresAt: true,
  createdAt: true,
  lastUsedAt: true,
  version: true,
  createdByKeyId: true,
  createdBy: { select: { name: true, email: true } },
  permissions: { select: { permission: { select: { name: true } } } },
  systemLimits: { select: { system: { select: { name: true } } } },
  secrets: { select: { slot: true, hint: true, graceEndsAt: true, lastUsedAt: true } },
  externalId: true,
  creditsRemaining: true,
} as const satisfies Prisma.ApiKeySelect;

type RowData = Prisma.ApiKeyGetPayload<{ select: typeof rowSelect }>;

export async function listKeys(organizationId: string, options: ListKeysOptions): Promise<KeyPage> {
  const now = new Date();
  const perPage = (KEY_PAGE_SIZES as readonly number[]).includes(options.perPage ?? 0)
    ? (options.perPage ?? 25)
    : 25;
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const db = getDb();
  const soonDays = expiringSoonDays((await getKeyPolicy(db, organizationId)).expiryWarningDays);
  const where = keyListWhere(organizationId, options, now, soonDays);
  // The page's ids first: with the (organizationId, systemId, <sort column>, id) indexes that read
  // walks the index alone, so a deep page costs an index scan, not a row lookup per skipped key.
  // Then the 25–100 rows themselves, put back in the page's order.
  const [total, ids, withCredits] = await Promise.all([
    db.apiKey.count({ where }),
    db.apiKey.findMany({
      where,
      orderBy: orderBy(options.sort ?? "createdAt", options.dir ?? "desc"),
      skip: (page - 1) * perPage,
      take: perPage,
      select: { id: true },
    }),
    db.apiKey.findFirst({
      where: { organizationId, systemId: where.systemId, creditsRemaining: { not: null } },
      select: { id: true },
    }),
  ]);
  const found = await db.apiKey.findMany({
    where: { organizationId, id: { in: ids.map((row) => row.id) } },
    select: rowSelect,
  });
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows = ids.flatMap(({ id }) => byId.get(id) ?? []);
  return {
    rows: rows.map((row) => toRow(row, now, soonDays)),
    total,
    pageCount: Math.max(1, Math.ceil(total / perPage)),
    page,
    perPage,
    usesCredits: withCredits !== null,
  };
}

type KeyFilter = Pick<ListKeysOptions, "scope" | "q" | "states" | "expiresWithin" | "externalId">;

function keyListWhere(
  organizationId: string,
  options: KeyFilter,
  now: Date,
  soonDays: number,
): Prisma.ApiKeyWhereInput {
  return {
    organizationId,
    systemId: options.scope.type === "system" ? options.scope.systemId : null,
    AND: [
      textWhere(options.q),
      stateWhere(options.states ?? [], now, soonDays),
      options.expiresWithin === undefined
        ? {}
        : { state: "active", expiresAt: expiringSoonWindow(now, options.expiresWithin) },
      options.externalId === undefined ? {} : { externalId: options.externalId },
    ],
  };
}

/**
 * The ids of every key the table's filter matches ("all N matching the filter" of a bulk action),
 * oldest first, at most `limit`.
 */
export async function listMatchingKeyIds(
  organizationId: string,
  filter: KeyFilter,
  limit: number,
): Promise<string[]> {
  const db = getDb();
  const soonDays = expiringSoonDays((await getKeyPolicy(db, organizationId)).expiryWarningDays);
  const rows = await db.apiKey.findMany({
    where: keyListWhere(organizationId, filter, new Date(), soonDays),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

export type KeyAuditEntry = {
  id: string;
  seq: number;
  createdAt: Date;
  actorType: string;
  actorLabel: string;
  ip: string | null;
  action: string;
  outcome: string;
  changes: Prisma.JsonValue;
  metadata: Prisma.JsonValue;
};

/**
 * Everything about one key of the organization, with its last 20 audit entries, its
 * verifications per day and its per-secret usage (lib/usage/impact.ts); null if absent.
 */
export async function getKeyDetails(
  organizationId: string,
  keyId: string,
): Promise<(KeyDetails & { audit: KeyAuditEntry[]; usage: UsageSummary; impact: KeyImpact | null }) | null> {
  const db = getDb();
  const [key, audit, usage, impact] = await Promise.all([
    readKeyDetails(db, organizationId, keyId),
    db.auditEntry.findMany({
      where: { organizationId, targetType: "key", targetId: keyId },
      orderBy: { seq: "desc" },
      take: 20,
      select: {
        id: true,
        seq: true,
        createdAt: true,
        actorType: true,
        actorLabel: true,
        ip: true,
        action: true,
        outcome: true,
        changes: true,
        metadata: true,
      },
    }),
    getKeyUsage(organizationId, keyId),
    keyImpact(db, organizationId, keyId),
  ]);
  return key ? { ...key, audit, usage, impact } : null;
}

function textWhere(q: string | undefined): Prisma.ApiKeyWhereInput {
  const text = q?.trim().slice(0, 100);
  if (!text) return {};
  // SQLite's LIKE already ignores ASCII case; PostgreSQL needs mode "insensitive", which the
  // SQLite-typed client does not declare, so it is added without a literal type check.
  const filter: Prisma.StringFilter = Object.assign(
    { contains: text },
    dbProvider() === "postgresql" ? { mode: "insensitive" } : {},
  );
  return { OR: [{ label: filter }, { description: filter }] };
}

function stateWhere(states: readonly KeyFilterState[], now: Date, soonDays: number): Prisma.ApiKeyWhereInput {
  if (states.length === 0) return {};
  const conditions: Record<KeyFilterState, Prisma.ApiKeyWhereInput> = {
    active: { state: "active", expiresAt: { gt: now } },
    disabled: { state: "disabled" },
    revoked: { state: "revoked" },
    expired: { state: { not: "revoked" }, expiresAt: { lte: now } },
    expiring: { state: "active", expiresAt: expiringSoonWindow(now, soonDays) },
  };
  return { OR: states.map((state) => conditions[state]) };
}

function orderBy(sort: KeySort, dir: "asc" | "desc"): Prisma.ApiKeyOrderByWithRelationInput[] {
  // The id tie-break keeps rows from moving between pages when sort values are equal.
  const primary: Prisma.ApiKeyOrderByWithRelationInput =
    sort === "lastUsedAt" ? { lastUsedAt: { sort: dir, nulls: "last" } } : { [sort]: dir };
  return [primary, { id: dir }];
}

function toRow(row: RowData, now: Date, soonDays: number): KeyRow {
  const state = toKeyState(row.state);
  return {
    id: row.id,
    label: row.label,
    hint: row.secrets.find((s) => s.slot === "primary")?.hint ?? null,
    scope:
      row.systemId && row.system
        ? { type: "system", systemId: row.systemId, systemName: row.system.name }
        : { type: "organization" },
    permissions: row.permissions.map((p) => p.permission.name).sort(),
    state,
    status: keyStatus(state, row.expiresAt, now),
    expired: isExpired(row.expiresAt, now),
    expiringSoon: state === "active" && isExpiringSoon(row.expiresAt, now, soonDays),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy
      ? { type: "user", ...row.createdBy }
      : row.createdByKeyId
        ? { type: "key", id: row.createdByKeyId }
        : null,
    lastUsedAt: row.lastUsedAt,
    version: row.version,
    hasSecondary: row.secrets.some((s) => s.slot === "secondary"),
    systemLimits: row.systemLimits.map((l) => l.system.name).sort(),
    oldSecretInUse: row.secrets.some(
      (s) => s.graceEndsAt !== null && s.graceEndsAt > now && oldSecretInUse(s, now),
    ),
    externalId: row.externalId,
    creditsRemaining: row.creditsRemaining,
  };
}

/** The organization's key policy, for pages that show or apply it. */
export function readKeyPolicy(organizationId: string) {
  return getKeyPolicy(getDb(), organizationId);
}
