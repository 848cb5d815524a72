// The verify benchmark: Keyplane's production server (the same startHttpServer + verify fast path
// as `npm start`, Next.js loaded behind it) against a bare node:http + SHA-256 + Map baseline,
// driven by autocannon in a separate process (see load-worker.ts for why).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { getDb } from "../../lib/db/index.ts";
import { generateSecret } from "../../lib/keys/format.ts";
import { hashSecret, secretHint } from "../../lib/keys/hash.ts";
import { startHttpServer } from "../../lib/http/server.ts";
import { createVerifyFastPath } from "../../lib/verify/http.ts";
import { buildIfNeeded, prepareRuntime, projectRoot } from "../lib/boot.ts";
import { freePort, startBaselineServer, type RunningServer } from "./baseline.ts";
import { measureIpMatch } from "./ip-match.ts";
import { benchSummary, reportMachineLoad } from "./timing.ts";
import type { LoadJob, LoadResult, Scenario } from "./load-worker.ts";
import { DAY_MS } from "../../lib/time.ts";

const KEY_COUNT = 1_000;
const LIMITED_SCENARIO = "verify, valid keys with a rate limit (1,000 rotating)";
const CREDITS_SCENARIO = "verify, valid keys with credits (1,000 rotating)";
/** Every bench key is limited to these, so every verification runs the IP range matcher. */
const KEY_CIDRS = ["10.0.0.0/8", "192.168.0.0/16"];
const settings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
};
/**
 * The targets (issue 14), checked on the main scenario: ≥ 80 % of the baseline's requests per
 * second, and a p99 within 1 ms of the baseline's p99, measured in the same run.
 */
const TARGET = { ratio: 0.8, p99OverBaselineMs: 1 };

/** The running load generator, stopped if the bench exits early (an error, Ctrl-C, a failed build). */
let activeChild: ChildProcess | null = null;

interface Row {
  scenario: string;
  keyplane: Measured;
  baseline: Measured;
}

export async function runVerifyBench(): Promise<boolean> {
  const file = join(projectRoot, "data", `bench-verify-${process.pid}.db`);
  const removeDatabase = () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  };
  // prepareRuntime and buildIfNeeded exit the process on failure: clean up on any exit.
  const onExit = () => {
    activeChild?.kill();
    removeDatabase();
  };
  process.once("exit", onExit);
  process.env.DATABASE_URL = `file:${file}`;
  process.env.HOST = "127.0.0.1";
  process.env.PORT = String(await freePort());
  // The load workers stand for clients behind a proxy on loopback: their X-Forwarded-For is believed.
  process.env.KEYPLANE_TRUSTED_PROXIES = "loopback";

  const stops: (() => Promise<void>)[] = [];
  try {
    const env = await prepareRuntime("production");
    const secrets = await seedKeys(KEY_COUNT);
    // Keys that carry their own limits (README, "Rate limits, credits and metadata"): a rate limit
    // high enough never to refuse (the counting is what is measured), or a credit balance that
    // does not run out (one conditional UPDATE per verification).
    const limited = await seedKeys(KEY_COUNT, {
      ratelimits: [{ name: "requests", limit: 1_000_000_000, durationMs: DAY_MS, autoApply: true }],
    });
    const credited = await seedKeys(KEY_COUNT, { creditsRemaining: 1_000_000_000 });
    buildIfNeeded();

    const fastPath = createVerifyFastPath();
    const keyplane = await startHttpServer({
      dev: false,
      port: env.PORT,
      host: env.HOST,
      dir: projectRoot,
      trustedProxies: env.KEYPLANE_TRUSTED_PROXIES,
      fastPath,
    });
    stops.push(keyplane.close, fastPath.close);
    const baseline = await startBaselineServer(
      new Map([...secrets, ...limited, ...credited].map(({ hash, keyId }) => [hash, keyId])),
    );
    stops.push(baseline.close);
    const targets = { keyplane: { url: `http://127.0.0.1:${env.PORT}`, close: keyplane.close }, baseline };

    const valid = secrets.map(({ secret }) => secret);
    const validVerify: Scenario = { kind: "verify", secrets: valid };
    const scenarios: [string, Scenario][] = [
      ["verify, valid keys (1,000 rotating)", validVerify],
      ["verify, unknown keys, a new client IP each", { kind: "verify-unknown", sources: 0 }],
      ["verify, unknown keys, 4 client IPs (rate limited)", { kind: "verify-unknown", sources: 4 }],
      ["forward-auth, valid keys (1,000 rotating)", { kind: "forward-auth", secrets: valid }],
      [LIMITED_SCENARIO, { kind: "verify", secrets: limited.map(({ secret }) => secret) }],
      [CREDITS_SCENARIO, { kind: "verify", secrets: credited.map(({ secret }) => secret) }],
    ];
    console.log(
      `\nverify bench: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s per run, ` +
        `${KEY_COUNT} keys, autocannon in a child process`,
    );
    reportMachineLoad("before");
    // Settle first: right after start-up the process still compiles and collects Next.js's
    // start-up garbage, which would be billed to whichever run came first.
    await load(targets.keyplane, validVerify, settings.warmupSeconds);
    await load(targets.baseline, validVerify, settings.warmupSeconds);
    const rows: Row[] = [];
    for (const [name, scenario] of scenarios) {
      const row = {
        scenario: name,
        keyplane: await load(targets.keyplane, scenario),
        baseline: await load(targets.baseline, scenario),
      };
      console.log(`  done: ${name}`);
      rows.push(row);
    }
    printTable(rows);
    reportMachineLoad("after");
    const ipMatchMet = measureIpMatch(KEY_CIDRS, rows[0]?.keyplane.cpuMicrosPerRequest ?? 0);
    reportMetered(rows);
    return checkTargets(rows[0]) && ipMatchMet;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    await getDb()
      .$disconnect()
      .catch(() => undefined);
    removeDatabase();
    process.off("exit", onExit);
  }
}

/** One organization, one permission catalog, `count` keys with one secret each, written directly. */
async function seedKeys(
  count: number,
  usage: { ratelimits?: object[]; creditsRemaining?: number } = {},
): Promise<{ secret: string; hash: string; keyId: string }[]> {
  const db = getDb();
  const org = await db.organization.create({
    data: { name: "Bench", slug: `bench-${randomUUID().slice(0, 8)}` },
  });
  const permission = await db.permission.create({ data: { organizationId: org.id, name: "nodes:add" } });
  const expiresAt = new Date(Date.now() + 365 * DAY_MS);
  const keys = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    secret: generateSecret(),
    label: `bench-${i}`,
  }));
  await db.apiKey.createMany({
    data: keys.map((key) => ({
      id: key.id,
      organizationId: org.id,
      label: key.label,
      expiresAt,
      allowedCidrs: KEY_CIDRS,
      ...usage,
    })),
  });
  await db.keySecret.createMany({
    data: keys.map((key) => ({
      keyId: key.id,
      organizationId: org.id,
      slot: "primary",
      hash: hashSecret(key.secret),
      hint: secretHint(key.secret),
    })),
  });
  await db.keyPermission.createMany({
    data: keys.map((key) => ({ keyId: key.id, permissionId: permission.id })),
  });
  return keys.map((key) => ({ secret: key.secret, hash: hashSecret(key.secret), keyId: key.id }));
}

type Measured = LoadResult & { cpuMicrosPerRequest: number };

/**
 * Runs one load in a child process. Both servers live in this process and only the one under
 * load does anything, so this process's CPU time during the measured run, per request answered,
 * is the server's cost per request: unlike req/s, it barely moves when other work shares the
 * machine. (Warm-up is excluded: the worker says when the measured run starts.)
 */
function load(target: RunningServer, scenario: Scenario, seconds = settings.seconds): Promise<Measured> {
  const job: LoadJob = { url: target.url, ...settings, seconds, scenario };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(projectRoot, "scripts", "bench", "load-worker.ts")],
      { cwd: projectRoot, stdio: ["pipe", "pipe", "inherit"] },
    );
    activeChild = child;
    let pending = "";
    let cpuAtStart: NodeJS.CpuUsage | null = null;
    let measured: Measured | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
        const line = pending.slice(0, end).trim();
        pending = pending.slice(end + 1);
        if (line === "measuring") cpuAtStart = process.cpuUsage();
        else if (line.startsWith("{") && cpuAtStart) {
          const used = process.cpuUsage(cpuAtStart);
          const result = JSON.parse(line) as LoadResult;
          const perRequest = result.total > 0 ? (used.user + used.system) / result.total : 0;
          measured = { ...result, cpuMicrosPerRequest: perRequest };
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      activeChild = null;
      if (code === 0 && measured) resolve(measured);
      else reject(new Error(`load worker exited with ${code ?? "a signal"}`));
    });
    child.stdin.end(JSON.stringify(job));
  });
}

function printTable(rows: Row[]): void {
  const header = ["scenario", "server", "req/s", "p50 ms", "p99 ms", "CPU µs/req", "statuses", "vs baseline"];
  const lines: string[][] = [];
  for (const row of rows) {
    for (const [server, result] of [
      ["Keyplane", row.keyplane],
      ["baseline", row.baseline],
    ] as const) {
      lines.push([
        server === "Keyplane" ? row.scenario : "",
        server,
        Math.round(result.rps).toLocaleString("en-US"),
        result.p50.toFixed(2),
        result.p99.toFixed(2),
        result.cpuMicrosPerRequest.toFixed(1),
        statusSummary(result),
        server === "Keyplane" ? versus(row) : "",
      ]);
    }
  }
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => (line[i] ?? "").length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 && i <= 5 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ");
  console.log(`\n${format(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const line of lines) console.log(format(line));
}

/** Throughput as a share of the baseline's, and CPU per request as a multiple of it. */
function versus(row: Row): string {
  const throughput = Math.round((row.keyplane.rps / row.baseline.rps) * 100);
  const cpu = row.keyplane.cpuMicrosPerRequest / row.baseline.cpuMicrosPerRequest;
  return `${throughput} % req/s, ${cpu.toFixed(1)}× CPU`;
}

function statusSummary(result: LoadResult): string {
  const parts = Object.entries(result.statuses).map(([status, count]) => `${status}:${count}`);
  if (result.errors > 0) parts.push(`errors:${result.errors}`);
  if (result.timeouts > 0) parts.push(`timeouts:${result.timeouts}`);
  return parts.join(" ");
}

/**
 * Keys with limits or credits, on their own lines. A rate limit costs a Map update on this
 * instance (with Redis, a round trip); credits cost a conditional UPDATE, shared by the
 * verifications that arrive while one is in flight (lib/verify/credits.ts), so they are bounded by
 * the database's write rate rather than by the cache.
 */
function reportMetered(rows: Row[]): void {
  const scenarios = [
    { scenario: LIMITED_SCENARIO, name: "rate-limited key", target: "none; for comparison" },
    { scenario: CREDITS_SCENARIO, name: "credits key", target: "none; grouped database writes" },
  ];
  for (const { scenario, name, target } of scenarios) {
    const row = rows.find((candidate) => candidate.scenario === scenario);
    if (!row) continue;
    benchSummary("verify", `${name} req/s`, row.keyplane.rps.toFixed(0), "req/s", target);
    benchSummary("verify", `${name} p99`, row.keyplane.p99.toFixed(2), "ms", target);
  }
}

function checkTargets(main: Row | undefined): boolean {
  if (!main) return false;
  const ratio = main.keyplane.rps / main.baseline.rps;
  const p99Over = main.keyplane.p99 - main.baseline.p99;
  const ok = ratio >= TARGET.ratio && p99Over <= TARGET.p99OverBaselineMs;
  console.log(
    `\ntarget (valid-key verify): ≥ ${TARGET.ratio * 100} % of baseline and p99 ≤ baseline's + ${TARGET.p99OverBaselineMs} ms → ` +
      `${Math.round(ratio * 100)} %, p99 ${main.keyplane.p99.toFixed(2)} ms vs ${main.baseline.p99.toFixed(2)} ms: ${ok ? "met" : "NOT met"}`,
  );
  const lines: [measure: string, value: string, unit: string, target: string][] = [
    ["valid key req/s", main.keyplane.rps.toFixed(0), "req/s", `≥ ${TARGET.ratio * 100} % of baseline`],
    ["valid key share of baseline", (ratio * 100).toFixed(0), "%", `≥ ${TARGET.ratio * 100} %`],
    ["valid key p99", main.keyplane.p99.toFixed(2), "ms", "none (reported)"],
    ["valid key p99 over baseline", p99Over.toFixed(2), "ms", `≤ ${TARGET.p99OverBaselineMs} ms`],
  ];
  for (const [measure, value, unit, target] of lines) benchSummary("verify", measure, value, unit, target);
  return ok;
}
