import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { parseDatabaseUrl } from "@/lib/db/url";

// keyplane admin backup FILE (README, "Operating Keyplane"): on SQLite, a consistent copy made with
// SQLite's online backup API while the server keeps running (better-sqlite3's backup()); on
// PostgreSQL, Keyplane leaves backups to pg_dump and says so, checking that it is installed.

export type BackupOutcome =
  { kind: "sqlite"; file: string; pages: number } | { kind: "postgresql"; pgDump: string | null };

export async function backupDatabase(url: string, target: string): Promise<BackupOutcome> {
  const parsed = parseDatabaseUrl(url);
  if (parsed.provider === "postgresql") return { kind: "postgresql", pgDump: pgDumpVersion() };
  if (existsSync(target)) throw new Error(`${target} exists: name a new file (a backup never overwrites).`);
  if (!existsSync(parsed.file)) throw new Error(`There is no database at ${parsed.file}.`);
  const source = new Database(parsed.file, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await source.backup(target);
    return { kind: "sqlite", file: parsed.file, pages: totalPages };
  } finally {
    source.close();
  }
}

/** "pg_dump (PostgreSQL) 17.2" when pg_dump is on the PATH, else null. */
function pgDumpVersion(): string | null {
  const result = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : null;
}
