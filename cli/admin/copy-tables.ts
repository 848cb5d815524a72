import type Database from "better-sqlite3";

// The tables of a SQLite installation as `admin copy` (copy.ts) reads them from the file itself, so
// a table added by a later migration is copied without a list to keep up to date: its columns,
// and the tables its foreign keys point at.

export interface SqliteTable {
  name: string;
  columns: string[];
  /** Tables this one's foreign keys reference (itself excluded). */
  parents: string[];
  /** False for a WITHOUT ROWID table, which has no insertion order to read in. */
  rowid: boolean;
}

/** Every table but SQLite's own and the migrations history. */
export function readSqliteTables(sqlite: Database.Database): SqliteTable[] {
  const tables = sqlite
    .prepare<[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
       AND name <> '_prisma_migrations' ORDER BY name`,
    )
    .all();
  return tables.map(({ name, sql }) => ({
    name,
    rowid: !/\bWITHOUT\s+ROWID\b/i.test(sql),
    columns: sqlite
      .prepare<[], { name: string }>(`PRAGMA table_info("${name}")`)
      .all()
      .map((column) => column.name),
    parents: [
      ...new Set(
        sqlite
          .prepare<[], { table: string }>(`PRAGMA foreign_key_list("${name}")`)
          .all()
          .map((key) => key.table)
          .filter((parent) => parent !== name),
      ),
    ],
  }));
}

/** Parents before children (a topological order); throws on a cycle, which the schema never has. */
export function copyOrder(tables: SqliteTable[]): SqliteTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: SqliteTable[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: SqliteTable, path: string[]) => {
    if (state.get(table.name) === "done") return;
    if (state.get(table.name) === "visiting")
      throw new Error(`Foreign keys form a cycle: ${[...path, table.name].join(" → ")}`);
    state.set(table.name, "visiting");
    for (const parent of table.parents) {
      const found = byName.get(parent);
      if (found) visit(found, [...path, table.name]);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}
