// Shared by the database benchmarks (audit, keys): medians over several runs after a warm-up,
// printed as one table with each query's target, and a throwaway migrated SQLite database.
import { rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { getDb } from "../../lib/db/index.ts";
import { applyMigrations } from "../../lib/db/migrate/index.ts";

/** `target` in ms; null for a figure that is reported for comparison only. */
export type Measure = { name: string; target: number | null; run: () => Promise<unknown> };
export type Result = {
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  targetMs: number | null;
  met: boolean;
};

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function measure({ name, target, run }: Measure, runs: number): Promise<Result> {
  await run(); // warm-up: statement cache, page cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await time(run));
  samples.sort((a, b) => a - b);
  const medianMs = samples[Math.floor(samples.length / 2)] ?? Number.NaN;
  return {
    name,
    medianMs,
    minMs: samples[0] ?? Number.NaN,
    maxMs: samples[samples.length - 1] ?? Number.NaN,
    targetMs: target,
    met: target === null || medianMs <= target,
  };
}

/**
 * The line a script reads from every bench section (README, "Tests"):
 * `bench <section> <measure>: <value> <unit> (target <target>)`.
 */
export function benchSummary(
  section: string,
  measure: string,
  value: string,
  unit: string,
  target: string,
): void {
  console.log(`bench ${section} ${measure}: ${value} ${unit} (target ${target})`);
}

/** Timings mean little when other processes compete for the cores; say so. */
export function reportMachineLoad(when: string): void {
  const [oneMinute = 0] = loadavg();
  const cores = availableParallelism();
  const busy =
    oneMinute > cores ? " — other work is competing for the CPU: compare CPU µs/req, not req/s" : "";
  console.log(`load average ${when}: ${oneMinute.toFixed(1)} on ${cores} cores${busy}\n`);
}

/** The table for a reader, then one summary line per query (its median). */
export function printTable(section: string, results: Result[]): void {
  reportMachineLoad("at the end");
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`${"query".padEnd(width)}  median      min      max   target`);
  for (const r of results) {
    const cells = [r.medianMs, r.minMs, r.maxMs].map((ms) => `${ms.toFixed(1).padStart(7)}ms`).join(" ");
    const target = r.targetMs === null ? "—" : `≤${r.targetMs}ms ${r.met ? "✓" : "✗"}`;
    console.log(`${r.name.padEnd(width)} ${cells}  ${target}`);
  }
  for (const r of results) {
    const target = r.targetMs === null ? "none (reported)" : `≤ ${r.targetMs} ms`;
    benchSummary(section, r.name, r.medianMs.toFixed(1), "ms", target);
  }
}

/**
 * Runs `work` with DATABASE_URL pointing at a fresh migrated SQLite file (given to `work`), then
 * disconnects, deletes the file and restores DATABASE_URL, also when `work` fails.
 */
export async function withBenchDatabase<T>(name: string, work: (file: string) => Promise<T>): Promise<T> {
  const file = join(tmpdir(), `keyplane-bench-${name}-${process.pid}.db`);
  const removeDatabase = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  process.once("exit", removeDatabase);
  const previousUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${file}`;
  try {
    await applyMigrations(process.env.DATABASE_URL);
    return await work(file);
  } finally {
    await getDb().$disconnect();
    removeDatabase();
    if (previousUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previousUrl;
  }
}

/**
 * `npx tsx scripts/bench/<section>.ts`: runs that section alone when it is the file Node started
 * (`moduleUrl` is its import.meta.url); scripts/bench.ts imports it without running it.
 */
export function runWhenStarted(moduleUrl: string, section: string, run: () => Promise<boolean>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  run()
    .then((met) => {
      console.log(`bench ${section}: targets ${met ? "met" : "not met"}`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`bench ${section} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
