// Parses DATABASE_URL into what the driver adapters need. Pure (no I/O, no "server-only") so that
// the runtime client, the migrate scripts and the tests share one reading of the variable.
import { isAbsolute, relative, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/keyplane.db";

export interface SqliteDatabase {
  provider: "sqlite";
  /** Absolute path of the database file. */
  file: string;
}

export interface PostgresDatabase {
  provider: "postgresql";
  /** The URL as given; it may hold a password, so never print it (use describeDatabase). */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  /** True when `sslmode` asks for TLS (require, verify-ca, verify-full). */
  ssl: boolean;
}

export type ParsedDatabaseUrl = SqliteDatabase | PostgresDatabase;

const POSTGRES_PROTOCOLS = new Set(["postgresql:", "postgres:"]);
const SSL_MODES: Record<string, boolean> = {
  disable: false,
  require: true,
  "verify-ca": true,
  "verify-full": true,
};

/**
 * Reads a `file:` (SQLite) or `postgresql://` / `postgres://` URL. Relative SQLite paths are resolved
 * against `baseDir` (the project root, where npm scripts and Next.js run). Error messages never
 * repeat the URL, since it may contain a password.
 */
export function parseDatabaseUrl(url: string, baseDir: string = process.cwd()): ParsedDatabaseUrl {
  const trimmed = url.trim();
  if (trimmed.startsWith("file:")) return parseSqliteUrl(trimmed, baseDir);
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && POSTGRES_PROTOCOLS.has(scheme)) return parsePostgresUrl(trimmed);
  throw new Error(
    trimmed === ""
      ? "DATABASE_URL is empty: use file:./data/keyplane.db (SQLite) or postgresql://user@host:5432/db."
      : `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), not "${scheme ?? "no scheme"}".`,
  );
}

function parseSqliteUrl(url: string, baseDir: string): SqliteDatabase {
  // file:///abs/path is the RFC form; Prisma's own form is file:./relative or file:/abs.
  const path = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
  if (path.includes("?") || path.includes("#")) {
    throw new Error("SQLite DATABASE_URL must not have query parameters: give only file:<path>.");
  }
  if (path === "" || path === ":memory:") {
    throw new Error("SQLite DATABASE_URL must name a database file, e.g. file:./data/keyplane.db.");
  }
  return { provider: "sqlite", file: resolve(baseDir, decodeURIComponent(path)) };
}

function parsePostgresUrl(url: string): PostgresDatabase {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(
      "DATABASE_URL is not a valid PostgreSQL URL: expected postgresql://user:password@host:5432/database.",
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (parsed.hostname === "") throw new Error("PostgreSQL DATABASE_URL has no host name.");
  if (parsed.username === "")
    throw new Error("PostgreSQL DATABASE_URL has no user name (postgresql://user@host/db).");
  if (database === "" || database.includes("/")) {
    throw new Error(
      "PostgreSQL DATABASE_URL must name one database in its path (postgresql://user@host:5432/db).",
    );
  }
  return {
    provider: "postgresql",
    url,
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port === "" ? 5432 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: parsed.password === "" ? undefined : decodeURIComponent(parsed.password),
    database,
    ssl: readSslMode(parsed.searchParams),
  };
}

// Only sslmode is understood; any other parameter is refused rather than silently ignored, so a
// setting the operator relies on (schema=, connection_limit=) cannot be dropped without notice.
function readSslMode(params: URLSearchParams): boolean {
  let ssl = false;
  for (const [key, value] of params) {
    if (key !== "sslmode") {
      throw new Error(`PostgreSQL DATABASE_URL parameter "${key}" is not supported (only sslmode is).`);
    }
    const mode = SSL_MODES[value];
    if (mode === undefined) {
      throw new Error(
        `PostgreSQL DATABASE_URL sslmode "${value}" is not supported: use ${Object.keys(SSL_MODES).join(", ")}.`,
      );
    }
    ssl = mode;
  }
  return ssl;
}

/**
 * A secret-free label for messages: "sqlite database data/keyplane.db" (relative to baseDir when
 * inside it) or "postgresql database keyplane on db.example:5432".
 */
export function describeDatabase(parsed: ParsedDatabaseUrl, baseDir: string = process.cwd()): string {
  if (parsed.provider === "postgresql") {
    return `postgresql database ${parsed.database} on ${parsed.host}:${parsed.port}`;
  }
  const rel = relative(baseDir, parsed.file);
  const shown = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? parsed.file : rel;
  return `sqlite database ${shown}`;
}
