// `npm run db:migration -- <name>`: writes prisma/migrations/<provider>/<timestamp>_<name>/ with
// the changes from the migration history to the current schema, for the provider DATABASE_URL
// names (default: SQLite, data/keyplane.db). That database must be reachable: pending migrations
// are applied to it first and it is checked for drift; on PostgreSQL a temporary shadow database is
// created too, so the user needs CREATEDB.
//
// A model change needs a migration for BOTH providers: run this once with the SQLite DATABASE_URL
// and once with a PostgreSQL one (after `npm run db:generate`), with the same name.
import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";
import { assertMigrationName, createMigration, PROJECT_ROOT } from "@/lib/db/migrate";
import { parseDatabaseUrl } from "@/lib/db/url";
import { databaseUrl } from "@/lib/env";

async function main(): Promise<void> {
  const name = process.argv[2];
  if (name === undefined || process.argv.length > 3) {
    throw new Error("usage: npm run db:migration -- <name> (letters, digits, underscores)");
  }
  assertMigrationName(name);
  const url = databaseUrl();
  if (parseDatabaseUrl(url, PROJECT_ROOT).provider === "postgresql") assertPostgresSchemaInSync();
  const dir = await createMigration(url, name);
  console.log(dir === null ? "No schema change: no migration written" : relative(PROJECT_ROOT, dir));
}

/** The PostgreSQL schema is generated from prisma/schema.prisma; a stale one would give a stale diff. */
function assertPostgresSchemaInSync(): void {
  try {
    execFileSync(process.execPath, [join(PROJECT_ROOT, "scripts", "prisma-generate.mjs"), "--check"], {
      stdio: "ignore",
    });
  } catch {
    throw new Error("prisma/postgresql/schema.prisma is out of date: run `npm run db:generate` first");
  }
}

main().catch((error: unknown) => {
  console.error(`db:migration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
