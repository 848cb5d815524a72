import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EnvError, parseEnv, setDatabaseUrl, type Env } from "../../lib/env/index.ts";
import { ensureLocalSecrets } from "../../lib/env/local-secrets.ts";
import { applyMigrations } from "../../lib/db/migrate/index.ts";
import { hasCurrentBuild, markBuildCurrent, sourceHash } from "./build-state.ts";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Secrets, environment and database, in that order; exits with one clear message on failure. */
export async function prepareRuntime(nodeEnv: "production" | "development"): Promise<Env> {
  process.chdir(projectRoot);
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  (process.env as Record<string, string>).NODE_ENV = nodeEnv;
  ensureLocalSecrets();
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    fail(error instanceof EnvError ? error.message : String(error));
  }
  setDatabaseUrl(env.DATABASE_URL);
  try {
    const applied = await applyMigrations(env.DATABASE_URL);
    if (applied.length > 0) console.log(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  } catch (error) {
    fail(`Could not migrate the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  return env;
}

export function buildIfNeeded(): void {
  if (hasCurrentBuild(projectRoot)) return;
  const hash = sourceHash(projectRoot);
  console.log("No current production build: building (about a minute)…");
  const result = spawnSync(
    process.execPath,
    [join(projectRoot, "node_modules/next/dist/bin/next"), "build"],
    {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) fail("next build failed (see above).");
  markBuildCurrent(projectRoot, hash);
}

export function fail(message: string): never {
  console.error(`keyplane: ${message}`);
  process.exit(1);
}
