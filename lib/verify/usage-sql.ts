import type { Db } from "@/lib/db";
import type { LastUse, UsageBatch, UsageCount, UsageWriter } from "./usage";

// Writes a usage batch in one transaction of two statements (more only past 2,000 rows, which the
// recorder's 250-key batches do not reach): the rows travel as ONE JSON parameter per statement
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

/** lastUsedAt only moves forward: instances flushing at different moments must not undo a newer use. */
const newer = `"ApiKey"."lastUsedAt" IS NULL OR "ApiKey"."lastUsedAt" < v."at"`;
const SET_LAST_USE =
  `UPDATE "ApiKey" SET ` +
  `"lastUsedIp" = CASE WHEN ${newer} OR "ApiKey"."lastUsedAt" = v."at" ` +
  `THEN COALESCE(v."ip", "ApiKey"."lastUsedIp") ELSE "ApiKey"."lastUsedIp" END, ` +
  `"lastUsedAt" = CASE WHEN ${newer} THEN v."at" ELSE "ApiKey"."lastUsedAt" END ` +
  `FROM v WHERE "ApiKey"."id" = v."id"`;

const LAST_USE_SQL: Record<Provider, string> = {
  sqlite:
    `WITH v AS (SELECT json_extract(j.value, '$.keyId') AS "id", ` +
    `replace(json_extract(j.value, '$.at'), 'Z', '+00:00') AS "at", json_extract(j.value, '$.ip') AS "ip" ` +
    `FROM json_each(?) j) ${SET_LAST_USE}`,
  postgresql:
    `WITH v AS (SELECT x."keyId" AS "id", x."at" AT TIME ZONE 'UTC' AS "at", x."ip" AS "ip" ` +
    `FROM json_to_recordset($1::json) AS x("keyId" text, "at" timestamptz, "ip" text)) ${SET_LAST_USE}`,
};

export function createUsageWriter(db: () => Db, provider: () => Provider): UsageWriter {
  return async (batch: UsageBatch) => {
    const dialect = provider();
    const statements: [string, string][] = [];
    for (const rows of chunks(batch.counts)) statements.push([COUNTS_SQL[dialect], countsJson(rows)]);
    for (const rows of chunks(batch.lastUses)) statements.push([LAST_USE_SQL[dialect], lastUsesJson(rows)]);
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
  return JSON.stringify(rows.map((row) => ({ keyId: row.keyId, at: row.at.toISOString(), ip: row.ip })));
}
