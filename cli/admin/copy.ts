import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { z } from "zod";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { createDb } from "@/lib/db";
import { pgPoolConfig } from "@/lib/db/adapters";
import { migrationFolderNames } from "@/lib/db/migrate/migrations-dir";
import {
  parseDatabaseUrl,
  type ParsedDatabaseUrl,
  type PostgresDatabase,
  type SqliteDatabase,
} from "@/lib/db/url";
import { advanceSequences, CopyError, copyTable, suspendTriggers } from "./copy-rows";
import { copyOrder, readSqliteTables, type SqliteTable } from "./copy-tables";

// keyplane admin copy --to postgresql://… (README, "Moving from SQLite to PostgreSQL"): copies a
// whole SQLite installation into an empty, migrated PostgreSQL database. Every table, parents
// before children, in batches of multi-row INSERTs, all in one transaction on the target: a copy
// that fails leaves the target as empty as it was. The target's triggers are off meanwhile, so a
// table they fill (AuditTerm, from AuditEntry) is copied as SQLite kept it. Afterwards the row
// counts must match, and every organization's audit chain must verify on the target. Key secrets
// are stored as hashes, so the same secrets verify there.

export { CopyError };

export interface CopyResult {
  tables: { name: string; rows: number }[];
  organizations: number;
  seconds: number;
}

export async function copyToPostgres(
  sourceUrl: string,
  targetUrl: string,
  projectRoot: string,
  progress: (line: string) => void,
): Promise<CopyResult> {
  const started = performance.now();
  const source = parseOr(sourceUrl, sourceUrlSchema);
  const target = parseOr(targetUrl, targetUrlSchema);

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
    const result = await copyAll(sqlite, client, copyOrder(tables), progress);
    sqlite.exec("COMMIT");
    const organizations = await checkChainsOnTarget(target.url, sqlite, progress);
    return { tables: result, organizations, seconds: (performance.now() - started) / 1000 };
  } finally {
    sqlite.close();
    await client.end().catch(() => undefined);
  }
}

/** DATABASE_URL: the SQLite installation. */
const sourceUrlSchema = z.string().transform((url, ctx): SqliteDatabase => {
  const parsed = readUrl(url, ctx, "DATABASE_URL");
  if (parsed?.provider === "sqlite") return parsed;
  if (parsed)
    ctx.addIssue({
      code: "custom",
      message: "DATABASE_URL must name the SQLite installation to copy (file:…).",
    });
  return z.NEVER;
});

/** --to: an empty PostgreSQL database; its messages name the flag, never the URL (it may hold a password). */
const targetUrlSchema = z.string().transform((url, ctx): PostgresDatabase => {
  if (!/^postgres(ql)?:\/\//i.test(url.trim())) {
    ctx.addIssue({ code: "custom", message: "--to must be a postgresql:// URL." });
    return z.NEVER;
  }
  const parsed = readUrl(url, ctx, "--to");
  return parsed?.provider === "postgresql" ? parsed : z.NEVER;
});

function readUrl(url: string, ctx: z.RefinementCtx, name: string): ParsedDatabaseUrl | null {
  try {
    return parseDatabaseUrl(url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.addIssue({ code: "custom", message: message.replace(/^(PostgreSQL |SQLite )?DATABASE_URL\b/, name) });
    return null;
  }
}

function parseOr<T>(value: string, schema: z.ZodType<T, string>): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new CopyError(result.error.issues.map((issue) => issue.message).join(" "));
  return result.data;
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
  progress: (line: string) => void,
): Promise<{ name: string; rows: number }[]> {
  const copied: { name: string; rows: number }[] = [];
  await client.query("BEGIN");
  try {
    const triggers = await suspendTriggers(client);
    if (triggers.tables.length > 0)
      progress(`  triggers on ${triggers.tables.join(", ")} off until the copy commits`);
    for (const table of tables) {
      const started = performance.now();
      const rows = await copyTable(sqlite, client, table);
      const sequences = await advanceSequences(client, table);
      copied.push({ name: table.name, rows });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const moved = sequences.length > 0 ? `; sequence of ${sequences.join(", ")} moved past them` : "";
      progress(`  ${table.name}: ${rows.toLocaleString("en-US")} rows (${seconds} s${moved})`);
    }
    await triggers.resume();
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new CopyError(`The copy failed and was undone: the target is as empty as before. ${reason}`);
  }
  return copied;
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
