// How the chain check reads entries: pages in seq order, as raw rows (a million entries through
// the ORM's row objects take several times as long as hashing them). On the app's own SQLite
// database the pages come from a read-only better-sqlite3 connection of the check's own, as the
// verify service reads keys (lib/verify/load-sqlite.ts): without Prisma's query layer a page costs
// about a third less. Anything else, or a file that cannot be opened, reads through the client.
import Database from "better-sqlite3";
import { sql, sqlRaw, type Db } from "@/lib/db";
import { parseDatabaseUrl } from "@/lib/db/url";
import { databaseUrl } from "@/lib/env";
import type { ChainLookup, StoredEntry } from "./chain";

export interface PageReader {
  pageSize: number;
  /** The entries after `afterSeq`, in seq order, at most pageSize of them. */
  read(afterSeq: number): Promise<StoredEntry[]>;
  /** Single entries, to explain a break. */
  lookup: ChainLookup;
  close(): void;
}

type ReaderDb = Pick<Db, "auditEntry" | "$queryRaw">;

const COLUMNS = `"id", "organizationId", "seq", "createdAt", "actorType", "actorId", "actorLabel", "ip",
  "userAgent", "action", "outcome", "targetType", "targetId", "targetLabel", "changes", "metadata", "prevHash", "hash"`;

export function openPageReader(
  provider: "sqlite" | "postgresql" | null,
  db: ReaderDb,
  organizationId: string,
  pageSize: number,
): PageReader {
  const lookup = chainLookup(db, organizationId);
  const file = provider === "sqlite" ? appSqliteFile() : null;
  const direct = file ? openSqlitePageReader(file, organizationId, pageSize, lookup) : null;
  if (direct) return direct;
  return {
    pageSize,
    read: async (afterSeq) => {
      const rows = await db.$queryRaw<RawEntry[]>(
        sql`SELECT ${sqlRaw(COLUMNS)} FROM "AuditEntry" WHERE "organizationId" = ${organizationId}
          AND "seq" > ${afterSeq} ORDER BY "seq" ASC LIMIT ${pageSize}`,
      );
      return rows.map(toStored);
    },
    lookup,
    close: () => undefined,
  };
}

/**
 * Pages of the entries up to seq `upTo` from a SQLite file, through a read-only connection of
 * their own; null when the file cannot be opened.
 */
export function openSqlitePageReader(
  file: string,
  organizationId: string,
  pageSize: number,
  lookup: ChainLookup,
  upTo = Number.MAX_SAFE_INTEGER,
): PageReader | null {
  let connection: Database.Database;
  try {
    connection = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  } catch {
    return null;
  }
  // Rows as arrays (better-sqlite3's raw mode), turned into entries in one step.
  const page = connection
    .prepare<[string, number, number, number], SqliteRow>(
      `SELECT ${COLUMNS} FROM "AuditEntry" WHERE "organizationId" = ? AND "seq" > ? AND "seq" <= ?
       ORDER BY "seq" ASC LIMIT ?`,
    )
    .raw(true);
  return {
    pageSize,
    // Between pages the event loop runs: the audit page's check never holds the server for long.
    read: (afterSeq) =>
      new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(page.all(organizationId, afterSeq, upTo, pageSize).map(fromSqlite));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }),
      ),
    lookup,
    close: () => connection.close(),
  };
}

/** The app's SQLite file (DATABASE_URL), or null when it names none. */
export function appSqliteFile(): string | null {
  try {
    const parsed = parseDatabaseUrl(databaseUrl());
    return parsed.provider === "sqlite" ? parsed.file : null;
  } catch {
    return null;
  }
}

type RawEntry = Omit<StoredEntry, "seq" | "createdAt"> & { seq: number | bigint; createdAt: Date | string };

/** A row of COLUMNS as SQLite stores it: ISO text dates, JSON as text. */
type SqliteRow = [
  id: string,
  organizationId: string,
  seq: number,
  createdAt: string,
  actorType: StoredEntry["actorType"],
  actorId: string | null,
  actorLabel: string,
  ip: string | null,
  userAgent: string | null,
  action: string,
  outcome: StoredEntry["outcome"],
  targetType: string,
  targetId: string | null,
  targetLabel: string | null,
  changes: string | null,
  metadata: string | null,
  prevHash: string,
  hash: string,
];

function fromSqlite(row: SqliteRow): StoredEntry {
  return {
    id: row[0],
    organizationId: row[1],
    seq: row[2],
    createdAt: new Date(row[3]),
    actorType: row[4],
    actorId: row[5],
    actorLabel: row[6],
    ip: row[7],
    userAgent: row[8],
    action: row[9],
    outcome: row[10],
    targetType: row[11],
    targetId: row[12],
    targetLabel: row[13],
    changes: json(row[14]),
    metadata: json(row[15]),
    prevHash: row[16],
    hash: row[17],
  };
}

/**
 * Columns come back as each provider stores them (SQLite: ISO text dates and JSON as text) and
 * are read the way the client reads them, so the hash covers exactly what
 * `auditEntry.findMany` would return.
 */
function toStored(row: RawEntry): StoredEntry {
  return {
    ...row,
    seq: Number(row.seq),
    createdAt: row.createdAt instanceof Date ? row.createdAt : new Date(row.createdAt),
    changes: json(row.changes),
    metadata: json(row.metadata),
  };
}

/** A JSON column: SQLite hands back its text, PostgreSQL the value (changes and metadata are objects or null). */
function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : (value ?? null);
}

function chainLookup(db: Pick<Db, "auditEntry">, organizationId: string): ChainLookup {
  return {
    bySeq: (seq) => db.auditEntry.findUnique({ where: { organizationId_seq: { organizationId, seq } } }),
    // No index on hash: this scans the organization's entries, once, and only for a broken chain.
    byHash: (hash, exceptId) =>
      db.auditEntry.findFirst({ where: { organizationId, hash, id: { not: exceptId } } }),
  };
}
