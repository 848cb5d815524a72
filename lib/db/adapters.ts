// The driver adapter for each provider, shared by the runtime Prisma client (lib/db/index.ts) and
// the migrate command (lib/db/migrate). No "server-only": tsx scripts import it too.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { ParsedDatabaseUrl, PostgresDatabase } from "@/lib/db/url";

/** The Prisma driver adapter factory for the database DATABASE_URL names. */
export function createAdapterFactory(parsed: ParsedDatabaseUrl): SqlMigrationAwareDriverAdapterFactory {
  if (parsed.provider === "sqlite") {
    return new PrismaBetterSqlite3({ url: `file:${parsed.file}` });
  }
  return new PrismaPg(pgPoolConfig(parsed));
}

/**
 * pg pool settings: the parsed URL's connection fields. A plain object type rather than pg's
 * PoolConfig: adapter-pg bundles its own, newer @types/pg, and this shape fits both.
 */
export type PgConnectionConfig = Omit<PostgresDatabase, "provider" | "url">;

/**
 * Separate fields rather than a connectionString: adapter-pg derives its shadow database by
 * overriding `database`, which a connectionString would silently take precedence over.
 */
export function pgPoolConfig(parsed: PostgresDatabase): PgConnectionConfig {
  return {
    host: parsed.host,
    port: parsed.port,
    user: parsed.user,
    password: parsed.password,
    database: parsed.database,
    ssl: parsed.ssl,
  };
}
