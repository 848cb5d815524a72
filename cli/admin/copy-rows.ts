import type Database from "better-sqlite3";
import type pg from "pg";
import type { SqliteTable } from "./copy-tables";

// How `admin copy` (copy.ts) moves one table's rows from SQLite into PostgreSQL: read in the order
// SQLite stored them, converted to what each target column takes, written as multi-row INSERTs
// with typed parameters. Also: the target's triggers off during the copy, and a sequence moved
// past the copied ids.

export class CopyError extends Error {}

/** Parameters per INSERT stay well under PostgreSQL's limit of 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_ROWS_PER_INSERT = 1_000;

/** Copies `table`'s rows, in the order SQLite stored them (rowid), and returns how many. */
export async function copyTable(
  sqlite: Database.Database,
  client: pg.Client,
  table: SqliteTable,
): Promise<number> {
  const columns = await targetColumns(client, table);
  const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
  const names = columns.map((column) => `"${column.name}"`).join(", ");
  const order = table.rowid ? " ORDER BY rowid" : "";
  const read = sqlite
    .prepare<[], unknown[]>(`SELECT ${names} FROM "${table.name}"${order}`)
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
  const stored = sqlite
    .prepare<[], bigint>(`SELECT COUNT(*) FROM "${table.name}"`)
    .pluck()
    .safeIntegers(true)
    .get();
  if (BigInt(rows) !== stored) throw new CopyError(`"${table.name}": copied ${rows} rows of ${stored}.`);
  return rows;
}

/**
 * A sequence behind a copied column (an autoincrement id) continues after the largest copied
 * value, so the next row PostgreSQL numbers itself does not collide. Returns the columns moved.
 */
export async function advanceSequences(client: pg.Client, table: SqliteTable): Promise<string[]> {
  const { rows } = await client.query<{ column: string; sequence: string }>(
    `SELECT column_name AS "column", pg_get_serial_sequence(quote_ident(table_name), column_name) AS "sequence"
     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
     AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
    [table.name],
  );
  for (const { column, sequence } of rows)
    await client.query(
      `SELECT setval($1::regclass, COALESCE(MAX("${column}"), 0) + 1, false) FROM "${table.name}"`,
      [sequence],
    );
  return rows.map((row) => row.column);
}

/**
 * Switches off, until `resume`, the target's own triggers (not the foreign keys): a table that
 * triggers fill (AuditTerm, from AuditEntry) is copied as SQLite kept it, like any other. Left on,
 * they would fill it a second time, and PostgreSQL slows down with every update of the same row in
 * one transaction: 8,000 audit entries took 3.2 s, 100,000 did not finish in ten minutes. Inside
 * the copy's transaction, so a rollback switches them back on too.
 */
export async function suspendTriggers(
  client: pg.Client,
): Promise<{ tables: string[]; resume: () => Promise<void> }> {
  const { rows } = await client.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS "table" FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY 1`,
  );
  const tables = rows.map((row) => row.table);
  const alter = async (how: "DISABLE" | "ENABLE") => {
    for (const table of tables) await client.query(`ALTER TABLE "${table}" ${how} TRIGGER USER`);
  };
  await alter("DISABLE").catch((error: unknown) => {
    throw new CopyError(
      `Cannot switch off the target's triggers on ${tables.join(", ")} for the copy (${(error as Error).message}): ` +
        "copy as the user that owns the tables, the one that ran npm run db:migrate on it.",
    );
  });
  return { tables, resume: () => alter("ENABLE") };
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
export function converter(udt: string): (value: unknown) => unknown {
  switch (udt) {
    case "bool":
      return (value) => (value === null ? null : Number(value) !== 0);
    case "timestamp":
      return (value) => (value === null ? null : utcInstant(value).replace("T", " ").replace("Z", ""));
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
 * A stored DateTime as ISO text in UTC ("…T…Z"; a timestamp without time zone takes its wall
 * time). Prisma writes ISO text ("…T…+00:00"); SQLite's own CURRENT_TIMESTAMP writes
 * "YYYY-MM-DD HH:MM:SS" in UTC; a file written with epoch milliseconds holds integers.
 */
function utcInstant(value: unknown): string {
  const text = String(value);
  const date =
    typeof value === "bigint" || typeof value === "number"
      ? new Date(Number(value))
      : new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text);
  if (Number.isNaN(date.getTime())) throw new CopyError(`Cannot read the stored date "${text}".`);
  return date.toISOString();
}
