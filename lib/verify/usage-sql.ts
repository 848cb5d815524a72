import type { Db } from "@/lib/db";
import type {
  LastUse,
  SecretLastUse,
  SecretUsageCount,
  UsageBatch,
  UsageCount,
  UsageWriter,
} from "./usage-batch";

// Writes a usage batch in one transaction of up to four statements (per key: counts and last use;
// per secret: counts and last use; more only past 2,000 rows, which the recorder's 250-key batches
// do not reach): the rows travel as ONE JSON parameter per statement
// that the database unpacks itself (SQLite json_each,
// PostgreSQL json_to_recordset). The statement text is constant, so it is parsed once, and
// Prisma handles one parameter instead of thousands: this runs on the thread that serves
// verifications, and a flush of 1,000 keys must not stall it.
//
// Raw SQL because Prisma has no multi-row upsert with increment. Timestamps travel as ISO 8601
// UTC text ("…Z"):
// - SQLite keeps DateTime as text in the driver adapter's format, toISOString() with "Z" written
//   "+00:00" (@prisma/adapter-better-sqlite3, timestampFormat "iso8601", the default we use).
//   The statements convert to exactly that, so KeyUsage.hour matches rows Prisma wrote and text
//   comparison of lastUsedAt stays chronological.
// - PostgreSQL columns are `timestamp(3)` holding UTC: text → timestamptz → AT TIME ZONE 'UTC',
//   independent of the server's and the session's time zone.
// ApiKey.updatedAt and version are deliberately not touched: a use is not a change of the key.

type Provider = "sqlite" | "postgresql";

/** Bounds one statement's work (and its JSON parameter) for very large batches. */
const ROWS_PER_STATEMENT = 2_000;

const UPSERT_COUNTS_TAIL =
  `ON CONFLICT ("keyId", "hour") DO UPDATE SET ` +
  `"valid" = "KeyUsage"."valid" + excluded."valid", "refused" = "KeyUsage"."refused" + excluded."refused"`;

/** Joining ApiKey skips keys deleted since they were counted (else the foreign key fails the batch). */
const COUNTS_SQL: Record<Provider, string> = {
  sqlite:
    `INSERT INTO "KeyUsage" ("keyId", "organizationId", "hour", "valid", "refused") ` +
    `SELECT k."id", k."organizationId", replace(json_extract(j.value, '$.hour'), 'Z', '+00:00'), ` +
    `json_extract(j.value, '$.valid'), json_extract(j.value, '$.refused') ` +
    `FROM json_each(?) j JOIN "ApiKey" k ON k."id" = json_extract(j.value, '$.keyId') ` +
    // WHERE true: SQLite needs it to tell the upsert's ON CONFLICT from a join constraint.
    `WHERE true ${UPSERT_COUNTS_TAIL}`,
  postgresql:
    `INSERT INTO "KeyUsage" ("keyId", "organizationId", "hour", "valid", "refused") ` +
    `SELECT k."id", k."organizationId", v."hour" AT TIME ZONE 'UTC', v."valid", v."refused" ` +
    `FROM json_to_recordset($1::json) AS v("keyId" text, "hour" timestamptz, "valid" int, "refused" int) ` +
    `JOIN "ApiKey" k ON k."id" = v."keyId" ${UPSERT_COUNTS_TAIL}`,
};

/** Per secret, found by its hash (unique): a secret deleted since (regenerated, grace ended) is skipped. */
const UPSERT_SECRET_TAIL =
  `ON CONFLICT ("secretId", "hour", "ip") DO UPDATE SET ` +
  `"calls" = "KeySecretUsage"."calls" + excluded."calls"`;

const SECRET_COUNTS_SQL: Record<Provider, string> = {
  sqlite:
    `INSERT INTO "KeySecretUsage" ("secretId", "keyId", "organizationId", "hour", "ip", "calls") ` +
    `SELECT s."id", s."keyId", s."organizationId", replace(json_extract(j.value, '$.hour'), 'Z', '+00:00'), ` +
    `json_extract(j.value, '$.ip'), json_extract(j.value, '$.calls') ` +
    `FROM json_each(?) j JOIN "KeySecret" s ON s."hash" = json_extract(j.value, '$.hash') ` +
    `WHERE true ${UPSERT_SECRET_TAIL}`,
  postgresql:
    `INSERT INTO "KeySecretUsage" ("secretId", "keyId", "organizationId", "hour", "ip", "calls") ` +
    `SELECT s."id", s."keyId", s."organizationId", v."hour" AT TIME ZONE 'UTC', v."ip", v."calls" ` +
    `FROM json_to_recordset($1::json) AS v("hash" text, "hour" timestamptz, "ip" text, "calls" int) ` +
    `JOIN "KeySecret" s ON s."hash" = v."hash" ${UPSERT_SECRET_TAIL}`,
};

/**
 * The same last-use update for ApiKey (by id) and KeySecret (by hash); `v` holds (id, at, ip).
 * lastUsedAt only moves forward: instances flushing at different moments must not undo a newer use.
 */
function lastUseSql(table: "ApiKey" | "KeySecret", column: "id" | "hash"): Record<Provider, string> {
  const newer = `"${table}"."lastUsedAt" IS NULL OR "${table}"."lastUsedAt" < v."at"`;
  const set =
    `UPDATE "${table}" SET ` +
    `"lastUsedIp" = CASE WHEN ${newer} OR "${table}"."lastUsedAt" = v."at" ` +
    `THEN COALESCE(v."ip", "${table}"."lastUsedIp") ELSE "${table}"."lastUsedIp" END, ` +
    `"lastUsedAt" = CASE WHEN ${newer} THEN v."at" ELSE "${table}"."lastUsedAt" END ` +
    `FROM v WHERE "${table}"."${column}" = v."id"`;
  return {
    sqlite:
      `WITH v AS (SELECT json_extract(j.value, '$.id') AS "id", ` +
      `replace(json_extract(j.value, '$.at'), 'Z', '+00:00') AS "at", json_extract(j.value, '$.ip') AS "ip" ` +
      `FROM json_each(?) j) ${set}`,
    postgresql:
      `WITH v AS (SELECT x."id" AS "id", x."at" AT TIME ZONE 'UTC' AS "at", x."ip" AS "ip" ` +
      `FROM json_to_recordset($1::json) AS x("id" text, "at" timestamptz, "ip" text)) ${set}`,
  };
}

const LAST_USE_SQL = lastUseSql("ApiKey", "id");
const SECRET_LAST_USE_SQL = lastUseSql("KeySecret", "hash");

export function createUsageWriter(db: () => Db, provider: () => Provider): UsageWriter {
  return async (batch: UsageBatch) => {
    const dialect = provider();
    const statements: [string, string][] = [];
    for (const rows of chunks(batch.counts)) statements.push([COUNTS_SQL[dialect], countsJson(rows)]);
    for (const rows of chunks(batch.lastUses)) statements.push([LAST_USE_SQL[dialect], lastUsesJson(rows)]);
    for (const rows of chunks(batch.secretCounts))
      statements.push([SECRET_COUNTS_SQL[dialect], secretCountsJson(rows)]);
    for (const rows of chunks(batch.secretLastUses))
      statements.push([SECRET_LAST_USE_SQL[dialect], secretLastUsesJson(rows)]);
    if (statements.length === 0) return;
    const client = db();
    await client.$transaction(statements.map(([sql, json]) => client.$executeRawUnsafe(sql, json)));
  };
}

function* chunks<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) yield rows.slice(i, i + ROWS_PER_STATEMENT);
}

function countsJson(rows: readonly UsageCount[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      keyId: row.keyId,
      hour: row.hour.toISOString(),
      valid: row.valid,
      refused: row.refused,
    })),
  );
}

function lastUsesJson(rows: readonly LastUse[]): string {
  return JSON.stringify(rows.map((row) => ({ id: row.keyId, at: row.at.toISOString(), ip: row.ip })));
}

function secretCountsJson(rows: readonly SecretUsageCount[]): string {
  return JSON.stringify(
    rows.map((row) => ({ hash: row.secretHash, hour: row.hour.toISOString(), ip: row.ip, calls: row.calls })),
  );
}

function secretLastUsesJson(rows: readonly SecretLastUse[]): string {
  return JSON.stringify(rows.map((row) => ({ id: row.secretHash, at: row.at.toISOString(), ip: row.ip })));
}
