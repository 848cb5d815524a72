// `npm run db:migrate`: applies the pending migrations of prisma/migrations/<provider>/ to the
// database DATABASE_URL names (default: the SQLite file data/keyplane.db). Runs with tsx; works
// offline, since it drives Prisma's Wasm schema engine rather than the CLI's native one.
import { applyMigrations, PROJECT_ROOT } from "@/lib/db/migrate";
import { describeDatabase, parseDatabaseUrl } from "@/lib/db/url";
import { databaseUrl } from "@/lib/env";

async function main(): Promise<void> {
  const url = databaseUrl();
  const applied = await applyMigrations(url);
  if (applied.length === 0) {
    console.log("Database is up to date");
    return;
  }
  const target = describeDatabase(parseDatabaseUrl(url, PROJECT_ROOT), PROJECT_ROOT);
  console.log(`Applied ${applied.length} migration(s) to ${target}: ${applied.join(", ")}`);
}

main().catch((error: unknown) => {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
