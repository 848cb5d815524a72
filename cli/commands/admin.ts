import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { noPositionals, parse, required } from "../args";
import type { BootstrapResult } from "../admin/bootstrap";
import type { Command } from "../context";
import { CliError, EXIT, usageError } from "../errors";
import { printJson } from "../output";
import { promptHidden, readPipedLine, stdinIsInteractive } from "../prompt";

// keyplane admin bootstrap --email … --org …: the operator's way in without a browser. Works on
// the database directly (DATABASE_URL, default data/keyplane.db of this project), applies pending
// migrations first, and prints the new organization key once.
// keyplane admin unlock EMAIL: lifts the two-factor lock of an account (README, "Security model").
// keyplane admin backup FILE: a consistent copy of the SQLite database (cli/admin/backup.ts).
// keyplane admin copy --to postgresql://…: the SQLite installation into an empty, migrated
// PostgreSQL database (cli/admin/copy.ts).

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const admin: Command = async (ctx) => {
  const [sub, ...rest] = ctx.argv;
  if (sub === "unlock") return unlock(ctx, rest);
  if (sub === "backup") return backup(ctx, rest);
  if (sub === "copy") return copy(ctx, rest);
  if (sub !== "bootstrap")
    throw usageError(
      `Unknown admin command "${sub ?? ""}". Try: keyplane admin bootstrap | unlock EMAIL | backup FILE | copy --to URL`,
    );
  const { values, positionals } = parse(rest, {
    email: { type: "string" },
    org: { type: "string" },
    name: { type: "string" },
  });
  noPositionals(positionals);
  const email = required(values.email, "--email");
  const organizationName = required(values.org, "--org");
  const password = await readPassword();

  const url = await openInstallationDatabase(ctx);
  const { applyMigrations } = await import("@/lib/db/migrate");
  const { ensureLocalSecrets } = await import("@/lib/env/local-secrets");
  const { bootstrap, parseBootstrapInput } = await import("../admin/bootstrap");

  ensureLocalSecrets(join(PROJECT_ROOT, "data", "secrets.json"));
  const input = { email, organizationName, password, name: values.name ?? email.split("@")[0] ?? email };
  return onDatabase(async () => {
    parseBootstrapInput(input);
    const applied = await applyMigrations(url);
    if (applied.length > 0) ctx.output.err(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
    const result = await bootstrap(input);
    if (values.json) printJson(ctx.output, result);
    else printBootstrap(ctx.output.out, result);
    return EXIT.ok;
  });
};

/** Runs `work` on the opened database: a refusal (AppError) becomes a CliError; the connection is closed after. */
async function onDatabase(work: () => Promise<number>): Promise<number> {
  const { AppError } = await import("@/lib/errors");
  const { getDb } = await import("@/lib/db");
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message);
    throw error;
  } finally {
    await getDb().$disconnect();
  }
}

/** Points this process at the installation's database (DATABASE_URL, or this project's file). */
async function openInstallationDatabase(ctx: Parameters<Command>[0]): Promise<string> {
  const { databaseUrl, setDatabaseUrl } = await import("@/lib/env");
  setDatabaseUrl(ctx.env.DATABASE_URL || `file:${join(PROJECT_ROOT, "data", "keyplane.db")}`);
  return databaseUrl();
}

const unlock = async (ctx: Parameters<Command>[0], argv: string[]) => {
  const { values, positionals } = parse(argv, {});
  const [email, ...extra] = positionals;
  if (!email || extra.length > 0) throw usageError("Usage: keyplane admin unlock EMAIL");
  await openInstallationDatabase(ctx);
  const { unlockTwoFactorAsOperator } = await import("../admin/unlock");
  return onDatabase(async () => {
    const result = await unlockTwoFactorAsOperator(email);
    if (values.json) printJson(ctx.output, result);
    else
      ctx.output.out(
        `Unlocked two-factor for ${result.email} (${result.failuresCleared} failed code(s) cleared; audited in ${result.organizations} organization(s)).`,
      );
    return EXIT.ok;
  });
};

async function readPassword(): Promise<string> {
  if (!stdinIsInteractive()) {
    const piped = await readPipedLine();
    if (!piped) throw new CliError("No password on stdin.", EXIT.usage);
    return piped;
  }
  const first = await promptHidden("Password for the owner (at least 10 characters): ");
  const again = await promptHidden("Again: ");
  if (first !== again) throw new CliError("The passwords do not match.", EXIT.usage);
  return first;
}

function printBootstrap(out: (text: string) => void, result: BootstrapResult): void {
  out(
    `Created the owner ${result.user.email} and the organization “${result.organization.name}” (${result.organization.slug}).`,
  );
  out("");
  out(
    `Organization key “${result.key.label}” (${result.key.id}), holding keys:manage, expires ${result.key.expiresAt.toISOString().slice(0, 10)}:`,
  );
  out(`  ${result.key.secret}`);
  out("");
  out("Store it now: it is shown this once. Then: keyplane login --url <this server's URL>");
}

const backup = async (ctx: Parameters<Command>[0], argv: string[]) => {
  const { positionals } = parse(argv, {});
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError("Usage: keyplane admin backup FILE");
  const url = installationUrl(ctx);
  const { backupDatabase } = await import("../admin/backup");
  let outcome;
  try {
    outcome = await backupDatabase(url, file);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  if (outcome.kind === "postgresql") {
    const how = 'On PostgreSQL, back up with pg_dump: pg_dump --format=custom --file FILE "$DATABASE_URL"';
    if (outcome.pgDump === null)
      throw new CliError(`${how}. pg_dump is not on the PATH: install the PostgreSQL client tools.`);
    throw new CliError(`${how} (found ${outcome.pgDump}). Keyplane made no backup itself.`);
  }
  ctx.output.out(`Backed up ${outcome.file} to ${file} (${outcome.pages} pages).`);
  ctx.output.out("Keep data/secrets.json (or AUTH_SECRET and KEYPLANE_ENCRYPTION_KEY) with it.");
  return EXIT.ok;
};

const copy = async (ctx: Parameters<Command>[0], argv: string[]) => {
  const { values, positionals } = parse(argv, { to: { type: "string" } });
  noPositionals(positionals);
  const to = required(values.to, "--to");
  const url = installationUrl(ctx);
  const { copyToPostgres, CopyError } = await import("../admin/copy");
  ctx.output.out("Copying the SQLite installation into the PostgreSQL database (one transaction)…");
  let result;
  try {
    result = await copyToPostgres(url, to, PROJECT_ROOT, (line) => ctx.output.out(line));
  } catch (error) {
    if (error instanceof CopyError) throw new CliError(error.message);
    throw error;
  }
  const rows = result.tables.reduce((sum, table) => sum + table.rows, 0);
  ctx.output.out(
    `Copied ${result.tables.length} tables, ${rows.toLocaleString("en-US")} rows, ` +
      `${result.organizations} organizations' audit chains intact, in ${result.seconds.toFixed(1)} s.`,
  );
  ctx.output.out("Next: set DATABASE_URL to the PostgreSQL URL and start Keyplane.");
  return EXIT.ok;
};

/** DATABASE_URL, or the default SQLite file of this project. */
function installationUrl(ctx: Parameters<Command>[0]): string {
  return ctx.env.DATABASE_URL || `file:${join(PROJECT_ROOT, "data", "keyplane.db")}`;
}
