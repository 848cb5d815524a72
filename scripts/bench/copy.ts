// The copy benchmark: `keyplane admin copy` of a SQLite installation with 100,000 audit entries
// (seeded as the audit benchmark does) into a fresh PostgreSQL database made beside
// TEST_DATABASE_URL (or BENCH_DATABASE_URL), which it drops afterwards. Without either it says so
// and measures nothing. `npx tsx scripts/bench/copy.ts` runs it alone.
// Settings: BENCH_COPY_ENTRIES (100000). Target: 100,000 entries ≤ 20 s, chain check included.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { copyToPostgres } from "../../cli/admin/copy.ts";
import { applyMigrations } from "../../lib/db/migrate/index.ts";
import { seedAuditOrganization } from "./audit.ts";
import { benchSummary, reportMachineLoad, runWhenStarted, withBenchDatabase } from "./timing.ts";

const TARGET_S_PER_100K = 20;

export async function runCopyBench(
  entries = Number(process.env.BENCH_COPY_ENTRIES ?? 100_000),
): Promise<boolean> {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base?.startsWith("postgres")) {
    console.log(
      "copy bench: skipped, it needs TEST_DATABASE_URL (a PostgreSQL database to create its own beside).",
    );
    return true;
  }
  return withBenchDatabase("copy", async (file) => {
    seedAuditOrganization(file, "bench", entries, 1);
    const name = `keyplane_bench_copy_${randomBytes(4).toString("hex")}`;
    const url = new URL(base);
    url.pathname = `/${name}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      await applyMigrations(url.toString());
      reportMachineLoad("before the copy");
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await copyToPostgres(`file:${file}`, url.toString(), process.cwd(), (line) =>
        console.log(line),
      );
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const target = (TARGET_S_PER_100K * entries) / 100_000;
      const rows = result.tables.reduce((sum, table) => sum + table.rows, 0);
      console.log(
        `copy bench: ${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s ` +
          `(this process ${((used.user + used.system) / 1e6).toFixed(1)} s CPU; PostgreSQL's own is not counted)`,
      );
      benchSummary(
        "copy",
        `${entries.toLocaleString("en-US")} audit entries`,
        seconds.toFixed(1),
        "s",
        `≤ ${target} s`,
      );
      return seconds <= target;
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
}

runWhenStarted(import.meta.url, "copy", () => runCopyBench());
