// The project's migrate command: applies and creates migrations in prisma/migrations/<provider>/
// through Prisma's Wasm schema engine (see engine.ts for why not the Prisma CLI).
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  DiagnoseMigrationHistoryOutput,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import { withSchemaEngine } from "@/lib/db/migrate/engine";
import { engineErrorCode, redactSecrets } from "@/lib/db/migrate/errors";
import { readMigrationsList, writeMigration } from "@/lib/db/migrate/migrations-dir";
import { createMigrationAdapterFactory } from "@/lib/db/migrate/shadow";
import { describeDatabase, parseDatabaseUrl, type ParsedDatabaseUrl } from "@/lib/db/url";

export interface MigrateOptions {
  /** Receives the engine's progress messages, e.g. "Applying `20261124000000_init`". */
  log?: (message: string) => void;
  /** Project root holding prisma/; defaults to this checkout's root. */
  root?: string;
}

/** The root of this checkout (lib/db/migrate/ is three levels down). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
const MIGRATION_NAME = /^[A-Za-z0-9_]+$/;
const MISSING_MIGRATIONS_TABLE = "P1014";

/**
 * Applies the pending migrations of prisma/migrations/<provider>/ and returns their names (empty
 * when the database is up to date). Refuses, before applying anything, a database whose history
 * does not match the folder: an applied migration edited since, a failed one, or unknown ones.
 */
export async function applyMigrations(url: string, options: MigrateOptions = {}): Promise<string[]> {
  return runMigrate(url, options, async (target, engine, migrationsList) => {
    // Without this, a wrong root or an unpacked release missing prisma/ would "succeed" on an empty schema.
    if (migrationsList.migrationDirectories.length === 0) {
      throw new Error(`no migrations found in ${relative(target.root, migrationsList.baseDir)}`);
    }
    await assertHistoryMatches(engine, migrationsList);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

/**
 * Writes prisma/migrations/<provider>/<timestamp>_<name>/migration.sql with the changes from the
 * migration history to the provider's schema, and returns the folder's path, or null when the
 * schema has no change. Pending migrations are applied to the database first (as `prisma migrate
 * dev` does); the new one is not. Refuses a database that drifted from its history.
 */
export async function createMigration(
  url: string,
  name: string,
  options: MigrateOptions = {},
): Promise<string | null> {
  assertMigrationName(name);
  return runMigrate(url, options, async (target, engine, migrationsList) => {
    await assertHistoryMatches(engine, migrationsList);
    // devDiagnostic needs the _prisma_migrations table, which applying creates on a fresh database.
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (action.tag === "reset") {
      throw new Error(`the database has drifted from its migration history: ${action.reason}`);
    }
    // createMigration reuses the result of devDiagnostic, so both must get the same list.
    const created = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [target.schema] },
      filters: NO_FILTERS,
    });
    if (created.migrationScript === null) return null;
    return writeMigration(migrationsList.baseDir, {
      name: created.generatedMigrationName,
      script: created.migrationScript,
      provider: created.connectorType,
    });
  });
}

/** Throws unless `name` is usable in a migration folder name (letters, digits, underscores). */
export function assertMigrationName(name: string): void {
  if (!MIGRATION_NAME.test(name)) {
    throw new Error(
      `invalid migration name "${name}": use only letters, digits and underscores (e.g. add_key_notes)`,
    );
  }
}

/** What one migrate run works on. */
interface MigrateTarget {
  parsed: ParsedDatabaseUrl;
  /** Secret-free description, e.g. "sqlite database data/keyplane.db". */
  label: string;
  schema: { path: string; content: string };
  root: string;
}

type MigrateWork<T> = (
  target: MigrateTarget,
  engine: SchemaEngine,
  migrationsList: MigrationList,
) => Promise<T>;

/** Shared set-up and error handling: every failure becomes one Error with a secret-free message. */
async function runMigrate<T>(url: string, options: MigrateOptions, work: MigrateWork<T>): Promise<T> {
  const root = options.root ?? PROJECT_ROOT;
  let secrets: string[] = [url];
  try {
    const parsed = parseDatabaseUrl(url, root);
    if (parsed.provider === "postgresql" && parsed.password !== undefined) {
      secrets = [url, parsed.password, encodeURIComponent(parsed.password)];
    }
    const target = await loadTarget(parsed, root);
    const migrationsDir = join(root, "prisma", "migrations", parsed.provider);
    const migrationsList = await readMigrationsList(migrationsDir);
    if (parsed.provider === "sqlite") await ensureParentDir(parsed.file);
    return await withSchemaEngine(
      { schema: target.schema, factory: createMigrationAdapterFactory(parsed), log: options.log },
      (engine) => work(target, engine, migrationsList),
    ).catch((error: unknown) => {
      // Name the database, since the engine's messages often do not.
      throw new Error(`${target.label}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(redactSecrets(message, secrets), { cause: error });
  }
}

async function loadTarget(parsed: ParsedDatabaseUrl, root: string): Promise<MigrateTarget> {
  // PostgreSQL's schema is generated from the SQLite one (scripts/prisma-generate.mjs).
  const path =
    parsed.provider === "sqlite"
      ? join(root, "prisma", "schema.prisma")
      : join(root, "prisma", "postgresql", "schema.prisma");
  if (!existsSync(path)) {
    throw new Error(`${relative(root, path)} is missing: run \`npm run db:generate\``);
  }
  const content = await readFile(path, "utf8");
  return { parsed, label: describeDatabase(parsed, root), schema: { path, content }, root };
}

/** better-sqlite3 creates the file but not its folder. */
async function ensureParentDir(file: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot create the folder for the SQLite database: ${reason}`);
  }
}

/** Refuses a database whose recorded history no longer matches the migrations folder. */
async function assertHistoryMatches(engine: SchemaEngine, migrationsList: MigrationList): Promise<void> {
  let history: DiagnoseMigrationHistoryOutput;
  try {
    history = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
  } catch (error) {
    // P1014: no _prisma_migrations table yet, i.e. a fresh database with no history to check.
    if (engineErrorCode(error) === MISSING_MIGRATIONS_TABLE) return;
    throw error;
  }
  const problem = describeHistoryProblem(history);
  if (problem !== null) throw new Error(problem);
}

function describeHistoryProblem(history: DiagnoseMigrationHistoryOutput): string | null {
  const list = (names: string[]): string => names.join(", ");
  if (history.failedMigrationNames.length > 0) {
    return (
      `migration ${list(history.failedMigrationNames)} failed earlier and is recorded as failed. Undo ` +
      "whatever part of it was applied, delete its row from _prisma_migrations, then migrate again."
    );
  }
  if (history.editedMigrationNames.length > 0) {
    return (
      `migration ${list(history.editedMigrationNames)} was modified after it was applied (checksum mismatch). ` +
      "Restore its migration.sql from version control; put changes in a new migration."
    );
  }
  const diagnostic = history.history;
  if (diagnostic === null || diagnostic.diagnostic === "databaseIsBehind") return null;
  return (
    `the database has applied migrations that are not in the migrations folder ` +
    `(${list(diagnostic.unpersistedMigrationNames)}): is this checkout older than the database?`
  );
}
