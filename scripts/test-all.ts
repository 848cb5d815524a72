// `npm test`: every check and test suite, in the order a reviewer would run them, then one
// closing line with the counts ("Total: N passed, N failed, N skipped").
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureLocalSecrets } from "../lib/env/local-secrets.ts";
import { projectRoot } from "./lib/boot.ts";

type Counts = { passed: number; failed: number; skipped: number };
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];
const resultsDir = join(projectRoot, "test-results");

function run(step: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n━━ ${step}: ${[command, ...args].join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, ...env },
  });
  const ok = result.status === 0;
  console.log(`━━ ${step}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failedSteps.push(step);
  return ok;
}

function bin(name: string): string {
  return join(projectRoot, "node_modules", ".bin", name);
}

function addVitestCounts(file: string): void {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function addPlaywrightCounts(file: string): void {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
}

process.chdir(projectRoot);
process.env.NEXT_TELEMETRY_DISABLED = "1";
ensureLocalSecrets();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

run("lint", bin("eslint"), ["--max-warnings=0", "."]);
run("knip", bin("knip"), []);
run("typecheck", bin("tsc"), ["--noEmit"]);
run("format", bin("prettier"), ["--check", "."]);
run("schema sync", process.execPath, ["scripts/prisma-generate.mjs", "--check"]);

const vitestJson = join(resultsDir, "vitest.json");
if (!process.env.TEST_DATABASE_URL) {
  if (process.env.CI) {
    // CI must prove both databases: a missing PostgreSQL is a failure, never a silent skip.
    console.log("\nCI=true but TEST_DATABASE_URL is not set: the PostgreSQL integration tests cannot run.");
    failedSteps.push("PostgreSQL (TEST_DATABASE_URL unset under CI)");
  } else {
    console.log("\nTEST_DATABASE_URL is not set: integration tests run on SQLite only.");
  }
}
run("unit + integration", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
addVitestCounts(vitestJson);

if (!process.env.SKIP_E2E) {
  run("end-to-end (Chromium)", bin("playwright"), ["test"]);
  addPlaywrightCounts(join(resultsDir, "playwright.json"));
}

console.log("");
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join(", ")}`);
console.log(`Total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length > 0 || totals.failed > 0 ? 1 : 0);
