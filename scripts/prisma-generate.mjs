// Generates the PostgreSQL schema from the one SQLite model source, then a Prisma client for each
// provider. Runs offline: `prisma generate` only needs PRISMA_SCHEMA_ENGINE_BINARY to name an
// existing file (the native engine it would otherwise download is not used by generate).
// `--check` only reports whether prisma/postgresql/schema.prisma is in sync, and exits 1 if not.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sqliteSchema = join(root, "prisma", "schema.prisma");
const postgresSchema = join(root, "prisma", "postgresql", "schema.prisma");

export function toPostgresSchema(source) {
  const header = "// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs. Do not edit.\n";
  const out = source
    .replace(
      'output       = "../lib/db/generated/sqlite"',
      'output       = "../../lib/db/generated/postgresql"',
    )
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  if (out === source)
    throw new Error("prisma/schema.prisma no longer has the expected generator/datasource lines");
  return header + out;
}

const expected = toPostgresSchema(readFileSync(sqliteSchema, "utf8"));
const current = existsSync(postgresSchema) ? readFileSync(postgresSchema, "utf8") : "";

if (process.argv.includes("--check")) {
  if (current !== expected) {
    console.error("prisma/postgresql/schema.prisma is out of date: run `npm run db:generate`.");
    process.exit(1);
  }
  console.log("prisma/postgresql/schema.prisma is in sync.");
  process.exit(0);
}

if (current !== expected) {
  mkdirSync(dirname(postgresSchema), { recursive: true });
  writeFileSync(postgresSchema, expected);
}

const prismaCli = join(root, "node_modules", "prisma", "build", "index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
for (const schema of [sqliteSchema, postgresSchema]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
console.log("Generated Prisma clients for SQLite and PostgreSQL.");
