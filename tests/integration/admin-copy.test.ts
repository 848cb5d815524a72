import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkAuditChain } from "@/lib/audit/chain-check";
import { writeAudit } from "@/lib/audit/write";
import type { Ctx } from "@/lib/context";
import { createDb, getDb, setDb, type Db } from "@/lib/db";
import { applyMigrations } from "@/lib/db/migrate";
import { transact } from "@/lib/db/transaction";
import { VerifyRuntime } from "@/lib/verify/runtime";
import { runCli, runScript } from "../support/api-server";
import { seedAuditChain } from "../support/audit";
import { fillEveryTable } from "../support/copy-source";
import { adminQuery, testProvider, useTestDatabase } from "../support/db";
import { createOrgWithOwner } from "../support/fixtures";

// `keyplane admin copy --to postgresql://…`: this file's SQLite database (filled by `npm run
// db:seed`, the console's cores and a long audit log) copied into fresh PostgreSQL databases made
// from TEST_DATABASE_URL. Every table arrives whole, the audit chains verify there, and a key's
// secret verifies there; a non-empty or unmigrated target is refused and left as it was.

const database = useTestDatabase();
const BASE = process.env.TEST_DATABASE_URL;
const SLOW = 300_000;

describe.runIf(process.env.CI && testProvider() === "sqlite")("CI", () => {
  it("runs the SQLite → PostgreSQL copy", () => {
    expect(BASE, "CI must set TEST_DATABASE_URL").toMatch(/^postgres/);
  });
});

const OPERATOR = (organizationId: string): Ctx => ({
  actor: { type: "operator", id: null, label: "keyplane admin" },
  organizationId,
  meta: { ip: null, userAgent: null },
});
const ACTION_TERM = (organizationId: string) => ({
  organizationId_kind_value: { organizationId, kind: "action", value: "audit.checkpoint_created" },
});

/** A new PostgreSQL database, migrated or not; dropped by `drop`. */
async function freshTarget(migrated: boolean): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `keyplane_copy_${randomBytes(5).toString("hex")}`;
  await adminQuery(BASE as string, `CREATE DATABASE "${name}"`);
  const url = new URL(BASE as string);
  url.pathname = `/${name}`;
  if (migrated) await applyMigrations(url.toString());
  return {
    url: url.toString(),
    drop: () => adminQuery(BASE as string, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Every row of every model, in a stable order: the same on both databases when the copy is whole. */
async function everything(db: Db): Promise<Record<string, string[]>> {
  const models = Object.keys(db).filter(
    (name) => !name.startsWith("$") && !name.startsWith("_") && typeof db[name as keyof Db] === "object",
  );
  const out: Record<string, string[]> = {};
  for (const model of models) {
    const delegate = db[model as keyof Db] as unknown as { findMany?: () => Promise<unknown[]> };
    if (typeof delegate.findMany !== "function") continue;
    const rows = await delegate.findMany();
    out[model] = rows.map((row) => JSON.stringify(row, comparable)).sort();
  }
  return out;
}

/** BigInt as text, object keys sorted (PostgreSQL's jsonb keeps its own key order). */
function comparable(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe.runIf(testProvider() === "sqlite" && BASE)("admin copy --to postgresql://…", () => {
  it(
    "copies every table into an empty migrated database; chains and secrets verify there",
    async () => {
      const source = database.current();
      const seeded = await runScript("scripts/db-seed.ts", [], { DATABASE_URL: source.url });
      expect(seeded.code, seeded.stderr).toBe(0);
      const filled = await fillEveryTable(2_500);
      const target = await freshTarget(true);
      const { db: copied } = createDb(target.url);
      try {
        const run = await runCli(["admin", "copy", "--to", target.url], { DATABASE_URL: source.url });
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(run.stdout).toContain("  triggers on AuditEntry off until the copy commits");
        expect(run.stdout).toMatch(/ {2}audit chain of copied-org: intact, 2,5\d\d entries/);

        // Every model of the schema was copied (one progress line each), and every one has rows here.
        const rows = await everything(source.db);
        const models = Object.keys(rows).map((model) => model[0]?.toUpperCase() + model.slice(1));
        const progress = [...run.stdout.matchAll(/^ {2}(\w+): [\d,]+ rows/gm)].map((match) => match[1]);
        expect(progress.sort()).toEqual(models.sort());
        expect(run.stdout).toContain(`Copied ${models.length} tables, `);
        const empty = Object.keys(rows).filter((model) => rows[model]?.length === 0);
        expect(
          empty,
          "tables the test data leaves empty (fill them in tests/support/copy-source.ts)",
        ).toEqual([]);
        expect(await everything(copied)).toEqual(rows);
        for (const organization of await copied.organization.findMany()) {
          expect(await checkAuditChain(organization.id, { db: copied })).toMatchObject({ ok: true });
        }

        // The same secrets verify against the copy; the metered key spends its copied credits there.
        setDb(copied, "postgresql", target.url);
        const runtime = new VerifyRuntime({ listen: false, budget: null });
        try {
          for (const secret of [filled.plain, filled.metered])
            expect((await runtime.verify({ secret, source: "test" })).code).toBe("VALID");
          // The triggers are on again: a new entry counts in the audit page's filters.
          const terms = async () =>
            (await copied.auditTerm.findUnique({ where: ACTION_TERM(filled.organizationId) }))?.count ?? 0;
          const before = await terms();
          await transact((tx) =>
            writeAudit(tx, OPERATOR(filled.organizationId), {
              action: "audit.checkpoint_created",
              targetType: "organization",
            }),
          );
          expect(await terms()).toBe(before + 1);
        } finally {
          await runtime.close();
          setDb(source.db, "sqlite", source.url);
        }
        const credits = (db: Db) => db.apiKey.findFirstOrThrow({ where: { externalId: "cus_copy" } });
        expect((await credits(copied)).creditsRemaining).toBe(
          (await credits(source.db)).creditsRemaining! - 1,
        );

        // Copied once: a second copy into the same database is refused and changes nothing.
        const before = await copied.auditEntry.count();
        const again = await runCli(["admin", "copy", "--to", target.url], { DATABASE_URL: source.url });
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(/The target database is not empty: table "\w+" has rows/);
        expect(await copied.auditEntry.count()).toBe(before);
      } finally {
        setDb(source.db, "sqlite", source.url);
        await copied.$disconnect();
        await target.drop();
      }
    },
    SLOW,
  );

  it("leaves the target empty when the copy fails part-way", async () => {
    const target = await freshTarget(true);
    const { db: copied } = createDb(target.url);
    const { org } = await createOrgWithOwner("Half Copied");
    await seedAuditChain({ organizationId: org.id, count: 10 });
    try {
      // Organizations and users go in first; an audit entry the target refuses stops the copy.
      await copied.$executeRawUnsafe(`ALTER TABLE "AuditEntry" ADD CONSTRAINT refuse_some CHECK (seq < 3)`);
      const run = await runCli(["admin", "copy", "--to", target.url], {
        DATABASE_URL: database.current().url,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("The copy failed and was undone: the target is as empty as before.");
      expect(run.stderr).toContain("refuse_some");
      expect(await copied.organization.count()).toBe(0);
      expect(await copied.user.count()).toBe(0);
      const triggers = await copied.$queryRawUnsafe<{ tgname: string; tgenabled: string }[]>(
        `SELECT tgname::text AS tgname, tgenabled::text AS tgenabled FROM pg_trigger WHERE tgrelid = '"AuditEntry"'::regclass AND NOT tgisinternal`,
      );
      expect(triggers.length).toBeGreaterThan(0);
      expect(triggers.filter((trigger) => trigger.tgenabled !== "O")).toEqual([]);
    } finally {
      await copied.$disconnect();
      await target.drop();
    }
  });

  it("moves an autoincrement sequence past the copied ids", async () => {
    // No model of today's schema has one: a table of the operator's own stands in for a future one.
    const source = database.current().db;
    await source.$executeRawUnsafe(
      `CREATE TABLE "CopyProbe" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "note" TEXT NOT NULL)`,
    );
    await source.$executeRawUnsafe(`INSERT INTO "CopyProbe" ("note") VALUES ('a'), ('b'), ('c')`);
    const target = await freshTarget(true);
    const { db: copied } = createDb(target.url);
    try {
      await copied.$executeRawUnsafe(
        `CREATE TABLE "CopyProbe" ("id" SERIAL PRIMARY KEY, "note" TEXT NOT NULL)`,
      );
      const run = await runCli(["admin", "copy", "--to", target.url], {
        DATABASE_URL: database.current().url,
      });
      expect(run.stderr).toBe("");
      expect(run.stdout).toMatch(/ {2}CopyProbe: 3 rows \([\d.]+ s; sequence of id moved past them\)/);
      const next = await copied.$queryRawUnsafe<{ id: number }[]>(
        `INSERT INTO "CopyProbe" ("note") VALUES ('d') RETURNING "id"`,
      );
      expect(next).toEqual([{ id: 4 }]);
    } finally {
      await source.$executeRawUnsafe(`DROP TABLE "CopyProbe"`);
      await copied.$disconnect();
      await target.drop();
    }
  });

  it("says to copy as the tables' owner when the user given may not switch their triggers off", async () => {
    const target = await freshTarget(true);
    const role = `keyplane_copy_${randomBytes(4).toString("hex")}`;
    const { db: copied } = createDb(target.url);
    try {
      await adminQuery(BASE as string, `CREATE ROLE "${role}" LOGIN`);
      await copied.$executeRawUnsafe(`GRANT USAGE ON SCHEMA public TO "${role}"`);
      await copied.$executeRawUnsafe(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO "${role}"`);
      const asRole = new URL(target.url);
      asRole.username = role;
      const run = await runCli(["admin", "copy", "--to", asRole.toString()], {
        DATABASE_URL: database.current().url,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("The copy failed and was undone: the target is as empty as before.");
      expect(run.stderr).toContain(
        "copy as the user that owns the tables, the one that ran npm run db:migrate",
      );
      expect(await copied.organization.count()).toBe(0);
    } finally {
      await copied.$disconnect();
      await target.drop();
      await adminQuery(BASE as string, `DROP ROLE IF EXISTS "${role}"`);
    }
  });

  it("refuses an unmigrated target, saying how to migrate it", async () => {
    const target = await freshTarget(false);
    try {
      const run = await runCli(["admin", "copy", "--to", target.url], {
        DATABASE_URL: database.current().url,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("The target database is not migrated");
      expect(run.stderr).toContain("npm run db:migrate");
    } finally {
      await target.drop();
    }
  });

  it("copies into PostgreSQL only, from SQLite only", async () => {
    const toSqlite = await runCli(["admin", "copy", "--to", "file:./elsewhere.db"], {
      DATABASE_URL: database.current().url,
    });
    expect(toSqlite.code).toBe(1);
    expect(toSqlite.stderr).toContain("--to must be a postgresql:// URL.");
    const fromPostgres = await runCli(["admin", "copy", "--to", BASE as string], { DATABASE_URL: BASE });
    expect(fromPostgres.code).toBe(1);
    expect(fromPostgres.stderr).toContain("DATABASE_URL must name the SQLite installation to copy");
    // A malformed URL is named by its flag, and its password never repeated.
    const noDatabase = await runCli(["admin", "copy", "--to", "postgresql://keyplane:hunter2@db.internal"], {
      DATABASE_URL: database.current().url,
    });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toContain("--to must name one database in its path");
    expect(noDatabase.stderr).not.toContain("hunter2");
    const missing = await runCli(["admin", "copy"], { DATABASE_URL: database.current().url });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("--to");
    expect(getDb()).toBe(database.current().db);
  });
});
