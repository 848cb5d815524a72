import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { converter } from "./copy-rows";
import { copyOrder, readSqliteTables } from "./copy-tables";

// What `admin copy` reads from a SQLite file before it writes anything: the tables, parents before
// children, and each stored value as the PostgreSQL column takes it.

function installation(): Database.Database {
  const sqlite = new Database(":memory:");
  sqlite.exec(`
    CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY);
    CREATE TABLE "Entry" ("id" TEXT PRIMARY KEY, "orgId" TEXT NOT NULL REFERENCES "Org" ("id"),
      "parentId" TEXT REFERENCES "Entry" ("id"), "label" TEXT NOT NULL);
    CREATE TABLE "Term" ("orgId" TEXT NOT NULL REFERENCES "Org" ("id"), "value" TEXT NOT NULL,
      "count" INTEGER NOT NULL, PRIMARY KEY ("orgId", "value")) WITHOUT ROWID;
    CREATE TABLE "Org" ("id" TEXT PRIMARY KEY, "ownerId" TEXT REFERENCES "User" ("id"));
    CREATE TABLE "User" ("id" INTEGER PRIMARY KEY AUTOINCREMENT);
    CREATE TRIGGER "Entry_terms" AFTER INSERT ON "Entry" BEGIN
      INSERT INTO "Term" ("orgId", "value", "count") VALUES (NEW."orgId", NEW."label", 1)
        ON CONFLICT ("orgId", "value") DO UPDATE SET "count" = "count" + 1;
    END;
  `);
  return sqlite;
}

describe("the tables of a SQLite installation", () => {
  it("lists Keyplane's tables with their columns and parents, without SQLite's own or the migrations", () => {
    const tables = readSqliteTables(installation());
    expect(tables.map((table) => table.name)).toEqual(["Entry", "Org", "Term", "User"]);
    expect(tables[0]).toEqual({
      name: "Entry",
      columns: ["id", "orgId", "parentId", "label"],
      parents: ["Org"],
      rowid: true,
    });
    expect(tables.find((table) => table.name === "Term")?.rowid).toBe(false);
  });

  it("orders parents before children", () => {
    const names = copyOrder(readSqliteTables(installation())).map((table) => table.name);
    expect(names).toEqual(["User", "Org", "Entry", "Term"]);
  });

  it("refuses foreign keys that form a cycle", () => {
    const sqlite = new Database(":memory:");
    sqlite.exec(`
      CREATE TABLE "A" ("id" TEXT PRIMARY KEY, "bId" TEXT REFERENCES "B" ("id"));
      CREATE TABLE "B" ("id" TEXT PRIMARY KEY, "aId" TEXT REFERENCES "A" ("id"));
    `);
    expect(() => copyOrder(readSqliteTables(sqlite))).toThrow("Foreign keys form a cycle: A → B → A");
  });
});

describe("a stored value as the PostgreSQL column takes it", () => {
  it("reads every way SQLite holds a DateTime as the same UTC instant", () => {
    const timestamp = converter("timestamp");
    expect(timestamp("2026-12-05T03:04:05.678+00:00")).toBe("2026-12-05 03:04:05.678");
    expect(timestamp("2026-12-05T05:04:05.678+02:00")).toBe("2026-12-05 03:04:05.678");
    expect(timestamp("2026-12-05 03:04:05")).toBe("2026-12-05 03:04:05.000");
    expect(timestamp(BigInt(Date.UTC(2026, 11, 5, 3, 4, 5, 678)))).toBe("2026-12-05 03:04:05.678");
    expect(timestamp("9999-12-31T00:00:00.000Z")).toBe("9999-12-31 00:00:00.000");
    expect(converter("timestamptz")("2026-12-05 03:04:05")).toBe("2026-12-05T03:04:05.000Z");
    expect(timestamp(null)).toBeNull();
    expect(() => timestamp("yesterday")).toThrow('Cannot read the stored date "yesterday".');
  });

  it("keeps integers whole, booleans as booleans and text as it is", () => {
    expect(converter("int8")(2n ** 62n + 1n)).toBe("4611686018427387905");
    expect(converter("int4")(0n)).toBe("0");
    expect(converter("bool")(1n)).toBe(true);
    expect(converter("bool")(0n)).toBe(false);
    expect(converter("bool")(null)).toBeNull();
    expect(converter("jsonb")('{"plan":"pro"}')).toBe('{"plan":"pro"}');
    expect(converter("text")("plain")).toBe("plain");
  });
});
