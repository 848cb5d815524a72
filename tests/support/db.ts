import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDb, setDb, type Db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";

export type TestProvider = "sqlite" | "postgresql";

/** Set by the vitest project: the SQLite run always, the PostgreSQL run when TEST_DATABASE_URL is set. */
export function testProvider(): TestProvider {
  return process.env.KEYPLANE_TEST_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
}

export type TestDatabase = { url: string; db: Db; provider: TestProvider; drop: () => Promise<void> };

async function createTestDatabase(): Promise<TestDatabase> {
  const provider = testProvider();
  const id = randomBytes(6).toString("hex");
  if (provider === "sqlite") {
    const file = join(tmpdir(), `keyplane-test-${id}.db`);
    return openMigrated(`file:${file}`, provider, () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    });
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("KEYPLANE_TEST_PROVIDER=postgresql needs TEST_DATABASE_URL");
  const name = `keyplane_test_${id}`;
  await adminQuery(base, `CREATE DATABASE "${name}"`);
  const target = new URL(base);
  target.pathname = `/${name}`;
  return openMigrated(target.toString(), provider, () =>
    adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}

/** Migrates the new database and opens a client; `drop` closes it, then `remove` deletes the database. */
async function openMigrated(
  url: string,
  provider: TestProvider,
  remove: () => unknown,
): Promise<TestDatabase> {
  await applyMigrations(url);
  const { db } = createDb(url);
  const drop = async () => {
    await db.$disconnect();
    await remove();
  };
  return { url, db, provider, drop };
}

/** One statement on the server of `url` (CREATE DATABASE, DROP DATABASE). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Gives the calling test file its own migrated database and makes it the app's database. */
export function useTestDatabase(): { current: () => TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    setDb(database.db, database.provider, database.url);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    current: () => {
      if (!database) throw new Error("The test database is not ready (use it inside tests or hooks).");
      return database;
    },
  };
}
