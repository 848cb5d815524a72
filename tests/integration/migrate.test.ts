// The migrate command against real databases: SQLite always, PostgreSQL when TEST_DATABASE_URL is
// set. Each test works on a copy of prisma/ in a temp folder, so tampering never touches the repo.
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, createMigration, PROJECT_ROOT } from "@/lib/db/migrate";

const EXPECTED_TABLES = ["User", "Organization", "ApiKey", "KeySecret", "AuditEntry", "_prisma_migrations"];

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "keyplane-migrate-"));
  cpSync(join(PROJECT_ROOT, "prisma"), join(root, "prisma"), { recursive: true });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function migrationNames(provider: "sqlite" | "postgresql"): string[] {
  return readdirSync(join(root, "prisma", "migrations", provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function tamperFirstMigration(provider: "sqlite" | "postgresql"): void {
  const [first] = migrationNames(provider);
  if (first === undefined) throw new Error("no migration to tamper with");
  appendFileSync(join(root, "prisma", "migrations", provider, first, "migration.sql"), "\n-- edited\n");
}

describe("migrate on SQLite", () => {
  const url = "file:./data/test.db";

  it("applies every migration to a fresh database, then nothing", async () => {
    const names = migrationNames("sqlite");
    expect(names.length).toBeGreaterThan(0);
    await expect(applyMigrations(url, { root })).resolves.toEqual(names);
    await expect(applyMigrations(url, { root })).resolves.toEqual([]);

    const db = new Database(join(root, "data", "test.db"), { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
      // Same checksum as Prisma's CLI records, so `prisma migrate deploy` accepts the history.
      const [first] = names;
      const script = readFileSync(join(root, "prisma", "migrations", "sqlite", `${first}`, "migration.sql"));
      const checksum = db
        .prepare("SELECT checksum FROM _prisma_migrations WHERE migration_name = ?")
        .pluck()
        .get(first);
      expect(checksum).toBe(createHash("sha256").update(script).digest("hex"));
    } finally {
      db.close();
    }
  });

  it("refuses a migration modified after it was applied", async () => {
    await applyMigrations(url, { root });
    tamperFirstMigration("sqlite");
    await expect(applyMigrations(url, { root })).rejects.toThrow(/was modified after it was applied/);
    await expect(createMigration(url, "next", { root })).rejects.toThrow(/was modified after it was applied/);
  });

  it("names a migration that fails, then refuses to go on until it is resolved", async () => {
    const bad = join(root, "prisma", "migrations", "sqlite", "29991231000000_broken");
    cpSync(join(root, "prisma", "migrations", "sqlite", migrationNames("sqlite")[0] ?? ""), bad, {
      recursive: true,
    });
    writeFileSync(join(bad, "migration.sql"), 'CREATE TABLE "Fine" ("id" TEXT);\nCREATE TABLE broken (;\n');
    await expect(applyMigrations(url, { root })).rejects.toThrow(
      /migration 29991231000000_broken failed: .*syntax error/,
    );
    await expect(applyMigrations(url, { root })).rejects.toThrow(
      /29991231000000_broken failed earlier and is recorded as failed/,
    );
  });

  it("writes a migration for a model change, and nothing when there is none", async () => {
    await expect(createMigration(url, "nothing", { root })).resolves.toBeNull();
    const schemaPath = join(root, "prisma", "schema.prisma");
    writeFileSync(schemaPath, `${readFileSync(schemaPath, "utf8")}\nmodel Note {\n  id String @id\n}\n`);

    const dir = await createMigration(url, "add_note", { root });
    expect(dir).toMatch(/prisma\/migrations\/sqlite\/\d{14}_add_note$/);
    expect(readFileSync(join(`${dir}`, "migration.sql"), "utf8")).toContain('CREATE TABLE "Note"');
    expect(
      readFileSync(join(root, "prisma", "migrations", "sqlite", "migration_lock.toml"), "utf8"),
    ).toContain('provider = "sqlite"');
    await expect(applyMigrations(url, { root })).resolves.toEqual([dir?.split("/").at(-1)]);
  });

  it("reports a bad URL, an unusable file and a bad migration name clearly", async () => {
    await expect(applyMigrations("mysql://u:p@h/db", { root })).rejects.toThrow(/must start with file:/);
    await expect(applyMigrations("file:/proc/keyplane.db", { root })).rejects.toThrow(
      /sqlite database \/proc\/keyplane\.db: unable to open database file/,
    );
    await expect(createMigration(url, "bad-name", { root })).rejects.toThrow(/invalid migration name/);
  });
});

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(testDatabaseUrl === undefined)("migrate on PostgreSQL", () => {
  let admin: pg.Client;
  let name: string;
  let url: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
  });

  // A fresh database per test, so each test's migration history stands alone.
  beforeEach(async () => {
    name = `keyplane_migrate_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${name}"`);
    const parsed = new URL(`${testDatabaseUrl}`);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  });

  afterEach(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  });

  async function query(sql: string): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query({ text: sql, rowMode: "array" })).rows.map((row: unknown[]) => row[0]);
    } finally {
      await client.end();
    }
  }

  function addMigration(folder: string, script: string): void {
    const dir = join(root, "prisma", "migrations", "postgresql", folder);
    mkdirSync(dir);
    writeFileSync(join(dir, "migration.sql"), script);
  }

  it("applies every migration to a fresh database, then nothing", async () => {
    const names = migrationNames("postgresql");
    expect(names.length).toBeGreaterThan(0);
    await expect(applyMigrations(url, { root })).resolves.toEqual(names);
    await expect(applyMigrations(url, { root })).resolves.toEqual([]);
    const tables = await query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it("finds no change to migrate, and drops its shadow databases", async () => {
    const shadows = "SELECT count(*)::int FROM pg_database WHERE datname LIKE 'keyplane_shadow_%'";
    const before = await query(shadows);
    await expect(createMigration(url, "nothing", { root })).resolves.toBeNull();
    expect(await query(shadows)).toEqual(before);
  });

  it("refuses a migration modified after it was applied", async () => {
    await applyMigrations(url, { root });
    tamperFirstMigration("postgresql");
    await expect(applyMigrations(url, { root })).rejects.toThrow(/was modified after it was applied/);
  });

  it("runs each script whole: semicolons in bodies work, a failing script changes nothing", async () => {
    addMigration(
      "29991230000000_function",
      "CREATE FUNCTION keyplane_test_fn() RETURNS text AS $$\nBEGIN\n  RETURN 'a;b';\nEND;\n$$ LANGUAGE plpgsql;\n",
    );
    addMigration("29991231000000_broken", 'CREATE TABLE "Fine" ("id" TEXT);\nCREATE TABLE broken (;\n');
    await expect(applyMigrations(url, { root })).rejects.toThrow(
      /migration 29991231000000_broken failed: .*syntax error/,
    );
    expect(await query("SELECT keyplane_test_fn()")).toEqual(["a;b"]);
    expect(await query("SELECT to_regclass('\"Fine\"')::text")).toEqual([null]);
    await expect(applyMigrations(url, { root })).rejects.toThrow(/29991231000000_broken failed earlier/);
  });

  it("reports an unreachable server without its password", async () => {
    const unreachable = "postgresql://keyplane:hunter2@127.0.0.1:1/keyplane";
    const error: unknown = await applyMigrations(unreachable, { root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Can't reach database server at `127\.0\.0\.1:1`/);
    expect((error as Error).message).not.toContain("hunter2");
  });
});

describe("generated PostgreSQL schema", () => {
  it("is in sync with prisma/schema.prisma", () => {
    // Throws (non-zero exit) when prisma/postgresql/schema.prisma is stale.
    const out = execFileSync(
      process.execPath,
      [join(PROJECT_ROOT, "scripts", "prisma-generate.mjs"), "--check"],
      {
        encoding: "utf8",
      },
    );
    expect(out).toContain("in sync");
  });
});
