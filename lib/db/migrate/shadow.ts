// Driver adapter factories for the schema engine, with the shadow-database fixes it needs. The
// engine replays the migration history into a "shadow" database to compute diffs and detect drift.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
} from "@prisma/driver-adapter-utils";
import { createAdapterFactory, pgPoolConfig, type PgConnectionConfig } from "@/lib/db/adapters";
import type { ParsedDatabaseUrl, PostgresDatabase, SqliteDatabase } from "@/lib/db/url";
import { wrapAdapter } from "@/lib/db/migrate/wrap-adapter";

// PostgreSQL's one-byte internal type "char" (pg_class.relkind, pg_constraint.contype…), which the
// engine's introspection reads and adapter-pg 7.10 refuses as an unsupported type; its text form
// is exactly what the engine expects.
const CHAR_OID = 18;
const TEXT_OID = 25;

/** The adapter factory the schema engine should use for this database. */
export function createMigrationAdapterFactory(
  parsed: ParsedDatabaseUrl,
): SqlMigrationAwareDriverAdapterFactory {
  return parsed.provider === "sqlite" ? sqliteMigrationFactory(parsed) : postgresMigrationFactory(parsed);
}

/**
 * The SQLite shadow database is in memory. The engine sends each migration.sql there as a single
 * executeRaw, but a prepared statement runs only the first statement of a script; running
 * parameterless SQL through executeScript (sqlite3_exec) runs all of it.
 */
function sqliteMigrationFactory(parsed: SqliteDatabase): SqlMigrationAwareDriverAdapterFactory {
  const inner = createAdapterFactory(parsed);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: () => inner.connect(),
    connectToShadowDb: async () => {
      const shadow = await inner.connectToShadowDb();
      return wrapAdapter(shadow, {
        executeRaw: async (query: SqlQuery) => {
          if (query.args.length > 0) return shadow.executeRaw(query);
          await shadow.executeScript(query.sql);
          return 0;
        },
      });
    },
  };
}

/**
 * adapter-pg 7.10's own connectToShadowDb drops the shadow database while its pool is still
 * connected (so the drop fails) and never maps "char"; this one creates a uniquely named database
 * through a separate admin connection and drops it only after the shadow pool is closed.
 */
function postgresMigrationFactory(parsed: PostgresDatabase): SqlMigrationAwareDriverAdapterFactory {
  const config = pgPoolConfig(parsed);
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connectPg(config),
    connectToShadowDb: () => connectShadowPg(config),
  };
}

async function connectPg(config: PgConnectionConfig): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaPg(config).connect();
  const pool = adapter.underlyingDriver();
  retypeCharColumns(pool);
  // adapter-pg's executeScript splits scripts on every ";", which breaks function bodies and string
  // literals. Like Prisma's native engine, send a migration script whole (simple query protocol).
  return wrapAdapter(adapter, {
    executeScript: async (script: string) => {
      await pool.query(script);
    },
  });
}

async function connectShadowPg(config: PgConnectionConfig): Promise<SqlDriverAdapter> {
  const admin = new pg.Client(config);
  // Without a listener, a dropped admin connection would crash the process; its next query fails instead.
  admin.on("error", () => undefined);
  const name = `keyplane_shadow_${randomUUID().replaceAll("-", "")}`;
  const dropShadow = async (): Promise<void> => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      await admin.end();
    }
  };
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not create a shadow database (the user needs the CREATEDB privilege): ${reason}`);
  }
  let shadow: SqlDriverAdapter;
  try {
    shadow = await connectPg({ ...config, database: name });
  } catch (error) {
    await dropShadow().catch(() => undefined);
    throw error;
  }
  return wrapAdapter(shadow, {
    dispose: async () => {
      // The database can only be dropped once nothing is connected to it.
      await shadow.dispose().finally(dropShadow);
    },
  });
}

/**
 * Reports "char" columns as text. Outside transactions the adapter runs every query as
 * `pool.query(config)` and reads `fields[].dataTypeID` from the result, so retyping the fields
 * there is enough (the value is already a one-character string). The engine's introspection runs
 * outside transactions. The pool is typed loosely because adapter-pg bundles its own @types/pg.
 */
function retypeCharColumns(pool: object): void {
  const query: unknown = Reflect.get(pool, "query");
  if (typeof query !== "function") throw new Error("unexpected adapter-pg pool: it has no query()");
  // defineProperty instead of assignment: pg's overloaded query() signature cannot be restated.
  Object.defineProperty(pool, "query", {
    value: function queryWithCharAsText(this: unknown, ...args: unknown[]): unknown {
      const result: unknown = Reflect.apply(query, this, args);
      return result instanceof Promise ? result.then(retypeCharFields) : result;
    },
  });
}

function retypeCharFields(result: unknown): unknown {
  if (typeof result === "object" && result !== null && "fields" in result && Array.isArray(result.fields)) {
    for (const field of result.fields as unknown[]) {
      if (
        typeof field === "object" &&
        field !== null &&
        "dataTypeID" in field &&
        field.dataTypeID === CHAR_OID
      ) {
        Object.assign(field, { dataTypeID: TEXT_OID });
      }
    }
  }
  return result;
}
