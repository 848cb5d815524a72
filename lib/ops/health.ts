import { join } from "node:path";
import { dbProvider, getDb } from "@/lib/db";
import { migrationFolderNames } from "@/lib/db/migrate/migrations-dir";
import { errorMessage } from "./logger";
import type { VerifyRuntime } from "@/lib/verify/runtime";

// GET /readyz's checks (README, "Operating Keyplane"): the database answers, every migration in
// prisma/migrations/<provider>/ is applied, and the verify cache can be trusted: its runtime is up
// and, on PostgreSQL, it LISTENs for other instances' key changes. While shutting down it is not
// ready, so a load balancer stops sending before the server stops accepting.

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface ReadinessOptions {
  runtime: () => VerifyRuntime | null;
  shuttingDown: () => boolean;
  /** The project root holding prisma/migrations (the server's working directory by default). */
  root?: string;
}

export function createReadinessCheck(options: ReadinessOptions): () => Promise<Readiness> {
  const root = options.root ?? process.cwd();
  let expected: string[] | null = null;
  return async () => {
    if (options.shuttingDown()) return { ready: false, reason: "shutting down" };
    const provider = dbProvider();
    let applied: Set<string>;
    try {
      const rows = await getDb().$queryRawUnsafe<{ migration_name: string }[]>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
      );
      applied = new Set(rows.map((row) => row.migration_name));
    } catch (error) {
      return { ready: false, reason: `database unreachable: ${errorMessage(error)}` };
    }
    expected ??= migrationFolderNames(join(root, "prisma", "migrations", provider));
    const pending = expected.filter((name) => !applied.has(name));
    if (pending.length > 0) return { ready: false, reason: `migrations not applied: ${pending.join(", ")}` };
    const runtime = options.runtime();
    if (!runtime) return { ready: false, reason: "verify cache not started" };
    if (runtime.listener && !runtime.listener.isListening()) {
      return { ready: false, reason: "verify cache not primed: not listening for key changes" };
    }
    return { ready: true };
  };
}
