import type { Db } from "@/lib/db";
import type { LastUse, UsageBatch, UsageCount, UsageWriter } from "./usage";

// Writes a usage batch in one transaction with a few multi-row statements instead of one Prisma
// call per key: a flush of 1,000 keys is then ~10 statements, not 2,000 (Prisma's per-call cost
// runs on the same thread as the verify hot path).
//
// Raw SQL, because Prisma has no multi-row upsert with increment. It differs by provider only in
// placeholders and in how a timestamp parameter is typed:
// - SQLite stores DateTime as text in the adapter's own format, so Date parameters are passed for
//   the adapter to format exactly as Prisma does (equality on KeyUsage.hour depends on it).
// - PostgreSQL columns are `timestamp(3)` holding UTC; an ISO string cast through timestamptz is
//   independent of the server's and the client's time zone.
// ApiKey.updatedAt and version are deliberately not touched: a use is not a change of the key.

type Provider = "sqlite" | "postgresql";

const ROWS_PER_STATEMENT = 250;

interface Statement {
  sql: string;
  params: unknown[];
}

export function createUsageWriter(db: () => Db, provider: () => Provider): UsageWriter {
  return async (batch: UsageBatch) => {
    const dialect = provider();
    const statements: Statement[] = [];
    for (let i = 0; i < batch.counts.length; i += ROWS_PER_STATEMENT) {
      statements.push(countsStatement(dialect, batch.counts.slice(i, i + ROWS_PER_STATEMENT)));
    }
    for (let i = 0; i < batch.lastUses.length; i += ROWS_PER_STATEMENT) {
      statements.push(lastUseStatement(dialect, batch.lastUses.slice(i, i + ROWS_PER_STATEMENT)));
    }
    if (statements.length === 0) return;
    const client = db();
    await client.$transaction(statements.map((s) => client.$executeRawUnsafe(s.sql, ...s.params)));
  };
}

/** Collects parameters and renders their placeholders for one dialect. */
function paramList(dialect: Provider) {
  const params: unknown[] = [];
  const next = (value: unknown) => {
    params.push(value);
    return dialect === "postgresql" ? `$${params.length}` : "?";
  };
  return {
    params,
    text: (value: string | null) => (dialect === "postgresql" ? `CAST(${next(value)} AS text)` : next(value)),
    int: (value: number) => `CAST(${next(value)} AS INTEGER)`,
    time: (value: Date) =>
      dialect === "postgresql"
        ? `(CAST(${next(value.toISOString())} AS timestamptz) AT TIME ZONE 'UTC')`
        : next(value),
  };
}

/**
 * Adds to the (key, hour) counters. Joining ApiKey skips keys deleted since they were counted,
 * which would otherwise fail the foreign key and, with it, the whole batch on every retry.
 * (WHERE true: SQLite needs it to tell the upsert's ON CONFLICT from a join constraint.)
 */
function countsStatement(dialect: Provider, rows: UsageCount[]): Statement {
  const p = paramList(dialect);
  const values = rows.map(
    (row) => `(${p.text(row.keyId)}, ${p.time(row.hour)}, ${p.int(row.valid)}, ${p.int(row.refused)})`,
  );
  const sql =
    `WITH v ("keyId", "hour", "valid", "refused") AS (VALUES ${values.join(", ")}) ` +
    `INSERT INTO "KeyUsage" ("keyId", "organizationId", "hour", "valid", "refused") ` +
    `SELECT v."keyId", k."organizationId", v."hour", v."valid", v."refused" ` +
    `FROM v JOIN "ApiKey" k ON k."id" = v."keyId" WHERE true ` +
    `ON CONFLICT ("keyId", "hour") DO UPDATE SET ` +
    `"valid" = "KeyUsage"."valid" + excluded."valid", "refused" = "KeyUsage"."refused" + excluded."refused"`;
  return { sql, params: p.params };
}

/**
 * Moves lastUsedAt forward only: with several instances flushing at different moments, an older
 * use must not overwrite a newer one. An unknown IP keeps the previous one.
 */
function lastUseStatement(dialect: Provider, rows: LastUse[]): Statement {
  const p = paramList(dialect);
  const values = rows.map((row) => `(${p.text(row.keyId)}, ${p.time(row.at)}, ${p.text(row.ip)})`);
  const newer = `"ApiKey"."lastUsedAt" IS NULL OR "ApiKey"."lastUsedAt" < v."at"`;
  const sql =
    `WITH v ("id", "at", "ip") AS (VALUES ${values.join(", ")}) ` +
    `UPDATE "ApiKey" SET ` +
    `"lastUsedIp" = CASE WHEN ${newer} OR "ApiKey"."lastUsedAt" = v."at" THEN COALESCE(v."ip", "ApiKey"."lastUsedIp") ELSE "ApiKey"."lastUsedIp" END, ` +
    `"lastUsedAt" = CASE WHEN ${newer} THEN v."at" ELSE "ApiKey"."lastUsedAt" END ` +
    `FROM v WHERE "ApiKey"."id" = v."id"`;
  return { sql, params: p.params };
}
