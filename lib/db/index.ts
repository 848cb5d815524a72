import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { createAdapterFactory } from "./adapters.ts";
import { serializeSqliteAdapter } from "./sqlite-serial.ts";
import { parseDatabaseUrl } from "./url.ts";
import { databaseUrl, setDatabaseUrl } from "@/lib/env";

// Both generated clients expose the same model API (one model source), so the rest of the code
// is typed against the SQLite client and never needs to know which provider is in use.
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type { Prisma } from "./generated/sqlite/client.ts";
/** Writes SQL NULL to a Json column; both generated clients share this one runtime value. */
export { DbNull } from "@prisma/client/runtime/client";
/** Raw SQL pieces for `$queryRaw` (values stay bound parameters): Prisma.sql, Prisma.join and Prisma.raw. */
export { sqltag as sql, join as sqlJoin, raw as sqlRaw } from "@prisma/client/runtime/client";

export function createDb(url: string): { db: Db; provider: "sqlite" | "postgresql" } {
  const parsed = parseDatabaseUrl(url);
  const adapter = createAdapterFactory(parsed);
  if (parsed.provider === "postgresql") {
    return {
      db: new PostgresClient({ adapter: watchPool(adapter) }) as unknown as Db,
      provider: "postgresql",
    };
  }
  return { db: new SqliteClient({ adapter: serializeSqliteAdapter(adapter) }), provider: "sqlite" };
}

// One client per process, kept on globalThis: Next bundles lib/ into its own chunks, and the
// dev server reloads modules, so a module-level variable would open a new pool each time.
const holder = globalThis as typeof globalThis & {
  __keyplaneDb?: { db: Db; provider: "sqlite" | "postgresql"; url: string };
};

function current() {
  const url = databaseUrl();
  if (!holder.__keyplaneDb || holder.__keyplaneDb.url !== url) {
    holder.__keyplaneDb = { ...createDb(url), url };
  }
  return holder.__keyplaneDb;
}

export function getDb(): Db {
  return current().db;
}

export function dbProvider(): "sqlite" | "postgresql" {
  return current().provider;
}

/** Replaces the process-wide client (tests point it at their own database). */
export function setDb(db: Db, provider: "sqlite" | "postgresql", url = "test"): void {
  setDatabaseUrl(url);
  holder.__keyplaneDb = { db, provider, url };
}

/** Connections of the PostgreSQL pool the process's client uses (`/metrics`: database pool use). */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

const pools = globalThis as typeof globalThis & { __keyplaneDbPool?: PgPoolLike };

/** Notes the pool each connection of the adapter opens (a reconnect opens a new one). */
function watchPool<F extends { connect: () => Promise<object> }>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    if ("underlyingDriver" in adapter && typeof adapter.underlyingDriver === "function") {
      pools.__keyplaneDbPool = adapter.underlyingDriver() as PgPoolLike;
    }
    return adapter;
  };
  return factory;
}

/** The pool's connections now; null on SQLite (one connection) or before the first query. */
export function dbPoolUse(): PoolUse | null {
  const pool = pools.__keyplaneDbPool;
  if (!pool) return null;
  return {
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max ?? 10,
  };
}
