// `npm run bench [section…]`: Keyplane's benchmarks. Each section lives in scripts/bench/<name>.ts,
// prepares its own throwaway data, starts what it measures, stops it, and returns whether its
// targets were met (printed; a benchmark on a shared machine is too noisy to fail a build, so
// only an error makes the exit code non-zero). With no argument every section runs;
// `npm run bench -- verify` runs one.
// Settings: BENCH_CONNECTIONS (50), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3) for verify;
// BENCH_AUDIT_ENTRIES (100000), BENCH_AUDIT_RUNS (7) for audit; BENCH_KEYS (100000), BENCH_KEYS_RUNS (7)
// for keys; BENCH_COPY_ENTRIES (100000) for copy, which needs TEST_DATABASE_URL (PostgreSQL).
import { runAuditBench } from "./bench/audit.ts";
import { runCopyBench } from "./bench/copy.ts";
import { runKeysBench } from "./bench/keys.ts";
import { runVerifyBench } from "./bench/verify.ts";

const sections: Record<string, () => Promise<boolean>> = {
  verify: runVerifyBench,
  audit: () => runAuditBench(),
  keys: () => runKeysBench(),
  copy: () => runCopyBench(),
};

// Ctrl-C or a kill: exit through process.exit so the sections' exit hooks stop their children
// and delete their throwaway databases.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(
    `Unknown bench section(s): ${unknown.join(", ")}. Known: ${Object.keys(sections).join(", ")}.`,
  );
  process.exit(2);
}

let failed = false;
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const run = sections[name];
  if (!run) continue;
  try {
    const met = await run();
    console.log(`bench ${name}: targets ${met ? "met" : "not met"}`);
  } catch (error) {
    console.error(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    failed = true;
  }
}
// Everything a section started is stopped by then; exiting explicitly also ends anything a
// library left behind (Next.js keeps timers), so the command always returns.
process.exit(failed ? 1 : 0);
