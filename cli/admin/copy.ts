import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { createDb } from "@/lib/db";
import { pgPoolConfig } from "@/lib/db/adapters";
import { migrationFolderNames } from "@/lib/db/migrate/migrations-dir";
import { parseDatabaseUrl } from "@/lib/db/url";
import { copyOrder, derivedTables, readSqliteTables, type SqliteTable } from "./copy-tables";

// keyplane admin copy --to postgresql://… (README, "Moving from SQLite to PostgreSQL"): copies a
// whole SQLite installation into an empty, migrated PostgreSQL database. Every table, parents
// before children, in batches of multi-row INSERTs, all in one transaction on the target: a copy
// that fails leaves the target as empty as it was. Tables that database triggers fill (AuditTerm,
// from AuditEntry) are not copied but compared. Afterwards the row counts must match, and every
// organization's audit chain must verify on the target. Key secrets are stored as hashes, so the
// same secrets verify there.

export class CopyError extends Error {}

export interface CopyResult {
  tables: { name: string; rows: number }[];
  organizations: number;
  seconds: number;
}

/** Parameters per INSERT stay well under PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 1_000;

export async function copyToPostgres(
  sourceUrl: string,
  targetUrl: string,
  projectRoot: string,
  progress: (line: string) => void,
): Promise<CopyResult> {
  const started = performance.now();
  const source = parseDatabaseUrl(sourceUrl);
  if (source.provider !== "sqlite")
    throw new CopyError("DATABASE_URL must name the SQLite installation to copy (file:…).");
  let target: ReturnType<typeof parseDatabaseUrl>;
  try {
    target = parseDatabaseUrl(targetUrl);
  } catch (error) {
    throw new CopyError(`--to: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (target.provider !== "postgresql") throw new CopyError("--to must be a postgresql:// URL.");

  let sqlite: Database.Database;
  try {
    sqlite = new Database(source.file, { readonly: true, fileMustExist: true });
  } catch {
    throw new CopyError(`There is no SQLite database at ${source.file}.`);
  }
  const client = new pg.Client(pgPoolConfig(target));
  try {
    await client.connect().catch((error: unknown) => {
      throw new CopyError(`Cannot connect to the target database: ${(error as Error).message}`);
    });
    const migrations = join(projectRoot, "prisma", "migrations");
    const sourcePending = pending(appliedInSqlite(sqlite), migrationFolderNames(join(migrations, "sqlite")));
    if (sourcePending.length > 0)
      throw new CopyError(
        `The SQLite database is not fully migrated (${sourcePending.join(", ")}): run npm run db:migrate first.`,
      );
    const targetPending = pending(
      await appliedInPostgres(client),
      migrationFolderNames(join(migrations, "postgresql")),
    );
    if (targetPending.length > 0)
      throw new CopyError(
        `The target database is not migrated (missing ${targetPending.join(", ")}): run ` +
          "DATABASE_URL=<the target URL> npm run db:migrate, then copy again.",
      );
    // One read transaction: every table is read from the same snapshot, even if a server still writes.
    sqlite.exec("BEGIN");
    const tables = readSqliteTables(sqlite);
    await refuseNonEmpty(client, tables);
    const derived = derivedTables(sqlite, tables);
    const result = await copyAll(sqlite, client, copyOrder(tables), derived, progress);
    sqlite.exec("COMMIT");
    const organizations = await checkChainsOnTarget(target.url, sqlite, progress);
    return { tables: result, organizations, seconds: (performance.now() - started) / 1000 };
  } finally {
    sqlite.close();
    await client.end().catch(() => undefined);
  }
}

const APPLIED =
  "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

function appliedInSqlite(sqlite: Database.Database): Set<string> {
  try {
    return new Set(sqlite.prepare<[], string>(APPLIED).pluck().all());
  } catch {
    return new Set();
  }
}

async function appliedInPostgres(client: pg.Client): Promise<Set<string>> {
  try {
    const { rows } = await client.query<{ migration_name: string }>(APPLIED);
    return new Set(rows.map((row) => row.migration_name));
  } catch {
    return new Set();
  }
}

function pending(applied: Set<string>, expected: string[]): string[] {
  return expected.filter((name) => !applied.has(name));
}

async function refuseNonEmpty(client: pg.Client, tables: SqliteTable[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await client.query(`SELECT 1 FROM "${table.name}" LIMIT 1`).catch(() => {
      throw new CopyError(`The target database has no table "${table.name}": is it Keyplane's database?`);
    });
    if (rows.length > 0)
      throw new CopyError(
        `The target database is not empty: table "${table.name}" has rows. Copy into an empty, migrated database.`,
      );
  }
}

async function copyAll(
  sqlite: Database.Database,
  client: pg.Client,
  tables: SqliteTable[],
  derived: Set<string>,
  progress: (line: string) => void,
): Promise<{ name: string; rows: number }[]> {
  const copied: { name: string; rows: number }[] = [];
  await client.query("BEGIN");
  try {
    for (const table of tables) {
      if (derived.has(table.name)) continue;
      const started = performance.now();
      const rows = await copyTable(sqlite, client, table);
      copied.push({ name: table.name, rows });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      progress(`  ${table.name}: ${rows.toLocaleString("en-US")} rows (${seconds} s)`);
    }
    // Filled by the target's own triggers as the rows above went in: they must now agree.
    for (const name of derived) {
      const expected = sqlite.prepare<[], number>(`SELECT COUNT(*) FROM "${name}"`).pluck().get() ?? 0;
      const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${name}"`);
      if (Number(rows[0]?.n) !== expected)
        throw new CopyError(`"${name}" has ${rows[0]?.n} rows on the target, ${expected} in SQLite.`);
      copied.push({ name, rows: expected });
      progress(`  ${name}: ${expected.toLocaleString("en-US")} rows (filled by the target's triggers)`);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new CopyError(`The copy failed and was undone: the target is as empty as before. ${reason}`);
  }
  return copied;
}

async function copyTable(sqlite: Database.Database, client: pg.Client, table: SqliteTable): Promise<number> {
  const columns = await targetColumns(client, table);
  const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
  const names = columns.map((column) => `"${column.name}"`).join(", ");
  const read = sqlite
    .prepare<[], unknown[]>(`SELECT ${names} FROM "${table.name}"`)
    .raw(true)
    .safeIntegers(true);
  let batch: unknown[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const count = batch.length / columns.length;
    const tuples = Array.from(
      { length: count },
      (_, row) =>
        `(${columns.map((column, i) => `$${row * columns.length + i + 1}::${column.type}`).join(", ")})`,
    );
    await client.query(`INSERT INTO "${table.name}" (${names}) VALUES ${tuples.join(", ")}`, batch);
    rows += count;
    batch = [];
  };
  for (const row of read.iterate()) {
    for (const [i, column] of columns.entries()) batch.push(column.convert(row[i]));
    if (batch.length >= perInsert * columns.length) await flush();
  }
  await flush();
  const copied = sqlite
    .prepare<[], bigint>(`SELECT COUNT(*) FROM "${table.name}"`)
    .pluck()
    .safeIntegers(true)
    .get();
  if (BigInt(rows) !== copied) throw new CopyError(`"${table.name}": copied ${rows} rows of ${copied}.`);
  return rows;
}

interface TargetColumn {
  name: string;
  /** The cast for a bound parameter, e.g. "timestamp", "jsonb". */
  type: string;
  convert: (value: unknown) => unknown;
}

/** The target's columns of the table (they must be SQLite's, as both come from one schema). */
async function targetColumns(client: pg.Client, table: SqliteTable): Promise<TargetColumn[]> {
  const { rows } = await client.query<{ column_name: string; udt_name: string }>(
    `SELECT column_name, udt_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1`,
    [table.name],
  );
  const types = new Map(rows.map((row) => [row.column_name, row.udt_name]));
  const missing = table.columns.filter((name) => !types.has(name));
  if (missing.length > 0 || types.size !== table.columns.length)
    throw new CopyError(
      `"${table.name}" has different columns on the target (${missing.join(", ") || "extra columns"}): ` +
        "are both databases migrated to the same version?",
    );
  return table.columns.map((name) => {
    const type = types.get(name) as string;
    return { name, type: `"${type}"`, convert: converter(type) };
  });
}

/** SQLite's stored value (integers as BigInt) as the PostgreSQL column's type takes it. */
function converter(udt: string): (value: unknown) => unknown {
  switch (udt) {
    case "bool":
      return (value) => (value === null ? null : Number(value) !== 0);
    case "timestamp":
    case "timestamptz":
      return (value) => (value === null ? null : utcInstant(value));
    case "int2":
    case "int4":
    case "int8":
    case "float4":
    case "float8":
    case "numeric":
      return (value) => (value === null ? null : String(value));
    default:
      return (value) => (typeof value === "bigint" ? String(value) : value);
  }
}

/**
 * A stored DateTime as UTC text: Prisma writes ISO text ("…T…+00:00"); SQLite's own
 * CURRENT_TIMESTAMP writes "YYYY-MM-DD HH:MM:SS" in UTC; older files may hold epoch milliseconds.
 */
function utcInstant(value: unknown): string {
  if (typeof value === "bigint" || typeof value === "number") return new Date(Number(value)).toISOString();
  const text = String(value);
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new CopyError(`Cannot read the stored date "${text}".`);
  // A timestamp without time zone takes the UTC wall time.
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** Every organization's audit chain, read back from the target through Keyplane's own client. */
async function checkChainsOnTarget(
  url: string,
  sqlite: Database.Database,
  progress: (line: string) => void,
): Promise<number> {
  const organizations = sqlite
    .prepare<[], { id: string; slug: string }>(`SELECT "id", "slug" FROM "Organization"`)
    .all();
  const { db } = createDb(url);
  try {
    for (const org of organizations) {
      const result = await checkAuditChain(org.id, { db });
      if (!result.ok)
        throw new CopyError(
          `The audit chain of ${org.slug} does not verify on the target: ${result.problem.message} ` +
            "If npm run audit:verify finds the same on the SQLite database, it was broken before the copy; " +
            "otherwise drop and re-create the target database and copy again.",
        );
      progress(`  audit chain of ${org.slug}: intact, ${result.count.toLocaleString("en-US")} entries`);
    }
  } finally {
    await db.$disconnect();
  }
  return organizations.length;
}
