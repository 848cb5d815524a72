import { dbProvider, type Db } from "@/lib/db";
import { compileEntry } from "./entry";
import type { KeyEntry } from "./types";

// Reads one secret and everything its verification needs in ONE SQL statement, through the
// unique index on KeySecret.hash and primary keys after that. Prisma's nested select would be
// seven statements here (its SQLite query plan does not join), each paying Prisma's per-query
// cost on the thread that serves verifications; this matters for cache misses and refreshes.
//
// Raw SQL, written to run unchanged on SQLite and PostgreSQL: quoted identifiers, and three
// UNION ALL branches (the key row, its permissions, its system limits) so that a key with many
// permissions and limits returns their sum, not their product, as rows. The first branch fixes
// each column's type; the other branches fill the columns they do not use with NULL.

export type KeyLoader = (hash: string) => Promise<KeyEntry | null>;

export interface LoadRow {
  kind: string;
  slot: string | null;
  graceEndsAt: Date | string | null;
  keyId: string | null;
  organizationId: string | null;
  systemId: string | null;
  state: string | null;
  expiresAt: Date | string | null;
  allowedCidrs: unknown;
  version: number | bigint | null;
  /** The key's system slug (kind k), a permission name (kind p), or a limit's slug (kind l). */
  name: string | null;
  limitId: string | null;
  externalId: string | null;
  meta: unknown;
  ratelimits: unknown;
  creditsRemaining: number | bigint | null;
  creditsRefill: unknown;
}

/**
 * The statement; `param(n)` writes the hash parameter of branch n (1, 2, 3): `?` three times for
 * SQLite (positional), `$1` for PostgreSQL (one parameter used three times).
 */
function keyLoadSql(param: (n: 1 | 2 | 3) => string): string {
  return `
      SELECT 'k' AS "kind", s."slot" AS "slot", s."graceEndsAt" AS "graceEndsAt", k."id" AS "keyId",
             k."organizationId" AS "organizationId", k."systemId" AS "systemId", k."state" AS "state",
             k."expiresAt" AS "expiresAt", k."allowedCidrs" AS "allowedCidrs", k."version" AS "version",
             ks."slug" AS "name", NULL AS "limitId", k."externalId" AS "externalId", k."meta" AS "meta",
             k."ratelimits" AS "ratelimits", k."creditsRemaining" AS "creditsRemaining",
             k."creditsRefill" AS "creditsRefill"
        FROM "KeySecret" s
        JOIN "ApiKey" k ON k."id" = s."keyId"
        LEFT JOIN "System" ks ON ks."id" = k."systemId"
       WHERE s."hash" = ${param(1)}
      UNION ALL
      SELECT 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, p."name", NULL, NULL, NULL, NULL, NULL, NULL
        FROM "KeySecret" s
        JOIN "KeyPermission" kp ON kp."keyId" = s."keyId"
        JOIN "Permission" p ON p."id" = kp."permissionId"
       WHERE s."hash" = ${param(2)}
      UNION ALL
      SELECT 'l', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, sy."slug", sy."id", NULL, NULL, NULL, NULL, NULL
        FROM "KeySecret" s
        JOIN "KeySystemLimit" kl ON kl."keyId" = s."keyId"
        JOIN "System" sy ON sy."id" = kl."systemId"
       WHERE s."hash" = ${param(3)}`;
}

export const SQLITE_KEY_LOAD_SQL = keyLoadSql(() => "?");
const POSTGRES_KEY_LOAD_SQL = keyLoadSql(() => "$1");

/** Through Prisma: on PostgreSQL always; on SQLite when the direct reader (load-sqlite.ts) cannot be used. */
export function createKeyLoader(
  db: () => Db,
  provider: () => "sqlite" | "postgresql" = dbProvider,
): KeyLoader {
  return async (hash) => {
    const rows =
      provider() === "postgresql"
        ? await db().$queryRawUnsafe<LoadRow[]>(POSTGRES_KEY_LOAD_SQL, hash)
        : await db().$queryRawUnsafe<LoadRow[]>(SQLITE_KEY_LOAD_SQL, hash, hash, hash);
    return rowsToEntry(hash, rows);
  };
}

export function rowsToEntry(hash: string, rows: readonly LoadRow[]): KeyEntry | null {
  const key = rows.find((row) => row.kind === "k");
  if (!key || key.keyId === null || key.organizationId === null || key.expiresAt === null) return null;
  const permissions: string[] = [];
  const systemLimits: { id: string; slug: string }[] = [];
  for (const row of rows) {
    if (row.kind === "p" && row.name !== null) permissions.push(row.name);
    if (row.kind === "l" && row.name !== null && row.limitId !== null) {
      systemLimits.push({ id: row.limitId, slug: row.name });
    }
  }
  return compileEntry({
    hash,
    keyId: key.keyId,
    organizationId: key.organizationId,
    systemId: key.systemId,
    systemSlug: key.name,
    state: key.state ?? "disabled",
    expiresAt: toDate(key.expiresAt),
    allowedCidrs: key.allowedCidrs,
    version: Number(key.version ?? 0),
    permissions,
    systemLimits,
    slot: key.slot ?? "",
    graceEndsAt: key.graceEndsAt === null ? null : toDate(key.graceEndsAt),
    externalId: key.externalId,
    meta: key.meta,
    ratelimits: key.ratelimits,
    hasCredits: key.creditsRemaining !== null,
    creditsRefill: key.creditsRefill,
  });
}

/** Prisma decodes DATETIME / timestamp columns to Date; text is accepted too, in case a driver does not. */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/**
 * Whether `ref` (an id or a slug) names a system of the organization. Only asked for an
 * organization key without system limits, whose entry cannot list every system of its organization.
 */
export type SystemLookup = (organizationId: string, ref: string) => Promise<boolean>;

export function createSystemLookup(db: () => Db): SystemLookup {
  return async (organizationId, ref) => {
    const found = await db().system.findFirst({
      where: { organizationId, OR: [{ id: ref }, { slug: ref }] },
      select: { id: true },
    });
    return found !== null;
  };
}
